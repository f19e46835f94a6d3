/** Backup and restore methods; spread into the one contract in shared/contract.ts. */
import { method, none } from '../contract-kit';
import {
  backupFolderSchema,
  backupRestoreSchema,
  backupRunSchema,
  backupSettingsPatchSchema,
  type BackupFileInfo,
  type BackupHistoryEntry,
  type BackupStatus,
  type RestoreResult,
} from './backup.schema';

export const backupContract = {
  'backup.status': method<BackupStatus>()(none),
  'backup.updateSettings': method<BackupStatus>()(backupSettingsPatchSchema),
  /** Checks a typed folder: resolved, exists, is a folder, writable; returns the resolved path. */
  'backup.checkFolder': method<{ folder: string }>()(backupFolderSchema),
  'backup.run': method<BackupHistoryEntry>()(backupRunSchema),
  'backup.list': method<BackupFileInfo[]>()(backupFolderSchema),
  'backup.restore': method<RestoreResult>()(backupRestoreSchema),
  /** Native dialogs (desktop only); `null` when cancelled or when there are none (browser mode). */
  'backup.pickFolder': method<{ path: string | null }>()(none),
  'backup.pickFile': method<{ path: string | null }>()(none),
} as const;
