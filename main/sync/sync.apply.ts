/**
 * Applies change records from other devices: per-field last-writer-wins by HLC.
 *
 * For each field of a change, the value is taken when the change's stamp is newer than the stamp
 * of the field's current value (`record_clocks`), and skipped otherwise. Since stamps are totally
 * ordered (the device id is part of every stamp), the outcome is the same whatever order changes
 * arrive in: every device ends with, per field, the value of the newest write.
 *
 * Local writes (main/sync/mutate.ts) stamp the same clocks, so local and remote changes meet in
 * the same bookkeeping. An edit that arrives before the record it edits (its create is in a file
 * from another device, not here yet) is parked in `sync_orphans` with its stamps and applied when
 * the record is created. A record edited on one device after it was deleted on another becomes a
 * conflict for the user (sync_conflicts); the data still follows last-writer-wins meanwhile.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/database';
import type { SearchIndexBatch } from '../../db/search-index';
import { parseHlc } from './hlc';
import { fieldStamp, hlcTime, readClocks, readFields, writeClocks, type RecordClocks, type Writer } from './mutate';
import type { ChangeRecord } from './sync.files';
import { syncedTables, type FieldValue, type Fields, type SyncedTable, type SyncedTableName } from './tables';

export interface ApplyContext {
  writer: Writer;
  /** A stamp further ahead of the wall clock than this is not followed by this device's clock. */
  maxDriftMs: number;
  /** Called for a change whose stamp runs ahead of this computer's clock by more than the drift. */
  onClockAhead(device: string, aheadMs: number): void;
  /** Counts conflicts opened while applying. */
  conflictsOpened: number;
  /** Whether `sync_orphans` may hold rows (looked up once, set when an edit is parked). */
  orphansParked?: boolean;
}

export type ApplyOutcome = 'applied' | 'duplicate' | 'orphan';

/** Columns that only say where a record is linked (moved by merges, also on trashed rows). */
const LINK_FIELDS = new Set([
  'customer_id',
  'record_id',
  'record_type',
  'person_id',
  'organization_id',
  'converted_customer_id',
  'merged_into_id',
]);

/** Tables whose deleted records the user sees in Trash, so an edit after a delete is worth asking about. */
const CONFLICT_TABLES = new Set<string>([
  'customers',
  'notes',
  'activities',
  'leads',
  'opportunities',
  'products',
  'quotes',
  'invoices',
  'payments',
]);

export function isSyncedTable(name: string): name is SyncedTableName {
  return Object.hasOwn(syncedTables, name);
}

const nodeOf = (stamp: string): string => stamp.slice(-16);

function encode(table: SyncedTable, field: string, value: FieldValue): unknown {
  return table.jsonFields.includes(field) ? JSON.stringify(value) : value;
}

type StoredRow = Record<string, unknown>;

function loadRow(db: Db, table: SyncedTable, id: string): StoredRow | undefined {
  return db.prepare(`SELECT * FROM ${table.name} WHERE id = ?`).get(id) as StoredRow | undefined;
}

/** One field value with the stamp of the write that set it. */
interface StampedField {
  field: string;
  value: FieldValue;
  stamp: string;
}

/**
 * Writes the stamped values that are newer than what the record holds; returns the fields taken.
 * `clocks` is updated in place.
 */
function mergeFields(
  db: Db,
  table: SyncedTable,
  id: string,
  row: StoredRow,
  clocks: RecordClocks,
  incoming: readonly StampedField[],
  index: SearchIndexBatch | undefined,
): string[] {
  const winners: StampedField[] = [];
  for (const item of incoming) {
    const current = fieldStamp(clocks, item.field);
    if (current === undefined || item.stamp > current) winners.push(item);
  }
  if (winners.length === 0) return [];
  const current = readFields(table, row);
  const changed: Fields = {};
  let newest = String(row.updated_at ?? '');
  for (const w of winners) {
    changed[w.field] = w.value;
    clocks[w.field] = w.stamp;
    const at = hlcTime(w.stamp);
    if (at > newest) newest = at;
  }
  const columns: Record<string, unknown> = { updated_at: newest };
  for (const [field, value] of Object.entries(changed)) columns[field] = encode(table, field, value);
  if (table.derive) Object.assign(columns, table.derive({ ...current, ...changed }));
  if ('search_text' in columns) index?.updated(table.name, Number(row.seq), String(row.search_text));
  const names = Object.keys(columns);
  db.prepare(`UPDATE ${table.name} SET ${names.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
    ...names.map((c) => columns[c]),
    id,
  );
  writeClocks(db, table.name, id, clocks);
  return winners.map((w) => w.field);
}

function insertRow(
  db: Db,
  table: SyncedTable,
  id: string,
  fields: Fields,
  stamp: string,
  index: SearchIndexBatch | undefined,
): void {
  const columns: Record<string, unknown> = { id, updated_at: hlcTime(stamp), ...(table.derive?.(fields) ?? {}) };
  for (const [field, value] of Object.entries(fields)) columns[field] = encode(table, field, value);
  const names = Object.keys(columns);
  const { lastInsertRowid } = db
    .prepare(`INSERT INTO ${table.name} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
    .run(...names.map((n) => columns[n]));
  index?.inserted(table.name, Number(lastInsertRowid));
  db.prepare('INSERT INTO record_clocks (table_name, row_id, clocks) VALUES (?, ?, ?)').run(
    table.name,
    id,
    JSON.stringify({ '*': stamp }),
  );
}

interface Orphan {
  fields: Fields;
  clocks: RecordClocks;
}

function readOrphan(db: Db, table: string, id: string): Orphan | null {
  const row = db
    .prepare('SELECT fields, clocks FROM sync_orphans WHERE table_name = ? AND row_id = ?')
    .get(table, id) as { fields: string; clocks: string } | undefined;
  return row ? { fields: JSON.parse(row.fields) as Fields, clocks: JSON.parse(row.clocks) as RecordClocks } : null;
}

function parkOrphan(db: Db, table: string, id: string, change: ChangeRecord): void {
  const orphan = readOrphan(db, table, id) ?? { fields: {}, clocks: {} };
  for (const [field, value] of Object.entries(change.fields)) {
    const current = orphan.clocks[field];
    if (current === undefined || change.hlc > current) {
      orphan.fields[field] = value;
      orphan.clocks[field] = change.hlc;
    }
  }
  db.prepare(
    `INSERT INTO sync_orphans (table_name, row_id, fields, clocks) VALUES (?, ?, ?, ?)
     ON CONFLICT (table_name, row_id) DO UPDATE SET fields = excluded.fields, clocks = excluded.clocks`,
  ).run(table, id, JSON.stringify(orphan.fields), JSON.stringify(orphan.clocks));
}

// ---- Conflicts -------------------------------------------------------------------------------

/** Fields edited after the record's delete by a device other than the one that deleted it. */
export function editsAfterDelete(table: SyncedTable, row: StoredRow, clocks: RecordClocks): string[] {
  if (row.deleted_at === null || row.deleted_at === undefined) return [];
  const deletedStamp = fieldStamp(clocks, 'deleted_at') ?? '';
  const edited: string[] = [];
  for (const field of table.fields) {
    if (field === 'deleted_at' || LINK_FIELDS.has(field)) continue;
    const stamp = fieldStamp(clocks, field);
    if (stamp !== undefined && stamp > deletedStamp && nodeOf(stamp) !== nodeOf(deletedStamp)) edited.push(field);
  }
  return edited;
}

/**
 * Opens, updates or closes the conflict of one record after a change to it. A conflict closes
 * by itself when the record is restored, or deleted again after the edits (on any device).
 */
export function reviewConflict(db: Db, table: SyncedTable, id: string, now: string): 'opened' | 'open' | 'none' {
  if (!CONFLICT_TABLES.has(table.name)) return 'none';
  const row = loadRow(db, table, id);
  const open = db
    .prepare('SELECT id FROM sync_conflicts WHERE resolved_at IS NULL AND table_name = ? AND row_id = ?')
    .get(table.name, id) as { id: string } | undefined;
  const clocks = readClocks(db, table.name, id);
  const edited = row ? editsAfterDelete(table, row, clocks) : [];
  if (edited.length === 0) {
    if (open) {
      const resolution = row && row.deleted_at !== null ? 'deleted' : 'restored';
      db.prepare('UPDATE sync_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?').run(
        now,
        resolution,
        open.id,
      );
    }
    return 'none';
  }
  const deletedStamp = fieldStamp(clocks, 'deleted_at') ?? '';
  let editedStamp = '';
  for (const field of edited) {
    const stamp = fieldStamp(clocks, field) ?? '';
    if (stamp > editedStamp) editedStamp = stamp;
  }
  if (open) {
    db.prepare('UPDATE sync_conflicts SET deleted_hlc = ?, edited_hlc = ?, fields = ? WHERE id = ?').run(
      deletedStamp,
      editedStamp,
      JSON.stringify(edited),
      open.id,
    );
    return 'open';
  }
  db.prepare(
    `INSERT INTO sync_conflicts (id, table_name, row_id, deleted_hlc, edited_hlc, fields, detected_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(crypto.randomUUID(), table.name, id, deletedStamp, editedStamp, JSON.stringify(edited), now);
  return 'opened';
}

// ---- Applying one change -----------------------------------------------------------------------

function logRemote(db: Db, change: ChangeRecord): void {
  db.prepare(
    'INSERT INTO change_log (hlc, device_id, user_id, table_name, row_id, fields, remote) VALUES (?, ?, ?, ?, ?, ?, 1)',
  ).run(change.hlc, change.device, change.user, change.table, change.rowId, JSON.stringify(change.fields));
}

/** Must run inside the transaction that also records which file it came from. */
export function applyChange(ctx: ApplyContext, change: ChangeRecord): ApplyOutcome {
  const { db, clock } = ctx.writer;
  if (!isSyncedTable(change.table)) throw new Error(`unknown synced table ${change.table}`);
  const table: SyncedTable = syncedTables[change.table];
  const row = loadRow(db, table, change.rowId);
  ctx.orphansParked ??= db.prepare('SELECT 1 FROM sync_orphans LIMIT 1').get() !== undefined;
  // A change to a record that is neither here nor parked cannot have been applied before, so the
  // log lookup is only needed otherwise (most changes of a first sync are creates).
  if (row || ctx.orphansParked) {
    const seen = db
      .prepare('SELECT 1 FROM change_log WHERE table_name = ? AND row_id = ? AND hlc = ?')
      .get(table.name, change.rowId, change.hlc);
    if (seen) return 'duplicate';
  }

  if (!clock.observe(change.hlc, ctx.maxDriftMs)) {
    const millis = parseHlc(change.hlc)?.millis ?? 0;
    ctx.onClockAhead(change.device, millis - clock.wallTime());
  }
  // A newer app may send fields this one does not know (its files are held back by schema
  // version first); anything unknown here is dropped rather than written into the wrong column.
  const fields: Fields = {};
  for (const [field, value] of Object.entries(change.fields)) if (table.fields.includes(field)) fields[field] = value;

  let outcome: ApplyOutcome = 'applied';
  let orphanMerged = false;
  if (!row) {
    if ('created_at' in fields) {
      insertRow(db, table, change.rowId, { deleted_at: null, ...fields }, change.hlc, ctx.writer.searchIndex);
      const orphan = ctx.orphansParked ? readOrphan(db, table.name, change.rowId) : null;
      if (orphan) {
        orphanMerged = true;
        const created = loadRow(db, table, change.rowId) ?? {};
        const clocks = readClocks(db, table.name, change.rowId);
        const parked = Object.entries(orphan.fields).map(([field, value]) => ({
          field,
          value,
          stamp: orphan.clocks[field] ?? '',
        }));
        mergeFields(db, table, change.rowId, created, clocks, parked, ctx.writer.searchIndex);
        db.prepare('DELETE FROM sync_orphans WHERE table_name = ? AND row_id = ?').run(table.name, change.rowId);
      }
    } else {
      parkOrphan(db, table.name, change.rowId, { ...change, fields });
      ctx.orphansParked = true;
      outcome = 'orphan';
    }
  } else {
    const clocks = readClocks(db, table.name, change.rowId);
    const incoming = Object.entries(fields).map(([field, value]) => ({ field, value, stamp: change.hlc }));
    mergeFields(db, table, change.rowId, row, clocks, incoming, ctx.writer.searchIndex);
  }
  logRemote(db, change);
  ctx.writer.touched.add(table.name);
  // Conflicts live on deleted records only: a change that neither touches `deleted_at` nor lands on
  // a deleted row cannot open or close one (this keeps the common case free of extra reads).
  const mayConflict =
    (fields.deleted_at !== undefined && fields.deleted_at !== null) ||
    (row !== undefined && row.deleted_at !== null) ||
    orphanMerged;
  if (
    outcome === 'applied' &&
    mayConflict &&
    reviewConflict(db, table, change.rowId, new Date(clock.wallTime()).toISOString()) === 'opened'
  ) {
    ctx.conflictsOpened += 1;
  }
  return outcome;
}
