/**
 * What the backup handlers need beyond the handler context: the running app (a restore swaps its
 * data file) and the shell's ports — native dialogs and the OS secret store. The desktop shell
 * and the browser-mode host attach these when they start the automatic-backup scheduler; the
 * core never imports Electron.
 */
import type { App } from '../app';
import type { HandlerContext } from '../rpc/handler.types';
import { DAY_MS } from '../../shared/backup/backup.schema';
import { AppError } from '../../shared/errors';
import { lastSuccessAt, readSealedPassphrase, readSettings, runBackup } from './backup.service';
import type { BackupHistoryEntry, BackupTrigger } from '../../shared/backup/backup.schema';

/** Native open dialogs (Electron `dialog.showOpenDialogSync`); none in browser mode or the CLI. */
export interface DialogPort {
  pickFolder(): string | null;
  pickFile(): string | null;
}

/**
 * Seals a secret with the OS (Electron `safeStorage`: DPAPI, Keychain, libsecret). The sealed
 * text can be stored; only this user on this machine can open it. None outside the desktop app.
 */
export interface SecretSealer {
  seal(secret: string): string;
  open(sealed: string): string;
}

export interface BackupPorts {
  dialogs?: DialogPort | null;
  sealer?: SecretSealer | null;
}

export interface BackupRuntime {
  app: App;
  ports: BackupPorts;
}

const runtimes = new Map<string, BackupRuntime>();

export function attachBackups(app: App, ports: BackupPorts = {}): () => void {
  const key = app.info.databaseFile;
  runtimes.set(key, { app, ports });
  return () => {
    if (runtimes.get(key)?.app === app) runtimes.delete(key);
  };
}

export function runtimeFor(ctx: HandlerContext): BackupRuntime | null {
  return runtimes.get(ctx.info.databaseFile) ?? null;
}

/** The passphrase for automatic backups: opened from its sealed form, or a clear refusal. */
export function automaticPassphrase(app: App, ports: BackupPorts): string | null {
  const settings = readSettings(app.db);
  if (!settings.encryptAutomatic) return null;
  const sealed = readSealedPassphrase(app.db);
  if (!ports.sealer || !sealed) {
    throw AppError.validation([{ field: 'passphrase', code: 'secret_storage_unavailable' }]);
  }
  return ports.sealer.open(sealed);
}

/** One automatic backup with the saved settings; failures are recorded in the history. */
export function automaticBackup(
  app: App,
  ports: BackupPorts,
  trigger: BackupTrigger,
  now: () => number = Date.now,
): BackupHistoryEntry | null {
  const settings = readSettings(app.db);
  if (!settings.automatic || !settings.folder) return null;
  try {
    return runBackup(app.db, app.info, {
      folder: settings.folder,
      // Resolved inside the run, so a refusal is recorded; never a silent unencrypted fallback.
      passphrase: () => automaticPassphrase(app, ports),
      encrypted: settings.encryptAutomatic,
      compress: settings.compress,
      trigger,
      keepDaily: settings.keepDaily,
      keepWeekly: settings.keepWeekly,
      now,
    });
  } catch {
    return null;
  }
}

export interface BackupScheduler {
  /** Backs up when automatic backups are on and the last good one is older than a day. */
  check(): BackupHistoryEntry | null;
  /** The same, on quit. */
  beforeQuit(): BackupHistoryEntry | null;
  stop(): void;
}

export const BACKUP_CHECK_MS = 10 * 60 * 1000;
/** After a failed attempt, wait this long before the next automatic one. */
const RETRY_MS = 60 * 60 * 1000;

export function startBackupScheduler(
  app: App,
  ports: BackupPorts = {},
  options: { intervalMs?: number; now?: () => number } = {},
): BackupScheduler {
  const detach = attachBackups(app, ports);
  const now = options.now ?? Date.now;
  let lastAttempt = 0;
  const due = (): boolean => {
    const last = lastSuccessAt(app.db);
    return last === null || now() - Date.parse(last) >= DAY_MS;
  };
  const attempt = (trigger: BackupTrigger, force: boolean): BackupHistoryEntry | null => {
    if (!due() || (!force && now() - lastAttempt < RETRY_MS)) return null;
    const settings = readSettings(app.db);
    if (!settings.automatic || !settings.folder) return null;
    lastAttempt = now();
    return automaticBackup(app, ports, trigger, now);
  };
  const timer = setInterval(() => attempt('automatic', false), options.intervalMs ?? BACKUP_CHECK_MS);
  timer.unref();
  return {
    check: () => attempt('automatic', false),
    beforeQuit: () => attempt('quit', true),
    stop() {
      clearInterval(timer);
      detach();
    },
  };
}
