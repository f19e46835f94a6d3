/**
 * One sync round through the shared folder, and setting sync up:
 *
 *  1. publish: this device's new local changes → immutable change files in `log/<device>/`;
 *  2. read every device's newest manifest (name, series, acks, what it has published);
 *  3. apply: each other device's files in sequence order, without gaps, each file in one
 *     transaction with the cursor that says it was applied;
 *  4. write this device's manifest (what it has applied: its acknowledgements);
 *  5. snapshot when due, and remove own change files every active device has acknowledged and a
 *     snapshot covers.
 *
 * Nothing in the folder is fatal: a file not arrived whole, with a bad checksum, from a newer app
 * or after a gap is a problem listed in the status and read again next round.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import type { AppInfo } from '../../shared/contract';
import { AppError, type IssueCode } from '../../shared/errors';
import {
  MAX_CLOCK_DRIFT_MS,
  AUTO_SYNC_MINUTES,
  type SyncConflict,
  type SyncDevice,
  type SyncProblem,
  type SyncProblemCode,
  type SyncRoundResult,
  type SyncSetupValues,
  type SyncStatus,
} from '../../shared/sync/sync.schema';
import { checkFolder, writeIssue } from '../backup/backup.service';
import { numbersIssuedTwice, readLocal, writeLocal } from '../features/billing/billing.repository';
import { SERIES_OWNER_KEY, seriesTemplate } from '../features/billing/billing.service';
import { mergedInto } from '../features/customers/customer.repository';
import { assertCustomerRestorable } from '../features/customers/customer.service';
import { bulkWrite, restoreRecord, updateRecord, type Writer } from './mutate';
import { followMerges } from './sync.merges';
import { applyChange, isSyncedTable, reviewConflict, type ApplyContext } from './sync.apply';
import {
  FOLDER_FORMAT,
  SYNC_DIR,
  decodeChangeFile,
  decodeShop,
  encodeChangeFile,
  encodeManifest,
  encodeShop,
  folderTransport,
  isDeviceId,
  manifestNumber,
  parseChangeFileName,
  parseSnapshotName,
  readManifest,
  removeOwnTemps,
  type ChangeFileName,
  changeRecordOf,
  type ChangeLogRow,
  type Manifest,
  type SnapshotName,
  type SyncTransport,
} from './sync.files';
import { readSnapshot, writeSnapshot, type SnapshotVector } from './sync.snapshot';
import { syncedTables, type SyncedTable } from './tables';

export interface SyncContext {
  writer: Writer;
  info: AppInfo;
  now(): number;
  timeZone: string;
}

export interface SyncOptions {
  /** Seam for tests: a transport that fails, delays or reorders. */
  transport?: (root: string) => SyncTransport;
  /** Changes per published file. */
  fileSize?: number;
  /** A new snapshot is written when the newest in the folder is older than this. */
  snapshotEveryMs?: number;
}

const STATE = {
  folder: 'sync.folder',
  shop: 'sync.shop_id',
  name: 'sync.device_name',
  published: 'sync.published_seq',
  logFrom: 'sync.log_from',
  logDevice: 'sync.log_device',
  manifestN: 'sync.manifest_n',
  lastRound: 'sync.last_round',
} as const;

const FILE_SIZE = 10_000;
const SNAPSHOT_EVERY_MS = 24 * 60 * 60 * 1000;
/** Own snapshots kept in the folder (the newest is what new devices start from). */
const KEEP_SNAPSHOTS = 2;

interface LastRound {
  at: string;
  ok: boolean;
  error: ReturnType<AppError['toPayload']> | null;
  problems: SyncProblem[];
  lastOkAt: string | null;
}

function fail(field: string, code: IssueCode, params: Record<string, string | number> = {}): AppError {
  return AppError.validation([{ field, code, params }]);
}

const db = (ctx: SyncContext) => ctx.writer.db;

function state(ctx: SyncContext, key: string): string | null {
  return readLocal(db(ctx), key);
}

function setState(ctx: SyncContext, key: string, value: string | null): void {
  if (value === null) db(ctx).prepare('DELETE FROM local_state WHERE key = ?').run(key);
  else writeLocal(db(ctx), key, value);
}

function numberState(ctx: SyncContext, key: string): number {
  return Number(state(ctx, key) ?? 0);
}

function deviceRows(ctx: SyncContext): DeviceRow[] {
  return db(ctx).prepare('SELECT * FROM sync_devices ORDER BY name, device_id').all() as DeviceRow[];
}

interface DeviceRow {
  device_id: string;
  name: string;
  series_prefix: string;
  schema_version: number;
  app_version: string;
  log_from: number;
  applied_seq: number;
  published_seq: number;
  last_seen_at: string | null;
  acks: string;
  retired_by: string;
}

// ---- Publishing ----------------------------------------------------------------------------------

interface LogRow extends ChangeLogRow {
  seq: number;
}

/**
 * A restored copy gets a new device id; its log then starts after what the old id had
 * published (those changes are already in the folder under the old id). Returns where this
 * device's log starts.
 */
function logStart(ctx: SyncContext): number {
  const previous = state(ctx, STATE.logDevice);
  if (previous !== ctx.info.deviceId) {
    const from = numberState(ctx, STATE.published) + 1;
    // The old id was this data's own before a restore: it will never publish again, so it must
    // not hold back compaction (and its series is this device's to keep).
    if (previous) {
      const retired = new Set(JSON.parse(state(ctx, 'sync.retired') ?? '[]') as string[]);
      setState(ctx, 'sync.retired', JSON.stringify([...retired.add(previous)].sort()));
    }
    setState(ctx, STATE.logDevice, ctx.info.deviceId);
    setState(ctx, STATE.logFrom, String(from));
    return from;
  }
  return Number(state(ctx, STATE.logFrom) ?? 1);
}

/** Own files already in the folder: after a crash between renaming a file and noting it, trust the folder. */
function ownFiles(transport: SyncTransport, device: string): ChangeFileName[] {
  return transport
    .list(`log/${device}`)
    .map(parseChangeFileName)
    .filter((f): f is ChangeFileName => f !== null)
    .sort((a, b) => a.from - b.from);
}

/** Publishes this device's new local changes; returns the files written and how many changes they hold. */
function publish(
  ctx: SyncContext,
  transport: SyncTransport,
  shop: string,
  fileSize: number,
): { files: string[]; changes: number } {
  const device = ctx.info.deviceId;
  removeOwnTemps(transport, `log/${device}`);
  const from0 = logStart(ctx);
  let published = Math.max(numberState(ctx, STATE.published), from0 - 1);
  for (const file of ownFiles(transport, device)) if (file.to > published) published = file.to;
  setState(ctx, STATE.published, String(published));
  const written: string[] = [];
  let changes = 0;
  const select = db(ctx).prepare(
    'SELECT seq, hlc, device_id, user_id, table_name, row_id, fields FROM change_log WHERE remote = 0 AND seq > ? ORDER BY seq LIMIT ?',
  );
  for (;;) {
    const rows = select.all(published, fileSize) as LogRow[];
    if (rows.length === 0) break;
    const last = rows[rows.length - 1];
    if (!last) break;
    const records = rows.map(changeRecordOf);
    const { name, data } = encodeChangeFile(
      {
        pishkhan: 'changes',
        format: FOLDER_FORMAT,
        shop,
        device,
        from: published + 1,
        to: last.seq,
        schema: ctx.info.schemaVersion,
        count: records.length,
      },
      records,
    );
    transport.writeIfAbsent(`log/${device}/${name}`, data);
    published = last.seq;
    setState(ctx, STATE.published, String(published));
    written.push(`log/${device}/${name}`);
    changes += records.length;
  }
  return { files: written, changes };
}

export function pendingChanges(ctx: SyncContext): number {
  const published = numberState(ctx, STATE.published);
  return (
    db(ctx).prepare('SELECT count(*) AS n FROM change_log WHERE remote = 0 AND seq > ?').get(published) as { n: number }
  ).n;
}

// ---- Manifests and devices ---------------------------------------------------------------------

function otherDevices(transport: SyncTransport, own: string): string[] {
  const ids = new Set([...transport.list('devices'), ...transport.list('log')].filter(isDeviceId));
  ids.delete(own);
  return [...ids].sort();
}

function rememberDevice(ctx: SyncContext, manifest: Manifest): void {
  db(ctx)
    .prepare(
      `INSERT INTO sync_devices (device_id, name, series_prefix, schema_version, app_version, log_from, published_seq, last_seen_at, acks, retired_by, applied_seq)
       VALUES (@device, @name, @seriesPrefix, @schema, @appVersion, @logFrom, @published, @writtenAt, @acks, @retired, @applied)
       ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, series_prefix = excluded.series_prefix,
         schema_version = excluded.schema_version, app_version = excluded.app_version, log_from = excluded.log_from,
         published_seq = excluded.published_seq, last_seen_at = excluded.last_seen_at, acks = excluded.acks,
         retired_by = excluded.retired_by,
         applied_seq = max(sync_devices.applied_seq, excluded.applied_seq)`,
    )
    .run({
      device: manifest.device,
      name: manifest.name,
      seriesPrefix: manifest.seriesPrefix,
      schema: manifest.schema,
      appVersion: manifest.appVersion,
      logFrom: manifest.logFrom,
      published: manifest.published,
      writtenAt: manifest.writtenAt,
      acks: JSON.stringify(manifest.acks),
      retired: JSON.stringify(manifest.retired),
      applied: manifest.logFrom - 1,
    });
}

function appliedSeq(ctx: SyncContext, device: string): number {
  const row = db(ctx).prepare('SELECT applied_seq FROM sync_devices WHERE device_id = ?').get(device) as
    { applied_seq: number } | undefined;
  return row?.applied_seq ?? 0;
}

/** Devices retired by anyone (including this device). */
function retiredSet(ctx: SyncContext): Set<string> {
  const retired = new Set<string>(JSON.parse(state(ctx, 'sync.retired') ?? '[]') as string[]);
  for (const row of deviceRows(ctx)) for (const id of JSON.parse(row.retired_by) as string[]) retired.add(id);
  return retired;
}

function writeManifest(ctx: SyncContext, transport: SyncTransport, shop: string): void {
  const device = ctx.info.deviceId;
  const acks: Record<string, number> = {};
  for (const row of deviceRows(ctx)) if (row.device_id !== device) acks[row.device_id] = row.applied_seq;
  const existing = transport
    .list(`devices/${device}`)
    .map(manifestNumber)
    .filter((n): n is number => n !== null);
  const n = Math.max(numberState(ctx, STATE.manifestN), ...existing, 0) + 1;
  removeOwnTemps(transport, `devices/${device}`);
  const { name, data } = encodeManifest({
    pishkhan: 'manifest',
    format: FOLDER_FORMAT,
    shop,
    device,
    n,
    name: state(ctx, STATE.name) ?? '',
    seriesPrefix: seriesTemplate(db(ctx)),
    schema: ctx.info.schemaVersion,
    appVersion: ctx.info.version,
    writtenAt: new Date(ctx.now()).toISOString(),
    logFrom: logStart(ctx),
    published: numberState(ctx, STATE.published),
    acks,
    retired: JSON.parse(state(ctx, 'sync.retired') ?? '[]') as string[],
  });
  transport.writeIfAbsent(`devices/${device}/${name}`, data);
  setState(ctx, STATE.manifestN, String(n));
  // Keep the previous one too: a reader may be listing while this one is being copied in.
  for (const old of existing) if (old < n - 1) transport.remove(`devices/${device}/manifest-${old}.json`);
}

// ---- Applying other devices' files ---------------------------------------------------------------

interface RoundNotes {
  problems: SyncProblem[];
  appliedChanges: number;
  appliedFiles: number;
  conflicts: number;
  clockAhead: Map<string, number>;
}

function problem(
  ctx: SyncContext,
  code: SyncProblemCode,
  device: string | null,
  file: string | null,
  params: Record<string, string | number> = {},
): SyncProblem {
  const name = device
    ? (db(ctx).prepare('SELECT name FROM sync_devices WHERE device_id = ?').get(device) as { name: string } | undefined)
        ?.name || null
    : null;
  return { code, device, deviceName: name, file, params };
}

function applyContext(ctx: SyncContext): ApplyContext {
  return {
    writer: ctx.writer,
    maxDriftMs: MAX_CLOCK_DRIFT_MS,
    // Stamps too far ahead are not followed (HlcClock.observe), but they do not say whose clock is
    // wrong: an edit ordered just after such a stamp (mutate.updateRecord) runs ahead as well. The
    // device is flagged from the wall-clock time of its own manifest instead (round).
    onClockAhead: () => undefined,
    conflictsOpened: 0,
  };
}

function applyDevice(ctx: SyncContext, transport: SyncTransport, device: string, notes: RoundNotes): void {
  const files = transport
    .list(`log/${device}`)
    .map(parseChangeFileName)
    .filter((f): f is ChangeFileName => f !== null)
    .sort((a, b) => a.from - b.from || b.to - a.to);
  let cursor = appliedSeq(ctx, device);
  for (;;) {
    const candidates = files.filter((f) => f.from === cursor + 1);
    if (candidates.length === 0) {
      const later = files.find((f) => f.from > cursor + 1);
      if (later)
        notes.problems.push(problem(ctx, 'file_gap', device, `log/${device}/${later.name}`, { from: cursor + 1 }));
      return;
    }
    let read: ReturnType<typeof decodeChangeFile> | null = null;
    let chosen: ChangeFileName | null = null;
    for (const candidate of candidates) {
      const data = transport.read(`log/${device}/${candidate.name}`);
      const attempt = data ? decodeChangeFile(data, candidate) : ({ ok: false, problem: 'file_incomplete' } as const);
      if (attempt.ok) {
        read = attempt;
        chosen = candidate;
        break;
      }
      notes.problems.push(problem(ctx, attempt.problem, device, `log/${device}/${candidate.name}`));
    }
    if (!read?.ok || !chosen) return;
    if (read.header.schema > LATEST_SCHEMA_VERSION) {
      notes.problems.push(
        problem(ctx, 'newer_schema', device, `log/${device}/${chosen.name}`, {
          found: read.header.schema,
          supported: LATEST_SCHEMA_VERSION,
        }),
      );
      return;
    }
    const records = read.records;
    const to = chosen.to;
    const apply = applyContext(ctx);
    db(ctx).transaction(() => {
      bulkWrite(ctx.writer, () => {
        for (const record of records) {
          if (!isSyncedTable(record.table)) continue;
          if (applyChange(apply, record) !== 'duplicate') notes.appliedChanges += 1;
        }
      });
      db(ctx).prepare('UPDATE sync_devices SET applied_seq = ? WHERE device_id = ?').run(to, device);
    });
    notes.conflicts += apply.conflictsOpened;
    notes.appliedFiles += 1;
    cursor = to;
  }
}

// ---- Snapshots and compaction --------------------------------------------------------------------

function snapshots(transport: SyncTransport): SnapshotName[] {
  const found: SnapshotName[] = [];
  for (const device of transport.list('snap').filter(isDeviceId)) {
    for (const name of transport.list(`snap/${device}`)) {
      const parsed = parseSnapshotName(device, name);
      if (parsed) found.push(parsed);
    }
  }
  return found.sort((a, b) => (a.stamp < b.stamp ? 1 : a.stamp > b.stamp ? -1 : 0));
}

const SNAPSHOT_BATCH = 5_000;

/**
 * Takes in the newest readable snapshot, then, while some device's next file is still gone, the
 * newest snapshot of that device itself: a device removes only files its own snapshot covers, but
 * the newest snapshot in the folder (by its writer's clock) may be older than that for some
 * device. Returns the path of the last snapshot taken in, or null when none could be used.
 */
function applySnapshot(ctx: SyncContext, transport: SyncTransport, notes: RoundNotes): string | null {
  const devices = otherDevices(transport, ctx.info.deviceId);
  let used: string | null = null;
  for (const snap of snapshots(transport)) {
    if (used !== null) {
      const missing = gaps(ctx, transport, devices);
      if (missing.size === 0) break;
      if (!missing.has(snap.device) || snap.seq <= appliedSeq(ctx, snap.device)) continue;
    }
    const file = `snap/${snap.device}/${snap.name}`;
    const content = readSnapshot(transport, file, snap.sha8);
    if (!content) {
      notes.problems.push(problem(ctx, 'snapshot_failed', snap.device, file));
      continue;
    }
    if (content.schemaVersion > LATEST_SCHEMA_VERSION) {
      notes.problems.push(
        problem(ctx, 'newer_schema', snap.device, file, {
          found: content.schemaVersion,
          supported: LATEST_SCHEMA_VERSION,
        }),
      );
      continue;
    }
    const apply = applyContext(ctx);
    for (let i = 0; i < content.changes.length; i += SNAPSHOT_BATCH) {
      const batch = content.changes.slice(i, i + SNAPSHOT_BATCH);
      db(ctx).transaction(() =>
        bulkWrite(ctx.writer, () => {
          for (const change of batch) if (applyChange(apply, change) !== 'duplicate') notes.appliedChanges += 1;
        }),
      );
    }
    // Cursors move only once everything is in: a crash half-way re-applies (harmlessly) next time.
    db(ctx).transaction(() => raiseCursors(ctx, content.vector));
    notes.conflicts += apply.conflictsOpened;
    used = file;
  }
  return used;
}

function raiseCursors(ctx: SyncContext, vector: SnapshotVector): void {
  for (const [device, seq] of Object.entries(vector)) {
    if (device === ctx.info.deviceId) continue;
    db(ctx)
      .prepare(
        `INSERT INTO sync_devices (device_id, applied_seq) VALUES (?, ?)
         ON CONFLICT (device_id) DO UPDATE SET applied_seq = max(applied_seq, excluded.applied_seq)`,
      )
      .run(device, seq);
  }
}

/** Devices whose next file is gone (compacted), so that only a snapshot can bridge to their later ones. */
function gaps(ctx: SyncContext, transport: SyncTransport, devices: readonly string[]): Set<string> {
  const missing = new Set<string>();
  for (const device of devices) {
    const row = db(ctx)
      .prepare('SELECT applied_seq, published_seq FROM sync_devices WHERE device_id = ?')
      .get(device) as { applied_seq: number; published_seq: number } | undefined;
    const applied = row?.applied_seq ?? 0;
    const files = ownFiles(transport, device);
    if (files.some((f) => f.from === applied + 1)) continue;
    const published = Math.max(row?.published_seq ?? 0, ...files.map((f) => f.to));
    if (published > applied) missing.add(device);
  }
  return missing;
}

function needsSnapshot(ctx: SyncContext, transport: SyncTransport, devices: readonly string[]): boolean {
  return gaps(ctx, transport, devices).size > 0;
}

function stampTime(stamp: string): number {
  const s = stamp;
  return Date.parse(
    `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`,
  );
}

/**
 * A snapshot is due when the newest in the folder is older than the interval (new devices start
 * from it), or when this device's own newest is, while it has files every device has applied:
 * it may remove those only once a snapshot of its own covers them (compact).
 */
function snapshotDue(ctx: SyncContext, transport: SyncTransport, everyMs: number): boolean {
  const all = snapshots(transport);
  const newest = all[0];
  if (!newest || ctx.now() - stampTime(newest.stamp) >= everyMs) return true;
  const device = ctx.info.deviceId;
  const own = all.find((snap) => snap.device === device);
  if (own && ctx.now() - stampTime(own.stamp) < everyMs) return false;
  const acked = ackedByAll(ctx);
  return ownFiles(transport, device).some((file) => file.to <= acked && file.to > (own?.seq ?? 0));
}

function vectorNow(ctx: SyncContext): SnapshotVector {
  const vector: SnapshotVector = { [ctx.info.deviceId]: numberState(ctx, STATE.published) };
  for (const row of deviceRows(ctx)) if (row.device_id !== ctx.info.deviceId) vector[row.device_id] = row.applied_seq;
  return vector;
}

/** The last of this device's published changes that every active device has applied. */
function ackedByAll(ctx: SyncContext): number {
  const device = ctx.info.deviceId;
  const retired = retiredSet(ctx);
  // Only devices whose manifest has been seen hold files back: a folder named like a device with
  // no manifest is a stray copy (a real device writes its manifest before its first file). Should
  // a real one's manifest merely be late, it bridges the gap with a snapshot (needsSnapshot).
  const active = deviceRows(ctx).filter(
    (row) => row.device_id !== device && !retired.has(row.device_id) && row.last_seen_at !== null,
  );
  let acked = numberState(ctx, STATE.published);
  for (const row of active) {
    const ack = (JSON.parse(row.acks) as Record<string, number>)[device] ?? 0;
    acked = Math.min(acked, ack);
  }
  return acked;
}

/** Removes own change files that every active device has applied and an own snapshot covers. */
function compact(ctx: SyncContext, transport: SyncTransport): number {
  const device = ctx.info.deviceId;
  const acked = ackedByAll(ctx);
  const covered = snapshots(transport).reduce((best, snap) => {
    if (snap.device === device) return Math.max(best, snap.seq);
    return best;
  }, 0);
  const limit = Math.min(acked, covered);
  let removed = 0;
  for (const file of ownFiles(transport, device)) {
    if (file.to <= limit) {
      transport.remove(`log/${device}/${file.name}`);
      removed += 1;
    }
  }
  const own = snapshots(transport).filter((s) => s.device === device);
  for (const old of own.slice(KEEP_SNAPSHOTS)) transport.remove(`snap/${device}/${old.name}`);
  // A snapshot whose writing was cut off (crash before the rename) leaves a big temp file here.
  removeOwnTemps(transport, `snap/${device}`);
  return removed;
}

// ---- The round ---------------------------------------------------------------------------------

interface Folder {
  folder: string;
  root: string;
  shop: string;
  transport: SyncTransport;
}

function openFolder(ctx: SyncContext, options: SyncOptions): Folder {
  const folderSetting = state(ctx, STATE.folder);
  const shop = state(ctx, STATE.shop);
  if (!folderSetting || !shop) throw fail('folder', 'sync_not_set_up');
  const folder = checkFolder(folderSetting);
  const root = path.join(folder, SYNC_DIR);
  const transport = (options.transport ?? folderTransport)(root);
  const shopFile = transport.read('shop.json');
  const decoded = shopFile ? decodeShop(shopFile) : null;
  if (!decoded) throw fail('folder', 'sync_folder_damaged', { path: root, file: 'shop.json' });
  if (decoded.shopId !== shop) throw fail('folder', 'sync_other_shop', { path: root });
  return { folder, root, shop, transport };
}

function saveRound(ctx: SyncContext, round: Omit<LastRound, 'lastOkAt'>): void {
  const previous = lastRound(ctx);
  const next: LastRound = { ...round, lastOkAt: round.ok ? round.at : (previous?.lastOkAt ?? null) };
  setState(ctx, STATE.lastRound, JSON.stringify(next));
}

function lastRound(ctx: SyncContext): LastRound | null {
  const stored = state(ctx, STATE.lastRound);
  return stored ? (JSON.parse(stored) as LastRound) : null;
}

/** One full round. Folder-level failures (missing, read-only) throw a translated issue. */
export function syncRound(ctx: SyncContext, options: SyncOptions = {}): SyncRoundResult {
  const at = new Date(ctx.now()).toISOString();
  try {
    const result = round(ctx, options);
    saveRound(ctx, { at, ok: true, error: null, problems: result.problems });
    // Every device's files arrived whole: this data now knows every number of its series.
    if (!result.problems.some((p) => p.code.startsWith('file_') || p.code === 'newer_schema')) {
      setState(ctx, SERIES_OWNER_KEY, ctx.info.deviceId);
    }
    return result;
  } catch (error) {
    const folder = state(ctx, STATE.folder) ?? '';
    const appError = error instanceof AppError ? error : writeIssue(error, folder);
    saveRound(ctx, { at, ok: false, error: appError.toPayload(), problems: [] });
    throw appError;
  }
}

function round(ctx: SyncContext, options: SyncOptions): SyncRoundResult {
  const { shop, transport } = openFolder(ctx, options);
  const notes: RoundNotes = { problems: [], appliedChanges: 0, appliedFiles: 0, conflicts: 0, clockAhead: new Map() };
  // A file's name spans sequence numbers of the whole change log (remote rows too): count its records.
  const { files: publishedFiles, changes: publishedChanges } = publish(
    ctx,
    transport,
    shop,
    options.fileSize ?? FILE_SIZE,
  );

  const devices = otherDevices(transport, ctx.info.deviceId);
  for (const device of devices) {
    const manifest = readManifest(transport, device);
    if (manifest && manifest.shop === shop) {
      rememberDevice(ctx, manifest);
      // Written at that device's wall-clock time: further ahead of ours than the drift, its clock is wrong.
      const ahead = Date.parse(manifest.writtenAt) - ctx.now();
      if (ahead > MAX_CLOCK_DRIFT_MS && !retiredSet(ctx).has(device)) notes.clockAhead.set(device, ahead);
    } else if (!db(ctx).prepare('SELECT 1 FROM sync_devices WHERE device_id = ?').get(device)) {
      db(ctx).prepare('INSERT INTO sync_devices (device_id) VALUES (?)').run(device);
    }
  }
  let snapshotApplied: string | null = null;
  if (needsSnapshot(ctx, transport, devices)) snapshotApplied = applySnapshot(ctx, transport, notes);
  for (const device of devices) applyDevice(ctx, transport, device, notes);
  // A device whose next files are all gone and that no snapshot here bridges would otherwise wait silently.
  for (const device of gaps(ctx, transport, devices)) {
    if (notes.problems.some((p) => p.device === device)) continue;
    notes.problems.push(problem(ctx, 'file_gap', device, null, { from: appliedSeq(ctx, device) + 1 }));
  }
  if (notes.appliedChanges > 0) followMerges(ctx.writer);

  for (const [device, aheadMs] of notes.clockAhead) {
    notes.problems.push(problem(ctx, 'clock_ahead', device, null, { minutes: Math.round(aheadMs / 60_000) }));
  }
  const ownPrefix = seriesTemplate(db(ctx));
  for (const row of deviceRows(ctx)) {
    if (row.device_id !== ctx.info.deviceId && row.series_prefix === ownPrefix && !retiredSet(ctx).has(row.device_id)) {
      notes.problems.push(problem(ctx, 'series_clash', row.device_id, null, { prefix: ownPrefix }));
    }
  }

  writeManifest(ctx, transport, shop);
  let snapshotWritten: string | null = null;
  if (snapshotDue(ctx, transport, options.snapshotEveryMs ?? SNAPSHOT_EVERY_MS)) {
    try {
      snapshotWritten = writeSnapshot(db(ctx), transport, ctx.info, vectorNow(ctx), ctx.now());
    } catch (error) {
      notes.problems.push(
        problem(ctx, 'snapshot_failed', ctx.info.deviceId, null, {
          detail: error instanceof Error ? error.message.slice(0, 120) : String(error),
        }),
      );
    }
  }
  const removedFiles = compact(ctx, transport);
  return {
    publishedChanges,
    publishedFiles,
    appliedChanges: notes.appliedChanges,
    appliedFiles: notes.appliedFiles,
    snapshotWritten,
    snapshotApplied,
    removedFiles,
    conflicts: notes.conflicts,
    problems: notes.problems,
    finishedAt: new Date(ctx.now()).toISOString(),
  };
}

// ---- Setting up, status, devices ---------------------------------------------------------------

/** A series prefix no other device uses: the given one if free, else the next free letter. */
export function freeSeriesPrefix(taken: ReadonlySet<string>, wanted: string): string {
  if (!taken.has(wanted)) return wanted;
  for (const letter of 'ABCDEFGHJKLMNPQRSTUVWXYZ') {
    const candidate = `${letter}-{year}-`;
    if (!taken.has(candidate)) return candidate;
  }
  return `${wanted}${crypto.randomBytes(2).toString('hex')}-`;
}

/** Manifests of every device in the folder, except this one. */
function folderManifests(transport: SyncTransport, own: string): Manifest[] {
  return otherDevices(transport, own)
    .map((device) => readManifest(transport, device))
    .filter((m): m is Manifest => m !== null);
}

/** Creates `Pishkhan-Sync/` or joins the one in the folder, then runs a first round. */
export function setupSync(ctx: SyncContext, values: SyncSetupValues, options: SyncOptions = {}): SyncRoundResult {
  const folder = checkFolder(values.folder);
  const root = path.join(folder, SYNC_DIR);
  const transport = (options.transport ?? folderTransport)(root);
  let shopFile = transport.read('shop.json');
  try {
    if (!shopFile) {
      transport.writeIfAbsent(
        'shop.json',
        encodeShop({
          pishkhan: 'shop',
          format: FOLDER_FORMAT,
          shopId: crypto.randomUUID(),
          createdAt: new Date(ctx.now()).toISOString(),
        }),
      );
      shopFile = transport.read('shop.json');
    }
  } catch (error) {
    throw writeIssue(error, folder);
  }
  const shop = shopFile ? decodeShop(shopFile) : null;
  if (!shop) throw fail('folder', 'sync_folder_damaged', { path: root, file: 'shop.json' });
  const previousShop = state(ctx, STATE.shop);
  if (previousShop && previousShop !== shop.shopId) throw fail('folder', 'sync_other_shop', { path: root });

  // Retired by any device, this one included (its own list reaches its manifest only next round).
  const manifests = folderManifests(transport, ctx.info.deviceId);
  const retired = new Set([...retiredSet(ctx), ...manifests.flatMap((m) => m.retired)]);
  const others = manifests.filter((m) => !retired.has(m.device));
  const name = values.deviceName.trim();
  if (others.some((m) => m.name.trim().toLocaleLowerCase() === name.toLocaleLowerCase())) {
    throw fail('deviceName', 'device_name_taken', { value: name });
  }
  const prefix = values.seriesPrefix.trim();
  const clash = others.find((m) => m.seriesPrefix === prefix);
  if (clash) throw fail('seriesPrefix', 'series_prefix_taken', { value: prefix, device: clash.name });

  db(ctx).transaction(() => {
    setState(ctx, STATE.folder, folder);
    setState(ctx, STATE.shop, shop.shopId);
    setState(ctx, STATE.name, name);
    writeLocal(db(ctx), 'billing.series_prefix', prefix);
  });
  // The manifest goes first: from now on no device removes files this one has not applied.
  writeManifest(ctx, transport, shop.shopId);
  // A device new to the folder starts from the newest snapshot (data of its own merges in the
  // same way), then reads only the files written after it.
  const known = db(ctx).prepare('SELECT count(*) AS n FROM sync_devices').get() as { n: number };
  let started: string | null = null;
  const notes: RoundNotes = { problems: [], appliedChanges: 0, appliedFiles: 0, conflicts: 0, clockAhead: new Map() };
  if (known.n === 0) started = applySnapshot(ctx, transport, notes);
  const result = syncRound(ctx, options);
  return {
    ...result,
    snapshotApplied: result.snapshotApplied ?? started,
    appliedChanges: result.appliedChanges + notes.appliedChanges,
    conflicts: result.conflicts + notes.conflicts,
    problems: [...notes.problems, ...result.problems],
  };
}

export function leaveSync(ctx: SyncContext): void {
  db(ctx).transaction(() => {
    setState(ctx, STATE.folder, null);
    setState(ctx, STATE.shop, null);
  });
}

export function isConfigured(ctx: SyncContext): boolean {
  return state(ctx, STATE.folder) !== null && state(ctx, STATE.shop) !== null;
}

export function syncDevices(ctx: SyncContext): SyncDevice[] {
  const retired = retiredSet(ctx);
  const own: SyncDevice = {
    id: ctx.info.deviceId,
    name: state(ctx, STATE.name) ?? '',
    seriesPrefix: seriesTemplate(db(ctx)),
    lastSeenAt: lastRound(ctx)?.lastOkAt ?? null,
    appliedSeq: numberState(ctx, STATE.published),
    publishedSeq: numberState(ctx, STATE.published),
    schemaVersion: ctx.info.schemaVersion,
    appVersion: ctx.info.version,
    retired: false,
    thisDevice: true,
  };
  const others = deviceRows(ctx)
    .filter((row) => row.device_id !== ctx.info.deviceId)
    .map((row): SyncDevice => ({
      id: row.device_id,
      name: row.name,
      seriesPrefix: row.series_prefix,
      lastSeenAt: row.last_seen_at,
      appliedSeq: row.applied_seq,
      publishedSeq: row.published_seq,
      schemaVersion: row.schema_version,
      appVersion: row.app_version,
      retired: retired.has(row.device_id),
      thisDevice: false,
    }));
  return [own, ...others];
}

export function syncStatus(ctx: SyncContext): SyncStatus {
  const last = lastRound(ctx);
  return {
    configured: isConfigured(ctx),
    folder: state(ctx, STATE.folder),
    shopId: state(ctx, STATE.shop),
    deviceId: ctx.info.deviceId,
    deviceName: state(ctx, STATE.name) ?? '',
    seriesPrefix: seriesTemplate(db(ctx)),
    lastSyncAt: last?.lastOkAt ?? null,
    lastAttemptAt: last?.at ?? null,
    lastError: last?.error ?? null,
    pendingChanges: pendingChanges(ctx),
    devices: syncDevices(ctx),
    problems: last?.problems ?? [],
    openConflicts: (
      db(ctx).prepare('SELECT count(*) AS n FROM sync_conflicts WHERE resolved_at IS NULL').get() as { n: number }
    ).n,
    autoSyncMinutes: AUTO_SYNC_MINUTES,
    numbersIssuedTwice: numbersIssuedTwice(db(ctx), NUMBERS_LISTED),
  };
}

/** Invoice numbers issued twice listed in the status at most (the count stays exact). */
const NUMBERS_LISTED = 10;

export function retireDevice(ctx: SyncContext, deviceId: string): void {
  if (deviceId === ctx.info.deviceId) throw fail('deviceId', 'sync_this_device');
  if (!db(ctx).prepare('SELECT 1 FROM sync_devices WHERE device_id = ?').get(deviceId)) {
    throw fail('deviceId', 'unknown_device', { value: deviceId });
  }
  const retired = new Set(JSON.parse(state(ctx, 'sync.retired') ?? '[]') as string[]);
  retired.add(deviceId);
  setState(ctx, 'sync.retired', JSON.stringify([...retired].sort()));
}

/** Series prefixes other active devices use (billing refuses them for this device). */
export function prefixesInUse(ctx: SyncContext): Map<string, string> {
  const retired = retiredSet(ctx);
  const taken = new Map<string, string>();
  for (const row of deviceRows(ctx)) {
    if (row.device_id !== ctx.info.deviceId && !retired.has(row.device_id) && row.series_prefix) {
      taken.set(row.series_prefix, row.name);
    }
  }
  return taken;
}

// ---- Conflict inbox ------------------------------------------------------------------------------

interface ConflictRow {
  id: string;
  table_name: string;
  row_id: string;
  deleted_hlc: string;
  edited_hlc: string;
  fields: string;
  detected_at: string;
}

const TITLE_COLUMN: Record<string, string> = {
  customers: 'name',
  notes: 'body',
  activities: 'subject',
  leads: 'name',
  opportunities: 'title',
  products: 'name',
  quotes: 'id',
  invoices: 'number',
  payments: 'reference',
};

function deviceName(ctx: SyncContext, stamp: string): string {
  const device = stamp.slice(-16);
  if (device === ctx.info.deviceId) return state(ctx, STATE.name) ?? device;
  const row = db(ctx).prepare('SELECT name FROM sync_devices WHERE device_id = ?').get(device) as
    { name: string } | undefined;
  return row?.name || device;
}

export function listConflicts(ctx: SyncContext): SyncConflict[] {
  const rows = db(ctx)
    .prepare('SELECT * FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY detected_at')
    .all() as ConflictRow[];
  const now = new Date(ctx.now()).toISOString();
  const open: SyncConflict[] = [];
  for (const row of rows) {
    if (!isSyncedTable(row.table_name)) continue;
    const table: SyncedTable = syncedTables[row.table_name];
    // A restore from Trash (or a later delete) settles a conflict without the inbox.
    if (db(ctx).transaction(() => reviewConflict(db(ctx), table, row.row_id, now)) === 'none') continue;
    const column = TITLE_COLUMN[row.table_name] ?? 'id';
    const record = db(ctx).prepare(`SELECT ${column} AS title FROM ${row.table_name} WHERE id = ?`).get(row.row_id) as
      { title: unknown } | undefined;
    const current = db(ctx).prepare('SELECT * FROM sync_conflicts WHERE id = ?').get(row.id) as ConflictRow;
    open.push({
      id: current.id,
      table: current.table_name,
      rowId: current.row_id,
      title: String(record?.title ?? '').slice(0, 120) || current.row_id,
      deletedBy: deviceName(ctx, current.deleted_hlc),
      deletedAt: current.deleted_hlc.slice(0, 24),
      editedBy: deviceName(ctx, current.edited_hlc),
      editedAt: current.edited_hlc.slice(0, 24),
      fields: JSON.parse(current.fields) as string[],
      detectedAt: current.detected_at,
      mergedInto: row.table_name === 'customers' ? mergedInto(db(ctx), row.row_id) : null,
    });
  }
  return open;
}

/** Restores the record, or deletes it again after the edits; either way every device settles. */
export function resolveConflict(ctx: SyncContext, id: string, action: 'restore' | 'delete'): void {
  const row = db(ctx).prepare('SELECT * FROM sync_conflicts WHERE id = ? AND resolved_at IS NULL').get(id) as
    ConflictRow | undefined;
  if (!row || !isSyncedTable(row.table_name)) throw fail('id', 'unknown_conflict');
  const tableName = row.table_name;
  db(ctx).transaction(() => {
    if (action === 'restore') {
      if (tableName === 'customers') assertCustomerRestorable(db(ctx), row.row_id);
      restoreRecord(ctx.writer, tableName, row.row_id);
    }
    // A new delete stamp, later than the edits: the other devices see the deletion confirmed.
    else updateRecord(ctx.writer, tableName, row.row_id, { deleted_at: new Date(ctx.now()).toISOString() });
    db(ctx)
      .prepare('UPDATE sync_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?')
      .run(new Date(ctx.now()).toISOString(), action === 'restore' ? 'restored' : 'deleted', id);
  });
}
