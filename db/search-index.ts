/**
 * Bulk writes with the full-text indexes kept up to date by hand instead of by trigger.
 *
 * The `<table>_fts` indexes (migrations 1 and 2) are kept by AFTER INSERT / UPDATE triggers. A
 * trigger's statements run under a statement savepoint, and FTS5 flushes its pending terms to a
 * new index segment at every savepoint: one tiny segment per row, merged over and over. Applying
 * a sync file of 10,000 new customers that way is about ten times slower than writing the same
 * index entries from code in one go. So bulk work (applying sync files) drops the insert/update
 * triggers inside its transaction, records what it wrote, writes the index entries itself, and
 * puts the triggers back, all in the same transaction: a failure rolls all of it back together.
 */
import type { Db } from './database';

interface Entry {
  /** What the index holds for the row now (null: not indexed yet, the row is new in this batch). */
  indexed: string | null;
  current: string;
}

export class SearchIndexBatch {
  private readonly entries = new Map<string, Map<number, Entry>>();

  constructor(readonly tables: ReadonlySet<string>) {}

  /** A new row of an indexed table. */
  inserted(table: string, seq: number, text: string): void {
    if (!this.tables.has(table)) return;
    this.rows(table).set(seq, { indexed: null, current: text });
  }

  /** An indexed row whose search text was (re)written; `before` is what it held until now. */
  updated(table: string, seq: number, before: string, after: string): void {
    if (!this.tables.has(table)) return;
    const rows = this.rows(table);
    const entry = rows.get(seq);
    if (entry) entry.current = after;
    else rows.set(seq, { indexed: before, current: after });
  }

  private rows(table: string): Map<number, Entry> {
    let rows = this.entries.get(table);
    if (!rows) {
      rows = new Map();
      this.entries.set(table, rows);
    }
    return rows;
  }

  flush(db: Db): void {
    for (const [table, rows] of this.entries) {
      const remove = db.prepare(`INSERT INTO ${table}_fts (${table}_fts, rowid, search_text) VALUES ('delete', ?, ?)`);
      const add = db.prepare(`INSERT INTO ${table}_fts (rowid, search_text) VALUES (?, ?)`);
      for (const [seq, entry] of rows) {
        if (entry.indexed !== null) {
          if (entry.indexed === entry.current) continue;
          remove.run(seq, entry.indexed);
        }
        add.run(seq, entry.current);
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
