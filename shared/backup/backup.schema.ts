/**
 * Backups: settings, history entries and the shapes the window and the CLI see. Plain data; the
 * file format and the work live in main/backup.
 */
import { z } from 'zod';
import type { RpcErrorPayload } from '../errors';

export const BACKUP_EXTENSION = '.pishkhan-backup';
/** Final backup names: `pishkhan-20261122-093000Z-<6 hex>.pishkhan-backup`. Nothing else is ours. */
export const BACKUP_NAME_PATTERN = /^pishkhan-(\d{8})-(\d{6})Z-([0-9a-f]{6})\.pishkhan-backup$/;

export const MIN_PASSPHRASE = 8;
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupSettings {
  /** The folder backups go to; null until the user picks one. */
  folder: string | null;
  /** Daily while the app runs, and on quit when the last backup is older than a day. */
  automatic: boolean;
  keepDaily: number;
  keepWeekly: number;
  compress: boolean;
  /** Automatic backups are encrypted with a passphrase kept sealed by the OS (Electron safeStorage). */
  encryptAutomatic: boolean;
}

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = {
  folder: null,
  automatic: true,
  keepDaily: 7,
  keepWeekly: 4,
  compress: true,
  encryptAutomatic: false,
};

// The minimum length is checked by main/backup, so a refused passphrase is never echoed back.
const passphrase = z.string().max(1_000, { error: 'too_long' });
const folder = z.string().trim().min(1, { error: 'required' }).max(4_000, { error: 'too_long' });

export const backupSettingsPatchSchema = z
  .object({
    folder: folder.nullable().optional(),
    automatic: z.boolean({ error: 'invalid' }).optional(),
    keepDaily: z
      .number()
      .int({ error: 'invalid' })
      .min(1, { error: 'invalid' })
      .max(365, { error: 'too_big' })
      .optional(),
    keepWeekly: z
      .number()
      .int({ error: 'invalid' })
      .min(0, { error: 'invalid' })
      .max(520, { error: 'too_big' })
      .optional(),
    compress: z.boolean({ error: 'invalid' }).optional(),
    encryptAutomatic: z.boolean({ error: 'invalid' }).optional(),
    /** With `encryptAutomatic`: sealed by the OS and never stored in clear. */
    passphrase: passphrase.optional(),
  })
  .strict();
export type BackupSettingsPatch = z.input<typeof backupSettingsPatchSchema>;

export const backupRunSchema = z
  .object({
    /** Defaults to the folder in the settings. */
    folder: folder.optional(),
    passphrase: passphrase.optional(),
    compress: z.boolean({ error: 'invalid' }).optional(),
  })
  .strict();

export const backupRestoreSchema = z
  .object({
    file: z.string().trim().min(1, { error: 'required' }).max(4_000, { error: 'too_long' }),
    passphrase: z.string().max(1_000, { error: 'too_long' }).optional(),
  })
  .strict();

export const backupFolderSchema = z.object({ folder }).strict();

export type BackupTrigger = 'manual' | 'automatic' | 'quit' | 'cli';

export interface BackupHistoryEntry {
  id: string;
  kind: 'backup' | 'restore';
  trigger: BackupTrigger;
  startedAt: string;
  finishedAt: string;
  result: 'ok' | 'failed';
  file: string | null;
  folder: string | null;
  size: number | null;
  encrypted: boolean;
  compressed: boolean;
  error: RpcErrorPayload | null;
}

/** A backup file found in a folder (its header read; the contents are checked on restore). */
export interface BackupFileInfo {
  file: string;
  name: string;
  size: number;
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
  deviceId: string;
  encrypted: boolean;
  compressed: boolean;
  /** The header could not be read: not a backup, or damaged. */
  readable: boolean;
}

export interface BackupCapabilities {
  /** The desktop shell can show native folder and file dialogs. */
  nativeDialogs: boolean;
  /** The OS can seal a passphrase for automatic encrypted backups (Electron safeStorage). */
  secretStorage: boolean;
  /** A passphrase for automatic backups is stored (sealed). */
  passphraseStored: boolean;
}

export interface BackupStatus {
  settings: BackupSettings;
  capabilities: BackupCapabilities;
  history: BackupHistoryEntry[];
  lastSuccessAt: string | null;
}

export interface RestoreResult {
  file: string;
  safetyCopy: string;
  deviceId: string;
  schemaVersion: number;
}
