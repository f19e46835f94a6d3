/**
 * `pishkhan backup --to DIR [--passphrase-env VAR] [--no-compress]`, `pishkhan restore FILE
 * [--passphrase-env VAR]`, `pishkhan backups list --dir DIR`. Passphrases come from an
 * environment variable, never from the command line (which other users can see in `ps`).
 */
import fs from 'node:fs';
import type { CommandModule } from '../cli';
import { CliError, describeRpcError, parse, type CliIo } from '../cli-kit';
import { AppError } from '../../shared/errors';
import type { App } from '../app';
import { listBackups, readSettings, restoreBackup, runBackup } from './backup.service';

const USAGE = `  backup --to DIR [--passphrase-env VAR] [--no-compress]
                                           back up the data file into DIR (encrypted with the
                                           passphrase in the environment variable VAR)
  restore FILE [--passphrase-env VAR]      check a backup, keep a safety copy, restore it
  backups list --dir DIR                   backups in DIR, newest first
`;

function passphraseFrom(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const name = String(value);
  const secret = process.env[name];
  if (secret === undefined || secret === '') throw new CliError(`The environment variable ${name} is not set.`, 2);
  return secret;
}

/** Backup errors are validation issues with translated sentences; show them as one line. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AppError) throw new CliError(describeRpcError(error.toPayload()));
    throw error;
  }
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export const backupCli: CommandModule = {
  usage: USAGE,
  commands: {
    backup(app: App, args: string[], io: CliIo) {
      const { values } = parse(args, {
        to: { type: 'string' },
        'passphrase-env': { type: 'string' },
        'no-compress': { type: 'boolean' },
      });
      const settings = readSettings(app.db);
      const folder = values.to === undefined ? settings.folder : String(values.to);
      if (!folder) throw new CliError('backup needs --to DIR', 2);
      const passphrase = passphraseFrom(values['passphrase-env']);
      const entry = guarded(() =>
        runBackup(app.db, app.info, {
          folder,
          passphrase: passphrase ?? null,
          compress: !values['no-compress'],
          trigger: 'cli',
          keepDaily: settings.keepDaily,
          keepWeekly: settings.keepWeekly,
        }),
      );
      if (values.json)
        return io.out(JSON.stringify({ file: entry.file, size: entry.size, encrypted: entry.encrypted }));
      io.out(`Backed up to ${entry.file} (${sizeText(entry.size ?? 0)}${entry.encrypted ? ', encrypted' : ''}).`);
    },

    restore(app: App, args: string[], io: CliIo) {
      const { values, positionals } = parse(args, { 'passphrase-env': { type: 'string' } });
      const file = positionals[0];
      if (!file) throw new CliError('restore needs the backup FILE', 2);
      if (!fs.existsSync(file)) throw new CliError(`The file ${file} does not exist.`);
      const passphrase = passphraseFrom(values['passphrase-env']);
      const result = guarded(() => restoreBackup(app, file, passphrase, { trigger: 'cli' }));
      if (values.json) return io.out(JSON.stringify(result));
      io.out(`Restored ${result.file}. The previous data is kept in ${result.safetyCopy}.`);
      io.out(`This machine now has the device id ${result.deviceId}.`);
    },

    backups(_app: App, args: string[], io: CliIo) {
      const [sub, ...rest] = args;
      if (sub !== 'list') throw new CliError(`Unknown backups command "${sub ?? ''}". Use: backups list --dir DIR`, 2);
      const { values } = parse(rest, { dir: { type: 'string' } });
      if (values.dir === undefined) throw new CliError('backups list needs --dir DIR', 2);
      const found = guarded(() => listBackups(String(values.dir)));
      if (values.json) return io.out(JSON.stringify(found, null, 2));
      for (const b of found) {
        const flags = [b.encrypted ? 'encrypted' : '', b.compressed ? 'compressed' : '', b.readable ? '' : 'UNREADABLE']
          .filter(Boolean)
          .join(',');
        io.out(
          [b.createdAt, sizeText(b.size).padStart(9), `v${b.schemaVersion}`, b.deviceId || '-', b.name, flags].join(
            '  ',
          ),
        );
      }
      io.out(`${found.length} backup${found.length === 1 ? '' : 's'} in ${String(values.dir)}`);
    },
  },
};
