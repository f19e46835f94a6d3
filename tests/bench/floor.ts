/**
 * Lower bounds for the bulk-write aims, measured on the rows a benchmark just wrote.
 *
 * `rawInsert` writes a table's rows again into a copy of it (same columns and indexes). `sqlFloor`
 * writes everything the data design stores per change, without any logic: the row, its
 * `record_clocks` row, its `change_log` row and its search-index entry, into copies of those
 * tables, in one transaction. No import or apply can write less than that (DESIGN.md: every write
 * stamps field clocks and appends a change record in the same transaction; Persian search needs
 * the trigram index), so its time is a floor under theirs.
 */
import type { SqliteDatabase } from '../../db/database';
import { timed } from './timing';

type StoredRow = Record<string, unknown>;

/** Creates `bench_<table>` with the same columns and indexes as `table` (no triggers). */
function copyTable(sqlite: SqliteDatabase, table: string): string {
  const copy = `bench_${table}`;
  const schema = sqlite
    .prepare(
      "SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL AND type IN ('table', 'index')",
    )
    .all(table) as { type: string; sql: string }[];
  const copySql = (sql: string) =>
    sql
      .replace(new RegExp(`^CREATE TABLE ${table}\\b`), `CREATE TABLE ${copy}`)
      .replace(/^CREATE INDEX (\w+) ON \w+/, (_all, name: string) => `CREATE INDEX bench_${name} ON ${copy}`);
  for (const { sql } of schema.sort((x, y) => Number(y.type === 'table') - Number(x.type === 'table')))
    sqlite.exec(copySql(sql));
  return copy;
}

/** Inserts `rows` (as stored) into a copy of `table` with the same columns and indexes: milliseconds. */
export function rawInsert(sqlite: SqliteDatabase, table: string, rows: readonly StoredRow[]): number {
  const copy = copyTable(sqlite, table);
  const columns = Object.keys(rows[0] ?? {});
  const insert = sqlite.prepare(
    `INSERT INTO ${copy} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  const run = timed(() => sqlite.transaction(() => rows.forEach((row) => insert.run(row)))());
  sqlite.exec(`DROP TABLE ${copy}`);
  return run.ms;
}

export interface Floor {
  rows: number;
  ms: number;
}

/**
 * Writes `table`'s rows again with their clock rows, change-log rows and trigram entries into
 * copies, in one transaction (the most favourable batching): milliseconds. The values are read
 * and laid out before the clock starts, so only SQLite's work is timed.
 */
export function sqlFloor(sqlite: SqliteDatabase, table: string): Floor {
  const rows = sqlite.prepare(`SELECT * FROM ${table} ORDER BY seq`).all() as StoredRow[];
  const clocks = sqlite
    .prepare('SELECT table_name, row_id, clocks FROM record_clocks WHERE table_name = ?')
    .raw()
    .all(table);
  const log = sqlite.prepare('SELECT * FROM change_log WHERE table_name = ? ORDER BY seq').all(table) as StoredRow[];
  const rowColumns = Object.keys(rows[0] ?? {}).filter((c) => c !== 'seq');
  const logColumns = Object.keys(log[0] ?? {}).filter((c) => c !== 'seq');
  const rowValues = rows.map((row) => rowColumns.map((c) => row[c]));
  const logValues = log.map((entry) => logColumns.map((c) => entry[c]));
  const searchText = rows.map((row) => row.search_text);

  const copies = [copyTable(sqlite, table), copyTable(sqlite, 'record_clocks'), copyTable(sqlite, 'change_log')];
  const [rowCopy = '', clockCopy = '', logCopy = ''] = copies;
  sqlite.exec(
    `CREATE VIRTUAL TABLE ${rowCopy}_fts USING fts5(search_text, content = '${rowCopy}', content_rowid = 'seq', tokenize = 'trigram')`,
  );
  const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const insertRow = sqlite.prepare(
    `INSERT INTO ${rowCopy} (${rowColumns.join(', ')}) VALUES (${placeholders(rowColumns.length)})`,
  );
  const insertClock = sqlite.prepare(`INSERT INTO ${clockCopy} (table_name, row_id, clocks) VALUES (?, ?, ?)`);
  const insertLog = sqlite.prepare(
    `INSERT INTO ${logCopy} (${logColumns.join(', ')}) VALUES (${placeholders(logColumns.length)})`,
  );
  const insertSearch = sqlite.prepare(`INSERT INTO ${rowCopy}_fts (rowid, search_text) VALUES (?, ?)`);
  const run = timed(() =>
    sqlite.transaction(() => {
      rowValues.forEach((values, i) => insertSearch.run(insertRow.run(values).lastInsertRowid, searchText[i]));
      for (const values of clocks) insertClock.run(values);
      for (const values of logValues) insertLog.run(values);
    })(),
  );
  sqlite.exec(`DROP TABLE ${rowCopy}_fts`);
  for (const copy of copies) sqlite.exec(`DROP TABLE ${copy}`);
  return { rows: rows.length, ms: run.ms };
}
