import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BINDING_ENV,
  BUILD_OUTPUTS,
  PROBE_MARKER,
  ROOT,
  decideBuild,
  electronArgs,
  electronEnv,
  fallbackExplanation,
  isNativeBuildCurrent,
  nativeBindingPath,
  nativeDir,
  newestSourceFile,
  parseElectronProbe,
  parseLauncherArgs,
} from '../../main/launcher';

const temp: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-launcher-'));
  temp.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temp) fs.rmSync(dir, { recursive: true, force: true });
});

describe('arguments', () => {
  it('takes --web for itself and passes everything else on, in order', () => {
    expect(parseLauncherArgs(['--web', '--data-dir', 'D', '--port', '0'])).toEqual({
      web: true,
      appArgs: ['--data-dir', 'D', '--port', '0'],
    });
    expect(parseLauncherArgs(['--data-dir=D'])).toEqual({ web: false, appArgs: ['--data-dir=D'] });
    expect(parseLauncherArgs([])).toEqual({ web: false, appArgs: [] });
  });

  it('starts Electron on the app folder (its package.json names out/main/shell.js) with the app arguments', () => {
    expect(electronArgs('/repo', ['--data-dir', '/tmp/x'])).toEqual(['/repo', '--data-dir', '/tmp/x']);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/shell.js');
  });

  it('gives Electron the binding path and never runs it as plain Node', () => {
    const env = electronEnv({ PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' }, '/n/better_sqlite3.node');
    expect(env).toEqual({ PATH: '/bin', [BINDING_ENV]: '/n/better_sqlite3.node' });
  });
});

describe('build staleness', () => {
  it('builds when any output is missing', () => {
    expect(decideBuild([1, null, 3], null)).toEqual({ build: true, reason: 'out/ is missing' });
    expect(decideBuild([], null)).toMatchObject({ build: true });
  });

  it('builds when a source is newer than the oldest output, not otherwise', () => {
    expect(decideBuild([100, 200], { file: 'main/app.ts', mtimeMs: 150 })).toEqual({
      build: true,
      reason: 'main/app.ts changed since the last build',
    });
    expect(decideBuild([100, 200], { file: 'main/app.ts', mtimeMs: 100 })).toEqual({ build: false });
    expect(decideBuild([100, 200], null)).toEqual({ build: false });
  });

  it('finds the newest source file under the source folders, ignoring dot folders and node_modules', () => {
    const root = tempDir();
    const write = (rel: string, seconds: number) => {
      const file = path.join(root, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
      fs.utimesSync(file, seconds, seconds);
    };
    write('main/a.ts', 1000);
    write('renderer/features/x/Page.tsx', 3000);
    write('shared/b.ts', 2000);
    write('main/node_modules/c.js', 9000);
    write('db/.cache/d', 9000);
    write('tests/e.test.ts', 9000);
    expect(newestSourceFile(root)).toEqual({
      file: path.join('renderer', 'features', 'x', 'Page.tsx'),
      mtimeMs: 3_000_000,
    });
    write('package.json', 4000);
    expect(newestSourceFile(root)?.file).toBe('package.json');
  });

  it('expects the outputs electron-vite writes', () => {
    expect(BUILD_OUTPUTS).toContain('out/main/shell.js');
    expect(BUILD_OUTPUTS).toContain('out/preload/preload.cjs');
    expect(BUILD_OUTPUTS).toContain('out/renderer/index.html');
  });
});

describe('Electron probe result', () => {
  const marker = (value: unknown) => `Downloading Electron binary...\n${PROBE_MARKER}${JSON.stringify(value)}\n`;

  it('reads the binary path', () => {
    expect(
      parseElectronProbe({
        stdout: marker({ ok: true, path: '/e/electron' }),
        stderr: '',
        exitCode: 0,
        timedOut: false,
      }),
    ).toEqual({ ok: true, path: '/e/electron' });
  });

  it('turns a failed download into one line with the underlying error', () => {
    const probe = parseElectronProbe({
      stdout: marker({
        ok: false,
        reason:
          'Electron failed to install correctly. Please delete `node_modules/electron` and run "npx install-electron --no" manually.',
      }),
      stderr: 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n',
      exitCode: 0,
      timedOut: false,
    });
    expect(probe).toEqual({
      ok: false,
      reason: 'the binary is not installed and downloading it failed (TypeError: fetch failed)',
    });
  });

  it('reports a missing binary, a timeout, a crash and garbage', () => {
    expect(
      parseElectronProbe({
        stdout: marker({ ok: false, reason: 'the binary is missing at /x/electron' }),
        stderr: '',
        exitCode: 0,
        timedOut: false,
      }),
    ).toEqual({ ok: false, reason: 'the binary is missing at /x/electron' });
    expect(parseElectronProbe({ stdout: '', stderr: '', exitCode: null, timedOut: true, timeoutMs: 30_000 })).toEqual({
      ok: false,
      reason: 'looking for (or downloading) Electron took longer than 30 s',
    });
    expect(parseElectronProbe({ stdout: '', stderr: 'Segmentation fault\n', exitCode: 139, timedOut: false })).toEqual({
      ok: false,
      reason: 'Segmentation fault',
    });
    expect(parseElectronProbe({ stdout: `${PROBE_MARKER}{oops`, stderr: '', exitCode: 0, timedOut: false })).toEqual({
      ok: false,
      reason: 'the check exited with code 0',
    });
    expect(
      parseElectronProbe({ stdout: marker({ ok: true, path: 42 }), stderr: '', exitCode: 0, timedOut: false }).ok,
    ).toBe(false);
  });

  it('explains the fallback in three lines with the reason on its own line', () => {
    const lines = fallbackExplanation('downloading it failed');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('desktop window is unavailable');
    expect(lines[1]).toBe('  Reason: downloading it failed');
    expect(lines[2]).toContain('browser mode');
  });
});

describe('Electron build of better-sqlite3', () => {
  const stamp = { electronVersion: '45.4.1', betterSqlite3Version: '12.11.1', platform: 'win32', arch: 'x64' };

  it('lives in its own folder per Electron version, platform and architecture', () => {
    const dir = nativeDir('/repo', stamp);
    expect(dir).toBe(path.join('/repo', '.electron-native', '45.4.1-win32-x64'));
    expect(nativeBindingPath(dir)).toBe(
      path.join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    );
    expect(nativeBindingPath(dir)).not.toContain(path.join(ROOT, 'node_modules'));
  });

  it('is rebuilt only when Electron, better-sqlite3, platform or arch changed', () => {
    expect(isNativeBuildCurrent({ ...stamp }, stamp)).toBe(true);
    expect(isNativeBuildCurrent({ ...stamp, electronVersion: '46.0.0' }, stamp)).toBe(false);
    expect(isNativeBuildCurrent({ ...stamp, betterSqlite3Version: '12.12.0' }, stamp)).toBe(false);
    expect(isNativeBuildCurrent({ ...stamp, arch: 'arm64' }, stamp)).toBe(false);
    expect(isNativeBuildCurrent(null, stamp)).toBe(false);
    expect(isNativeBuildCurrent('45.4.1', stamp)).toBe(false);
  });
});

describe('npm start without Electron', () => {
  it('explains, then serves the window in browser mode on the given data folder', async () => {
    const dataDir = tempDir();
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Do not rebuild out/ under other running tests; `npm test` builds first.
    if (BUILD_OUTPUTS.every((file) => fs.existsSync(path.join(ROOT, file)))) env.PISHKHAN_SKIP_BUILD = '1';
    // Electron's own override points at a folder without a binary: Electron is unavailable here
    // whether or not it could be downloaded, and nothing is fetched.
    env.ELECTRON_OVERRIDE_DIST_PATH = path.join(dataDir, 'no-electron');
    // What `npx tsx main/launcher.ts` runs, without npx's .cmd shim on Windows.
    const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const child = spawn(process.execPath, [tsx, 'main/launcher.ts', '--data-dir', dataDir], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let output = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address within 60 s; output:\n${output}`)), 60_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Pishkhan is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`launcher exited with ${String(code)}; output:\n${output}`));
        });
      });
      expect(output).toContain("The desktop window is unavailable: Electron's binary could not be obtained.");
      expect(output).toMatch(/ {2}Reason: \S/);
      expect(output).toContain('Starting browser mode instead');
      // No stack trace, just the explanation.
      expect(output).not.toMatch(/\n\s+at .*:\d+:\d+/);

      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const token = new URL(url).searchParams.get('token') ?? '';
      const info = (await (
        await fetch(new URL('/rpc', url), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ method: 'app.info', input: {} }),
        })
      ).json()) as { ok: boolean; value: { dataDir: string } };
      expect(info).toMatchObject({ ok: true, value: { dataDir } });
      expect(fs.existsSync(path.join(dataDir, 'pishkhan.sqlite'))).toBe(true);
    } finally {
      if (child.pid !== undefined && child.exitCode === null) {
        // tsx → node: stop the whole tree this test started.
        if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F']);
        else process.kill(-child.pid, 'SIGTERM');
      }
    }
  }, 90_000);
});
