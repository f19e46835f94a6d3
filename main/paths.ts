/**
 * Where data lives: the OS user-data folder, the same one Electron's `app.getPath('userData')`
 * gives for this product name, so the desktop app, browser mode and the CLI open one file.
 * `--data-dir DIR` overrides it everywhere.
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Pishkhan';
export const DATABASE_FILE = 'pishkhan.sqlite';

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

/** `--data-dir DIR` from an argument list, resolved against the working directory. */
export function dataDirFromArgs(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--data-dir') {
      const value = args[i + 1];
      return value ? path.resolve(value) : null;
    }
    if (arg.startsWith('--data-dir=')) return path.resolve(arg.slice('--data-dir='.length));
  }
  return null;
}
