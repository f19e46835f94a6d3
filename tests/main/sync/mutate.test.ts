import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import {
  bulkWrite,
  deleteRecord,
  fieldStamp,
  insertRecord,
  restoreRecord,
  updateRecord,
} from '../../../main/sync/mutate';
import { openTestApp, type TestApp } from '../../helpers/temp-app';

let app: TestApp;
afterEach(() => app?.dispose());

interface LogRow {
  hlc: string;
  table_name: string;
  row_id: string;
  fields: string;
  device_id: string;
}

const log = (a: TestApp, id: string) =>
  (a.db.sqlite.prepare('SELECT * FROM change_log WHERE row_id = ? ORDER BY seq').all(id) as LogRow[]).map((r) => ({
    ...r,
    fields: JSON.parse(r.fields) as Record<string, unknown>,
  }));
const clocks = (a: TestApp, id: string) => {
  const row = a.db.sqlite.prepare('SELECT clocks FROM record_clocks WHERE row_id = ?').get(id) as
    { clocks: string } | undefined;
  return row ? (JSON.parse(row.clocks) as Record<string, string>) : undefined;
};
const count = (a: TestApp, table: string) =>
  (a.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const person = (name: string) => ({
  kind: 'person',
  name,
  organization_id: null,
  phones: [{ number: '+989121234567', label: 'mobile' }],
  emails: [],
  address: '',
  city: 'Tehran',
  tags: ['vip'],
  preferred_channel: null,
  description: '',
  owner_id: '00000000-0000-7000-8000-000000000001',
});

describe('write path', () => {
  it('stamps every field of a new record and logs it in one change record', () => {
    app = openTestApp();
    const id = uuidv7();
    insertRecord(app.writer, 'customers', id, person('Sara Ahmadi'));
    const [entry, ...rest] = log(app, id);
    expect(rest).toHaveLength(0);
    expect(entry?.table_name).toBe('customers');
    expect(entry?.device_id).toBe(app.info.deviceId);
    expect(entry?.fields).toMatchObject({ name: 'Sara Ahmadi', tags: ['vip'], deleted_at: null });
    const stamps = clocks(app, id) ?? {};
    for (const field of Object.keys(entry?.fields ?? {})) expect(fieldStamp(stamps, field)).toBe(entry?.hlc);
  });

  it('logs and stamps only the fields that changed', () => {
    app = openTestApp();
    const id = uuidv7();
    insertRecord(app.writer, 'customers', id, person('Sara Ahmadi'));
    const created = clocks(app, id) ?? {};
    const changed = updateRecord(app.writer, 'customers', id, { name: 'Sara Ahmadi-Far', city: 'Tehran' });
    expect(changed).toEqual(['name']);
    const entries = log(app, id);
    expect(entries).toHaveLength(2);
    expect(entries[1]?.fields).toEqual({ name: 'Sara Ahmadi-Far' });
    const after = clocks(app, id) ?? {};
    expect(fieldStamp(after, 'name')).toBe(entries[1]?.hlc);
    expect(fieldStamp(after, 'city')).toBe(fieldStamp(created, 'city'));
    expect(fieldStamp(after, 'name')! > fieldStamp(created, 'name')!).toBe(true);
  });

  it('writes nothing for an update that changes nothing', () => {
    app = openTestApp();
    const id = uuidv7();
    insertRecord(app.writer, 'customers', id, person('A'));
    expect(updateRecord(app.writer, 'customers', id, { tags: ['vip'], name: 'A' })).toEqual([]);
    expect(log(app, id)).toHaveLength(1);
  });

  it('deletes by tombstone and restores, each logged', () => {
    app = openTestApp();
    const id = uuidv7();
    insertRecord(app.writer, 'customers', id, person('A'));
    expect(deleteRecord(app.writer, 'customers', id)).toBe(true);
    const row = app.db.sqlite.prepare('SELECT deleted_at FROM customers WHERE id = ?').get(id) as {
      deleted_at: string;
    };
    expect(row.deleted_at).toMatch(/^\d{4}-/);
    expect(restoreRecord(app.writer, 'customers', id)).toBe(true);
    const fields = log(app, id).map((e) => e.fields.deleted_at);
    expect(fields).toEqual([null, row.deleted_at, null]);
  });

  it('leaves neither row nor log nor stamps when the row insert fails', () => {
    app = openTestApp();
    const id = uuidv7();
    expect(() => insertRecord(app.writer, 'customers', id, { ...person('A'), kind: 'robot' })).toThrow(/CHECK/);
    expect(count(app, 'customers')).toBe(0);
    expect(count(app, 'change_log')).toBe(0);
    expect(count(app, 'record_clocks')).toBe(0);
  });

  it('leaves no row when appending the change record fails', () => {
    app = openTestApp();
    app.db.sqlite.exec(
      `CREATE TEMP TRIGGER fail_log BEFORE INSERT ON change_log BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
    );
    expect(() => insertRecord(app.writer, 'customers', uuidv7(), person('A'))).toThrow(/disk full/);
    expect(count(app, 'customers')).toBe(0);
    expect(count(app, 'customers_fts')).toBe(0);
  });

  it('rolls back an update whose stamps cannot be written', () => {
    app = openTestApp();
    const id = uuidv7();
    insertRecord(app.writer, 'customers', id, person('Before'));
    app.db.sqlite.exec(
      `CREATE TEMP TRIGGER fail_clock BEFORE UPDATE ON record_clocks BEGIN SELECT RAISE(ABORT, 'boom'); END;`,
    );
    expect(() => updateRecord(app.writer, 'customers', id, { name: 'After' })).toThrow(/boom/);
    const row = app.db.sqlite.prepare('SELECT name FROM customers WHERE id = ?').get(id) as { name: string };
    expect(row.name).toBe('Before');
    expect(log(app, id)).toHaveLength(1);
  });

  it('refuses fields that are not synced', () => {
    app = openTestApp();
    expect(() => insertRecord(app.writer, 'customers', uuidv7(), { ...person('A'), search_text: 'x' })).toThrow(
      /not a synced field/,
    );
  });

  it('keeps stamps increasing in the log while the wall clock goes backwards', () => {
    let wall = Date.parse('2026-11-22T12:00:00.000Z');
    app = openTestApp({ wallClock: () => wall });
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    for (const id of ids) {
      insertRecord(app.writer, 'customers', id, person(id));
      wall -= 10 * 60 * 1000;
    }
    const stamps = (app.db.sqlite.prepare('SELECT hlc FROM change_log ORDER BY seq').all() as { hlc: string }[]).map(
      (r) => r.hlc,
    );
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(3);
  });

  it('continues the clock after reopening the same database', () => {
    const wall = Date.parse('2026-11-22T12:00:00.000Z');
    app = openTestApp({ wallClock: () => wall });
    insertRecord(app.writer, 'customers', uuidv7(), person('A'));
    const first = app.writer.clock.lastStamp();
    app.close();
    const again = openTestApp({ dataDir: app.dataDir, wallClock: () => wall - 2 * 60_000 });
    app = again;
    insertRecord(again.writer, 'customers', uuidv7(), person('B'));
    expect(again.writer.clock.lastStamp() > first).toBe(true);
  });

  it('reopened with the wall clock a day behind its stamps: starts from the wall clock, edits still order last', () => {
    const wall = Date.parse('2026-11-22T12:00:00.000Z');
    app = openTestApp({ wallClock: () => wall });
    const id = uuidv7();
    insertRecord(app.writer, 'customers', id, person('A'));
    const first = app.writer.clock.lastStamp();
    app.close();
    const again = openTestApp({ dataDir: app.dataDir, wallClock: () => wall - 86_400_000 });
    app = again;
    insertRecord(again.writer, 'customers', uuidv7(), person('B'));
    expect(again.writer.clock.lastStamp().slice(0, 24)).toBe('2026-11-21T12:00:00.000Z');
    updateRecord(again.writer, 'customers', id, { name: 'A2' });
    expect(fieldStamp(clocks(again, id) ?? {}, 'name')! > first).toBe(true);
  });
});

describe('bulk writes', () => {
  const search = (a: TestApp, term: string) =>
    (
      a.db.sqlite
        .prepare(
          'SELECT c.name FROM customers_fts f JOIN customers c ON c.seq = f.rowid WHERE customers_fts MATCH ? ORDER BY c.name',
        )
        .all(`"${term}"`) as { name: string }[]
    ).map((r) => r.name);
  const ftsIntact = (a: TestApp) =>
    a.db.sqlite.prepare("INSERT INTO customers_fts (customers_fts, rank) VALUES ('integrity-check', 1)").run();

  it('indexes what a bulk write inserted and updated, and nothing a rolled-back savepoint wrote', () => {
    app = openTestApp();
    const kept = uuidv7();
    const renamed = uuidv7();
    insertRecord(app.writer, 'customers', renamed, person('Old Name'));
    app.db.transaction(() =>
      bulkWrite(app.writer, () => {
        insertRecord(app.writer, 'customers', kept, person('Kept Karimi'));
        updateRecord(app.writer, 'customers', renamed, { name: 'New Name' });
        // A row refused after part of it was written: its savepoint rolls back, and the next
        // insert takes the row id it freed.
        expect(() =>
          app.db.transaction(() => {
            insertRecord(app.writer, 'customers', uuidv7(), person('Rolled Back'));
            updateRecord(app.writer, 'customers', kept, { name: 'Rolled Back Too' });
            throw new Error('refused');
          }),
        ).toThrow('refused');
        insertRecord(app.writer, 'customers', uuidv7(), person('Later Lotfi'));
        // The last row refused: the id it took stays free.
        expect(() =>
          app.db.transaction(() => {
            insertRecord(app.writer, 'customers', uuidv7(), person('Rolled Back Last'));
            throw new Error('refused');
          }),
        ).toThrow('refused');
      }),
    );
    expect(() => ftsIntact(app)).not.toThrow();
    expect(search(app, 'kept')).toEqual(['Kept Karimi']);
    expect(search(app, 'new name')).toEqual(['New Name']);
    expect(search(app, 'later')).toEqual(['Later Lotfi']);
    expect(search(app, 'old name')).toEqual([]);
    expect(search(app, 'rolled')).toEqual([]);
    // The triggers are back: a plain write after the bulk one is indexed as before.
    updateRecord(app.writer, 'customers', kept, { name: 'Kept Again' });
    expect(search(app, 'kept again')).toEqual(['Kept Again']);
    expect(() => ftsIntact(app)).not.toThrow();
  });

  it('a bulk write inside another one adds to the outer batch', () => {
    app = openTestApp();
    app.db.transaction(() =>
      bulkWrite(app.writer, () => {
        insertRecord(app.writer, 'customers', uuidv7(), person('Outer Omidi'));
        bulkWrite(app.writer, () => insertRecord(app.writer, 'customers', uuidv7(), person('Inner Irani')));
      }),
    );
    expect(search(app, 'outer')).toEqual(['Outer Omidi']);
    expect(search(app, 'inner')).toEqual(['Inner Irani']);
    expect(() => ftsIntact(app)).not.toThrow();
  });

  it('leaves the index and its triggers untouched when the bulk write fails', () => {
    app = openTestApp();
    expect(() =>
      app.db.transaction(() =>
        bulkWrite(app.writer, () => {
          insertRecord(app.writer, 'customers', uuidv7(), person('Never Stored'));
          throw new Error('disk gone');
        }),
      ),
    ).toThrow('disk gone');
    expect(app.writer.searchIndex).toBeUndefined();
    expect(count(app, 'customers')).toBe(0);
    insertRecord(app.writer, 'customers', uuidv7(), person('After Failure'));
    expect(search(app, 'after')).toEqual(['After Failure']);
    expect(() => ftsIntact(app)).not.toThrow();
  });
});
