/** Backup methods of the contract. Restore and the native dialogs need the attached runtime. */
import type { BackupSettings, BackupStatus } from '../../shared/backup/backup.schema';
import { AppError } from '../../shared/errors';
import type { HandlerContext, HandlerGroup } from '../rpc/handler.types';
import { runtimeFor } from './backup.runtime';
import {
  checkFolder,
  checkPassphraseStrength,
  lastSuccessAt,
  listBackups,
  listHistory,
  readSealedPassphrase,
  readSettings,
  restoreBackup,
  runBackup,
  writeSealedPassphrase,
  writeSettings,
} from './backup.service';

function status(ctx: HandlerContext): BackupStatus {
  const runtime = runtimeFor(ctx);
  return {
    settings: readSettings(ctx.db),
    capabilities: {
      nativeDialogs: Boolean(runtime?.ports.dialogs),
      secretStorage: Boolean(runtime?.ports.sealer),
      passphraseStored: readSealedPassphrase(ctx.db) !== null,
    },
    history: listHistory(ctx.db),
    lastSuccessAt: lastSuccessAt(ctx.db),
  };
}

export const backupHandlers: HandlerGroup<
  | 'backup.status'
  | 'backup.updateSettings'
  | 'backup.checkFolder'
  | 'backup.run'
  | 'backup.list'
  | 'backup.restore'
  | 'backup.pickFolder'
  | 'backup.pickFile'
> = {
  'backup.status': (_input, ctx) => status(ctx),

  'backup.updateSettings': (input, ctx) => {
    const current = readSettings(ctx.db);
    const next: BackupSettings = { ...current };
    if (input.folder !== undefined) next.folder = input.folder === null ? null : checkFolder(input.folder);
    if (input.automatic !== undefined) next.automatic = input.automatic;
    if (input.keepDaily !== undefined) next.keepDaily = input.keepDaily;
    if (input.keepWeekly !== undefined) next.keepWeekly = input.keepWeekly;
    if (input.compress !== undefined) next.compress = input.compress;
    let sealed: string | null | undefined;
    if (input.encryptAutomatic === true) {
      const sealer = runtimeFor(ctx)?.ports.sealer;
      // Without the OS secret store the passphrase would have to be kept in clear: refuse.
      if (!sealer) throw AppError.validation([{ field: 'encryptAutomatic', code: 'secret_storage_unavailable' }]);
      if (input.passphrase !== undefined) {
        checkPassphraseStrength(input.passphrase);
        sealed = sealer.seal(input.passphrase);
      } else if (readSealedPassphrase(ctx.db) === null) {
        throw AppError.validation([{ field: 'passphrase', code: 'passphrase_required' }]);
      }
      next.encryptAutomatic = true;
    } else if (input.encryptAutomatic === false) {
      next.encryptAutomatic = false;
      sealed = null;
    }
    ctx.db.transaction(() => {
      writeSettings(ctx.db, next);
      if (sealed !== undefined) writeSealedPassphrase(ctx.db, sealed);
    });
    return status(ctx);
  },

  'backup.checkFolder': (input) => ({ folder: checkFolder(input.folder) }),

  'backup.run': (input, ctx) => {
    const settings = readSettings(ctx.db);
    return runBackup(ctx.db, ctx.info, {
      folder: input.folder ?? settings.folder,
      passphrase: input.passphrase ?? null,
      compress: input.compress ?? settings.compress,
      trigger: 'manual',
      keepDaily: settings.keepDaily,
      keepWeekly: settings.keepWeekly,
      now: ctx.now,
    });
  },

  'backup.list': (input) => listBackups(input.folder),

  'backup.restore': (input, ctx) => {
    const runtime = runtimeFor(ctx);
    if (!runtime) throw new AppError('internal', { params: { detail: 'restore is not available in this host' } });
    return restoreBackup(runtime.app, input.file, input.passphrase || undefined, { trigger: 'manual', now: ctx.now });
  },

  'backup.pickFolder': (_input, ctx) => ({ path: runtimeFor(ctx)?.ports.dialogs?.pickFolder() ?? null }),
  'backup.pickFile': (_input, ctx) => ({ path: runtimeFor(ctx)?.ports.dialogs?.pickFile() ?? null }),
};
