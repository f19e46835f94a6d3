/**
 * Opening the data file: pragmas, the newer-version check, a safety copy, then migrations.
 *
 * Queries are written with kysely (typed, compiled) and executed synchronously by
 * better-sqlite3. Keeping execution synchronous means a transaction is one plain function call
 * that no other request can interleave with, which the write path relies on.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type InferResult,
} from 'kysely';
import { AppError } from '../shared/errors';
import { migrations as appMigrations, type Migration } from './migrations/index';
import type { Schema } from './schema';

export type SqliteDatabase = Database.Database;

export interface OpenOptions {
  /** better-sqlite3 native binding to load (Electron ships a different Node ABI). */
  nativeBinding?: string;
  /** The migration list; tests pass a longer one to exercise upgrades. */
  migrations?: readonly Migration[];
}

/** Query builder only: kysely compiles, better-sqlite3 runs. */
export const sql = new Kysely<Schema>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

type Row<Q extends Compilable<unknown>> = InferResult<Q>[number];

export class Db {
  readonly sqlite: SqliteDatabase;
  readonly file: string;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(sqlite: SqliteDatabase, file: string) {
    this.sqlite = sqlite;
    this.file = file;
  }

  /** Prepared statements are cached by SQL text; the set of distinct queries is small. */
  prepare(sqlText: string): Database.Statement {
    let statement = this.statements.get(sqlText);
    if (!statement) {
      statement = this.sqlite.prepare(sqlText);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sqlText, statement);
    }
    return statement;
  }

  all<Q extends Compilable<unknown>>(query: Q): Row<Q>[] {
    const compiled = query.compile();
    return this.prepare(compiled.sql).all(...(compiled.parameters as unknown[])) as Row<Q>[];
  }

  first<Q extends Compilable<unknown>>(query: Q): Row<Q> | undefined {
    const compiled = query.compile();
    return this.prepare(compiled.sql).get(...(compiled.parameters as unknown[])) as Row<Q> | undefined;
  }

  run(query: Compilable): Database.RunResult {
    const compiled = query.compile();
    return this.prepare(compiled.sql).run(...(compiled.parameters as unknown[]));
  }

  /** Runs `fn` in one IMMEDIATE transaction (takes the write lock up front, so no upgrade deadlock). */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }

  /**
   * Re-analyzes the tables whose size changed a lot since their statistics were taken. Bulk
   * writers call it between batches: statistics taken while a table was nearly empty (those of a
   * new data file) make SQLite plan full scans in FTS5's own bookkeeping, and inserts slow down as
   * the search index grows (measured: 15,000 → 150 new customers a second by the 80,000th).
   */
  refreshStatistics(): void {
    this.sqlite.pragma('optimize = 0x10002');
  }

  close(): void {
    this.statements.clear();
    if (!this.sqlite.open) return;
    try {
      this.sqlite.pragma('optimize');
    } catch {
      // A read-only or busy file keeps its old statistics.
    }
    this.sqlite.close();
  }
}

export function schemaVersion(sqlite: SqliteDatabase): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

/**
 * Opens (creating if needed) the database file and brings it to the latest schema.
 * A file written by a newer app version is refused before anything is written to it.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  const migrations = options.migrations ?? appMigrations;
  const latest = migrations.length;
  const sqlite = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // Read-only look first: the version check must not change a newer app's file.
    const found = schemaVersion(sqlite);
    if (found > latest) {
      throw new AppError('schema_too_new', {
        params: { found, supported: latest },
        message: `${file} has data version ${found}; this Pishkhan reads up to ${latest}. Update Pishkhan to open it; nothing was changed.`,
      });
    }
    sqlite.pragma('journal_mode = WAL');
    // FULL: in WAL mode NORMAL survives an app crash but can lose the last commits on power loss
    // or an OS crash. A shop's invoice must survive both; writes are human-paced, so the extra
    // fsync per commit costs nothing anyone notices. Bulk work batches rows per transaction.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // 64 MiB of page cache instead of SQLite's 2 MiB default here: list and search pages over
    // 100,000 customers then come from memory (measured: search 31 → 12 ms p50).
    sqlite.pragma('cache_size = -65536');
    migrate(sqlite, file, existed, migrations);
    // Fresh statistics for the query planner (cheap: analyses only what changed, with a limit).
    // Without them SQLite may walk a broad index where a partial one answers in milliseconds.
    sqlite.pragma('optimize = 0x10002');
    return new Db(sqlite, file);
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

function migrate(sqlite: SqliteDatabase, file: string, existed: boolean, migrations: readonly Migration[]): void {
  const current = schemaVersion(sqlite);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  if (existed && current > 0) {
    // A copy of the data as it was, in case a migration misbehaves on a real shop's file.
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const copy = path.join(path.dirname(file), `${path.basename(file)}.before-v${migrations.length}-${stamp}.bak`);
    sqlite.prepare('VACUUM INTO ?').run(copy);
  }
  for (const migration of pending) {
    sqlite
      .transaction(() => {
        migration.up(sqlite);
        sqlite.pragma(`user_version = ${migration.version}`);
      })
      .immediate();
  }
}
