/**
 * `pishkhan sync --folder DIR [--name NAME] [--series PREFIX]` (one full round; sets sync up the
 * first time), `pishkhan sync` (a round through the folder set up before), `pishkhan sync status`,
 * `pishkhan sync devices`, `pishkhan sync retire DEVICE` and `pishkhan sync leave`. The same service
 * as the Sync page and the automatic rounds.
 */
import path from 'node:path';
import type { CommandModule } from '../cli';
import { CliError, describeRpcError, parse, type CliIo } from '../cli-kit';
import type { App } from '../app';
import { AppError } from '../../shared/errors';
import {
  syncSetupSchema,
  type SyncDevice,
  type SyncProblem,
  type SyncRoundResult,
  type SyncStatus,
} from '../../shared/sync/sync.schema';
import { toFieldIssues } from '../../shared/validation';
import { defaultDeviceName, defaultSeriesPrefix } from './sync.cli-support';
import { SYNC_DIR } from './sync.files';
import {
  leaveSync,
  retireDevice,
  setupSync,
  syncDevices,
  syncRound,
  syncStatus,
  type SyncContext,
} from './sync.service';

const USAGE = `  sync --folder DIR [--name NAME] [--series PREFIX]
                                           one full sync round through DIR/${SYNC_DIR}; the first time
                                           it sets sync up (NAME defaults to the host name, PREFIX
                                           to a free invoice series such as B-{year}-)
  sync                                     one round through the folder set up before
  sync status                              last sync, pending changes, devices and problems
  sync devices                             every device in the sync folder: name, id, series, last seen
  sync retire DEVICE                       stop waiting for a device that is gone (by name or id): its
                                           series is free again and old files no longer wait for it
  sync leave                               stop syncing this data (nothing is removed from the folder)
`;

/** Setup fields as the options that give them, so a refused value names the option to fix. */
const OPTION_OF_FIELD: Record<string, string> = {
  folder: '--folder',
  deviceName: '--name',
  seriesPrefix: '--series',
};

function contextOf(app: App): SyncContext {
  return { writer: app.writer, info: app.info, now: Date.now, timeZone: app.timeZone };
}

/** A refused setup as one line naming the option (`--name: another device … is called “Shop”.`). */
function setupError(error: AppError): CliError {
  const payload = error.toPayload();
  const issues = payload.issues?.map((issue) => ({ ...issue, field: OPTION_OF_FIELD[issue.field] ?? issue.field }));
  return new CliError(describeRpcError(issues ? { ...payload, issues } : payload));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One problem in plain words: what is wrong, and that it is tried again. */
export function describeProblem(p: SyncProblem): string {
  const device = p.deviceName ? `device “${p.deviceName}”` : p.device ? `device ${p.device}` : '';
  const where = p.file ?? device;
  const param = (name: string) => String(p.params[name] ?? '');
  const text = ((): string => {
    switch (p.code) {
      case 'file_incomplete':
        return 'has not arrived whole yet (still being copied?); read again next round';
      case 'file_bad_checksum':
        return 'does not match its checksum; read again next round';
      case 'file_gap':
        return `waits for the file that starts at change ${param('from')}, which is not in the folder yet`;
      case 'newer_schema':
        return `was written by a newer Pishkhan (data version ${param('found')}, this app reads up to ${param('supported')}); update this app to take it in`;
      case 'clock_ahead':
        return `its clock runs ${param('minutes')} minutes ahead of this computer's`;
      case 'snapshot_failed':
        return `snapshot could not be read or written${p.params.detail ? ` (${param('detail')})` : ''}`;
      case 'series_clash':
        return `uses the same invoice series “${param('prefix')}” as this computer; give one of them another series`;
    }
  })();
  return p.file && device ? `${where}: ${text} (${device})` : `${where || 'sync'}: ${text}`;
}

function printProblems(io: CliIo, problems: readonly SyncProblem[]): void {
  if (problems.length === 0) return;
  io.out(`${plural(problems.length, 'problem')} (nothing was lost; tried again next round):`);
  for (const p of problems) io.out(`  ${describeProblem(p)}`);
}

function printRound(io: CliIo, result: SyncRoundResult): void {
  const files = (n: number, word: string) => (n > 0 ? ` ${word} ${plural(n, 'file')}` : '');
  io.out(
    `Published ${plural(result.publishedChanges, 'change')}${files(result.publishedFiles.length, 'in')}; applied ${plural(result.appliedChanges, 'change')}${files(result.appliedFiles, 'from')}.`,
  );
  if (result.snapshotApplied) io.out(`Started from the snapshot ${result.snapshotApplied}.`);
  if (result.snapshotWritten) io.out(`Wrote the snapshot ${result.snapshotWritten}.`);
  if (result.removedFiles > 0)
    io.out(`Removed ${plural(result.removedFiles, 'old change file')} every device has taken in.`);
  if (result.conflicts > 0)
    io.out(
      `${plural(result.conflicts, 'record was', 'records were')} edited on one device after being deleted on another: see the conflict inbox in the app.`,
    );
  printProblems(io, result.problems);
}

function when(iso: string | null): string {
  return iso ?? 'never';
}

function printStatus(io: CliIo, status: SyncStatus): void {
  if (!status.configured) {
    io.out('Sync is not set up for this data. Set it up with: pishkhan sync --folder DIR');
    io.out(`This device: ${status.deviceId}, invoice series ${status.seriesPrefix}`);
    return;
  }
  const others = status.devices.filter((d) => !d.thisDevice);
  io.out(`Folder:          ${path.join(status.folder ?? '', SYNC_DIR)}`);
  io.out(`This device:     ${status.deviceName} (${status.deviceId}), invoice series ${status.seriesPrefix}`);
  io.out(`Last sync:       ${when(status.lastSyncAt)}`);
  if (status.lastError && status.lastAttemptAt !== status.lastSyncAt)
    io.out(`Last attempt:    ${when(status.lastAttemptAt)} failed: ${describeRpcError(status.lastError)}`);
  io.out(`Pending changes: ${status.pendingChanges}`);
  io.out(`Other devices:   ${others.length}${others.some((d) => d.retired) ? ' (retired ones included)' : ''}`);
  io.out(`Open conflicts:  ${status.openConflicts}`);
  const twice = status.numbersIssuedTwice;
  if (twice.count > 0) {
    const more = twice.count > twice.numbers.length ? ', …' : '';
    io.out(`Invoice numbers issued twice (before syncing): ${twice.count} (${twice.numbers.join(', ')}${more})`);
  }
  printProblems(io, status.problems);
}

function printDevices(io: CliIo, devices: readonly SyncDevice[]): void {
  const headers = ['name', 'id', 'series', 'last seen', 'applied/published', 'retired'];
  const rows = devices.map((d) => [
    d.thisDevice ? `${d.name} (this device)` : d.name || '?',
    d.id,
    d.seriesPrefix || '?',
    when(d.lastSeenAt),
    `${d.appliedSeq}/${d.publishedSeq}`,
    d.retired ? 'retired' : '',
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  io.out(line(headers));
  for (const row of rows) io.out(line(row));
}

/** A round, setting sync up first when this data has none yet or `--folder`/`--name`/`--series` change it. */
function runRound(app: App, values: Record<string, unknown>): SyncRoundResult {
  const ctx = contextOf(app);
  const status = syncStatus(ctx);
  const folder = values.folder === undefined ? null : String(values.folder);
  if (folder === null) {
    if (values.name !== undefined || values.series !== undefined)
      throw new CliError('--name and --series need --folder DIR', 2);
    if (!status.configured)
      throw new CliError('Sync is not set up for this data: give the shared folder with --folder DIR.', 2);
    return syncRound(ctx);
  }
  const sameFolder = status.configured && status.folder === path.resolve(folder.trim());
  const name = values.name === undefined ? null : String(values.name);
  const series = values.series === undefined ? null : String(values.series);
  const unchanged =
    (name === null || name === status.deviceName) && (series === null || series === status.seriesPrefix);
  if (sameFolder && unchanged) return syncRound(ctx);
  // First setup, another folder (a share mounted elsewhere), or a new name or series.
  const input = {
    folder,
    deviceName: name ?? (status.configured ? status.deviceName : defaultDeviceName(ctx.info.deviceId)),
    seriesPrefix:
      series ??
      (status.configured ? status.seriesPrefix : defaultSeriesPrefix(folder, ctx.info.deviceId, status.seriesPrefix)),
  };
  const parsed = syncSetupSchema.safeParse(input);
  if (!parsed.success) throw setupError(AppError.validation(toFieldIssues(parsed.error, input)));
  try {
    return setupSync(ctx, parsed.data);
  } catch (error) {
    if (error instanceof AppError) throw setupError(error);
    throw error;
  }
}

const SUBCOMMANDS = ['status', 'devices', 'retire', 'leave'];

/** A device by id, or by name the way names are told apart (case and spacing ignored). */
function findDevice(devices: readonly SyncDevice[], text: string): SyncDevice | undefined {
  const key = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  return devices.find((d) => d.id === text) ?? devices.find((d) => key(d.name) === key(text));
}

export const syncCli: CommandModule = {
  usage: USAGE,
  commands: {
    sync(app: App, args: string[], io: CliIo) {
      const { values, positionals } = parse(args, {
        folder: { type: 'string' },
        name: { type: 'string' },
        series: { type: 'string' },
      });
      const [sub, ...rest] = positionals;
      const [target, ...extra] = sub === 'retire' ? rest : [undefined, ...rest];
      if (extra.length > 0) throw new CliError(`Unexpected "${extra.join(' ')}" after sync ${sub ?? ''}`, 2);
      if (sub === undefined) {
        const result = runRound(app, values);
        if (values.json) return io.out(JSON.stringify(result, null, 2));
        return printRound(io, result);
      }
      if (!SUBCOMMANDS.includes(sub))
        throw new CliError(
          `Unknown sync command "${sub}". Use sync --folder DIR, sync status, sync devices, sync retire DEVICE or sync leave.`,
          2,
        );
      const misplaced = ['folder', 'name', 'series'].filter((o) => values[o] !== undefined);
      if (misplaced.length > 0)
        throw new CliError(`sync ${sub} does not take ${misplaced.map((o) => `--${o}`).join(' or ')}`, 2);
      const ctx = contextOf(app);
      if (sub === 'status') {
        const status = syncStatus(ctx);
        return values.json ? io.out(JSON.stringify(status, null, 2)) : printStatus(io, status);
      }
      if (sub === 'devices') {
        const devices = syncDevices(ctx);
        return values.json ? io.out(JSON.stringify(devices, null, 2)) : printDevices(io, devices);
      }
      if (!syncStatus(ctx).configured) throw new CliError('Sync is not set up for this data: nothing to change.', 2);
      if (sub === 'leave') {
        leaveSync(ctx);
        return io.out(
          'This data no longer syncs. Its files stay in the folder; set it up again with sync --folder DIR.',
        );
      }
      if (target === undefined)
        throw new CliError('sync retire needs the device: its name or id (see sync devices)', 2);
      const device = findDevice(syncDevices(ctx), target);
      try {
        retireDevice(ctx, device?.id ?? target);
      } catch (error) {
        if (error instanceof AppError) throw new CliError(describeRpcError(error.toPayload()));
        throw error;
      }
      return io.out(`Retired “${device?.name ?? target}”: the others no longer wait for it.`);
    },
  },
};
