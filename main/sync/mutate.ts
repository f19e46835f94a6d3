/**
 * The one write path for synced tables. Every insert, update, delete (tombstone) and restore:
 *  - gets one HLC stamp for the write,
 *  - changes the row (and its derived columns),
 *  - appends one change record with exactly the fields that changed,
 *  - stamps those fields in `record_clocks`,
 * all in the same transaction, so a change is either fully recorded or not there at all.
 * That log is the per-record history and, later, what sync publishes.
 */
import type { Db } from '../../db/database';
import { withSearchIndexBatch, type SearchIndexBatch } from '../../db/search-index';
import type { HlcClock } from './hlc';
import { syncedTables, type FieldValue, type Fields, type SyncedTable, type SyncedTableName } from './tables';

export interface Writer {
  db: Db;
  clock: HlcClock;
  deviceId: string;
  userId: string;
  /** Tables written since the last flush; the app turns them into `data.changed` events. */
  touched: Set<string>;
  /** Set inside `bulkWrite`: the search indexes are written from here instead of by trigger. */
  searchIndex?: SearchIndexBatch;
}

/**
 * Runs a bulk write (an import's batch, a sync file) inside the caller's transaction with the
 * search-index triggers lifted: every insert and update below reports its search text to the
 * batch, which writes the index entries in one go at the end (db/search-index.ts says why).
 */
export function bulkWrite<T>(w: Writer, fn: () => T): T {
  // Inside another bulk write the triggers are already lifted: its batch takes these writes too.
  if (w.searchIndex) return fn();
  return withSearchIndexBatch(w.db, (batch) => {
    w.searchIndex = batch;
    try {
      return fn();
    } finally {
      w.searchIndex = undefined;
    }
  });
}

type StoredRow = Record<string, unknown>;

function encode(table: SyncedTable, field: string, value: FieldValue): unknown {
  return table.jsonFields.includes(field) ? JSON.stringify(value) : value;
}

function decode(table: SyncedTable, field: string, stored: unknown): FieldValue {
  if (table.jsonFields.includes(field)) return JSON.parse(String(stored)) as FieldValue;
  return stored as FieldValue;
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function assertKnownFields(table: SyncedTable, fields: Fields): void {
  for (const field of Object.keys(fields)) {
    if (!table.fields.includes(field)) throw new Error(`${table.name}.${field} is not a synced field`);
  }
}

/** The synced fields of a stored row, decoded. */
export function readFields(table: SyncedTable, row: StoredRow): Fields {
  const fields: Fields = {};
  for (const field of table.fields) fields[field] = decode(table, field, row[field]);
  return fields;
}

function loadRow(w: Writer, table: SyncedTable, id: string): StoredRow | undefined {
  return w.db.prepare(`SELECT * FROM ${table.name} WHERE id = ?`).get(id) as StoredRow | undefined;
}

/** A record's clock JSON: `*` stamps every field set when it was created; later writes add their fields. */
export type RecordClocks = Record<string, string>;

/** The stamp of one field's current value. */
export function fieldStamp(clocks: RecordClocks, field: string): string | undefined {
  return clocks[field] ?? clocks['*'];
}

/** Reads a record's clocks (empty for rows that predate the write path, e.g. seeded ones). */
export function readClocks(db: Db, tableName: string, id: string): RecordClocks {
  const row = db.prepare('SELECT clocks FROM record_clocks WHERE table_name = ? AND row_id = ?').get(tableName, id) as
    { clocks: string } | undefined;
  return row ? (JSON.parse(row.clocks) as RecordClocks) : {};
}

/** The newest stamp on a record. */
export function newestStamp(clocks: RecordClocks): string | undefined {
  let newest: string | undefined;
  for (const stamp of Object.values(clocks)) if (!newest || stamp > newest) newest = stamp;
  return newest;
}

export function writeClocks(db: Db, tableName: string, id: string, clocks: RecordClocks): void {
  db.prepare(
    'INSERT INTO record_clocks (table_name, row_id, clocks) VALUES (?, ?, ?) ON CONFLICT (table_name, row_id) DO UPDATE SET clocks = excluded.clocks',
  ).run(tableName, id, JSON.stringify(clocks));
}

function writeChange(
  w: Writer,
  table: SyncedTable,
  id: string,
  hlc: string,
  changed: Fields,
  previous: RecordClocks | null,
): void {
  w.db
    .prepare('INSERT INTO change_log (hlc, device_id, user_id, table_name, row_id, fields) VALUES (?, ?, ?, ?, ?, ?)')
    .run(hlc, w.deviceId, w.userId, table.name, id, JSON.stringify(changed));
  if (!previous) {
    // One stamp for the whole new record keeps the clock row small (one HLC instead of one per field).
    w.db
      .prepare('INSERT INTO record_clocks (table_name, row_id, clocks) VALUES (?, ?, ?)')
      .run(table.name, id, JSON.stringify({ '*': hlc }));
  } else {
    const clocks: RecordClocks = { ...previous };
    for (const field of Object.keys(changed)) clocks[field] = hlc;
    writeClocks(w.db, table.name, id, clocks);
  }
  w.touched.add(table.name);
}

function inTransaction<T>(w: Writer, fn: () => T): T {
  return w.db.sqlite.inTransaction ? fn() : w.db.transaction(fn);
}

/** Creates a record. Every listed field is logged; unlisted synced fields take column defaults. */
export function insertRecord(w: Writer, tableName: SyncedTableName, id: string, fields: Fields): void {
  const table: SyncedTable = syncedTables[tableName];
  assertKnownFields(table, fields);
  inTransaction(w, () => {
    const hlc = w.clock.now();
    const at = hlcTime(hlc);
    const values: Fields = { created_at: at, deleted_at: null, ...fields };
    const columns: Record<string, unknown> = { id, updated_at: at, ...(table.derive?.(values) ?? {}) };
    for (const [field, value] of Object.entries(values)) columns[field] = encode(table, field, value);
    const names = Object.keys(columns);
    const { lastInsertRowid } = w.db
      .prepare(`INSERT INTO ${table.name} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
      .run(...names.map((n) => columns[n]));
    w.searchIndex?.inserted(table.name, Number(lastInsertRowid));
    writeChange(w, table, id, hlc, values, null);
  });
}

/**
 * Changes the given fields of a record; fields whose value is unchanged are not written or
 * logged. Returns the names of the fields that changed (empty: nothing was written).
 */
export function updateRecord(w: Writer, tableName: SyncedTableName, id: string, fields: Fields): string[] {
  const table: SyncedTable = syncedTables[tableName];
  assertKnownFields(table, fields);
  return inTransaction(w, () => {
    const row = loadRow(w, table, id);
    if (!row) throw new Error(`${table.name} ${id} does not exist`);
    const current = readFields(table, row);
    const changed: Fields = {};
    for (const [field, value] of Object.entries(fields)) {
      if (!sameValue(current[field] ?? null, value)) changed[field] = value;
    }
    const names = Object.keys(changed);
    if (names.length === 0) return [];
    // A synced edit from a device whose clock runs ahead may carry a stamp later than now: this
    // edit must still order after it, or it would lose to a value it was meant to replace.
    const clocks = readClocks(w.db, table.name, id);
    const hlc = w.clock.nowAfter(newestStamp(clocks));
    const columns: Record<string, unknown> = { updated_at: hlcTime(hlc) };
    for (const field of names) columns[field] = encode(table, field, changed[field] ?? null);
    if (table.derive) Object.assign(columns, table.derive({ ...current, ...changed }));
    if ('search_text' in columns) w.searchIndex?.updated(table.name, Number(row.seq), String(row.search_text));
    const assignments = Object.keys(columns);
    w.db
      .prepare(`UPDATE ${table.name} SET ${assignments.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`)
      .run(...assignments.map((c) => columns[c]), id);
    writeChange(w, table, id, hlc, changed, clocks);
    return names;
  });
}

/** Deletes by tombstone: the row stays (for Trash, undo and sync) with `deleted_at` set. */
export function deleteRecord(w: Writer, tableName: SyncedTableName, id: string): boolean {
  return updateRecord(w, tableName, id, { deleted_at: new Date().toISOString() }).length > 0;
}

export function restoreRecord(w: Writer, tableName: SyncedTableName, id: string): boolean {
  return updateRecord(w, tableName, id, { deleted_at: null }).length > 0;
}

/** The wall-clock part of an HLC stamp, as ISO-8601: the write's time in `updated_at`. */
export function hlcTime(hlc: string): string {
  return hlc.slice(0, 24);
}
