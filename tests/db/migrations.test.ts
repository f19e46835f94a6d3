import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, type Db } from '../../db/database';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from '../../db/migrations/index';
import { AppError } from '../../shared/errors';
import { tempDir } from '../helpers/temp-app';

const dirs: string[] = [];
const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dbFile(): string {
  const dir = tempDir();
  dirs.push(dir);
  return path.join(dir, 'pishkhan.sqlite');
}
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('migrations', () => {
  it('bring a fresh database to the latest version with the expected pragmas', () => {
    const db = openDatabase(dbFile());
    opened.push(db);
    expect(schemaVersion(db.sqlite)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = (
      db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]
    ).map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining(['customers', 'users', 'change_log', 'record_clocks', 'local_state']),
    );
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('are numbered 1..n in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('refuse a database written by a newer version and leave the file untouched', () => {
    const file = dbFile();
    const newer = new Database(file);
    newer.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('keep me');");
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    newer.close();
    const before = sha(file);
    const filesBefore = fs.readdirSync(path.dirname(file)).sort();

    let error: unknown;
    try {
      opened.push(openDatabase(file));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('schema_too_new');
    expect((error as AppError).params).toEqual({ found: LATEST_SCHEMA_VERSION + 5, supported: LATEST_SCHEMA_VERSION });
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(filesBefore);
  });

  it('copy an existing database before running pending migrations, and run each in a transaction', () => {
    const file = dbFile();
    const first = openDatabase(file);
    first.sqlite.prepare(`INSERT INTO local_state (key, value) VALUES ('marker', 'v1 data')`).run();
    first.close();

    const broken: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'fails half-way',
      up(db) {
        db.exec('CREATE TABLE half_done (x TEXT)');
        throw new Error('migration bug');
      },
    };
    expect(() => openDatabase(file, { migrations: [...migrations, broken] })).toThrow('migration bug');

    // The failed migration left nothing behind and the version did not move.
    const check = new Database(file);
    expect(schemaVersion(check)).toBe(LATEST_SCHEMA_VERSION);
    expect(check.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    check.close();

    const copies = fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.before-v'));
    expect(copies).toHaveLength(1);
    const copy = new Database(path.join(path.dirname(file), copies[0] ?? ''), { readonly: true });
    expect(copy.prepare(`SELECT value FROM local_state WHERE key = 'marker'`).get()).toEqual({ value: 'v1 data' });
    copy.close();

    const good: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'adds a table',
      up(db) {
        db.exec('CREATE TABLE later_feature (id TEXT)');
      },
    };
    const upgraded = openDatabase(file, { migrations: [...migrations, good] });
    opened.push(upgraded);
    expect(schemaVersion(upgraded.sqlite)).toBe(LATEST_SCHEMA_VERSION + 1);
  });

  it('does not make a copy when creating a new database', () => {
    const file = dbFile();
    opened.push(openDatabase(file));
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.before-v'))).toEqual([]);
  });
});
