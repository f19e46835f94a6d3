/**
 * Bulk writes with the full-text indexes kept up to date by hand instead of by trigger.
 *
 * The `<table>_fts` indexes (migrations 1 and 2) are kept by AFTER INSERT / UPDATE triggers. A
 * trigger's statements run under a statement savepoint, and FTS5 flushes its pending terms to a
 * new index segment at every savepoint: one tiny segment per row, merged over and over. Applying
 * a sync file of 10,000 new customers that way is about ten times slower than writing the same
 * index entries from code in one go (an import batch: about four times). So bulk work (applying sync
 * files, importing) drops the insert/update triggers inside its transaction, records which rows it
 * wrote, writes their index entries itself, and puts the triggers back, all in the same
 * transaction: a failure rolls all of it back together.
 */
import type { Db } from './database';

/**
 * The rows a bulk write touched, each with what the index held for it before the batch (null:
 * the row is new). What to index is read back from the rows at flush, not remembered from the
 * writes: a savepoint rolled back inside the batch (an import row refused after its organization
 * was created) then leaves no trace in the index, and a row id it freed may be taken again.
 */
export class SearchIndexBatch {
  private readonly entries = new Map<string, Map<number, string | null>>();

  constructor(readonly tables: ReadonlySet<string>) {}

  /** A new row of an indexed table. */
  inserted(table: string, seq: number): void {
    const rows = this.rows(table);
    if (rows && !rows.has(seq)) rows.set(seq, null);
  }

  /** An indexed row whose search text is being rewritten; `before` is what it held until now. */
  updated(table: string, seq: number, before: string): void {
    const rows = this.rows(table);
    if (rows && !rows.has(seq)) rows.set(seq, before);
  }

  private rows(table: string): Map<number, string | null> | undefined {
    if (!this.tables.has(table)) return undefined;
    let rows = this.entries.get(table);
    if (!rows) {
      rows = new Map();
      this.entries.set(table, rows);
    }
    return rows;
  }

  flush(db: Db): void {
    for (const [table, rows] of this.entries) {
      const read = db.prepare(`SELECT search_text FROM ${table} WHERE seq = ?`);
      const remove = db.prepare(`INSERT INTO ${table}_fts (${table}_fts, rowid, search_text) VALUES ('delete', ?, ?)`);
      const add = db.prepare(`INSERT INTO ${table}_fts (rowid, search_text) VALUES (?, ?)`);
      for (const [seq, indexed] of rows) {
        const current = (read.get(seq) as { search_text: string } | undefined)?.search_text;
        if (indexed !== null) {
          if (indexed === current) continue;
          remove.run(seq, indexed);
        }
        if (current !== undefined) add.run(seq, current);
      }
    }
    this.entries.clear();
  }
}

const TRIGGER_PATTERN = /^(.+)_fts_(insert|update)$/;

/**
 * Runs `fn` (inside the caller's transaction) with the index triggers of insert and update lifted;
 * `fn` reports its writes to the batch, which is written to the indexes before the triggers return.
 */
export function withSearchIndexBatch<T>(db: Db, fn: (batch: SearchIndexBatch) => T): T {
  if (!db.sqlite.inTransaction) throw new Error('withSearchIndexBatch must run inside a transaction');
  const triggers = db.sqlite
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (name LIKE '%_fts_insert' OR name LIKE '%_fts_update')",
    )
    .all() as { name: string; sql: string }[];
  const tables = new Set<string>();
  for (const trigger of triggers) {
    const table = TRIGGER_PATTERN.exec(trigger.name)?.[1];
    if (table) tables.add(table);
  }
  for (const trigger of triggers) db.sqlite.exec(`DROP TRIGGER ${trigger.name}`);
  const batch = new SearchIndexBatch(tables);
  const result = fn(batch);
  batch.flush(db);
  for (const trigger of triggers) db.sqlite.exec(trigger.sql);
  return result;
}
