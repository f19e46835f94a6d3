/**
 * Clocks and versions: devices whose clocks are days off in either direction still converge, the
 * one far ahead is flagged and never drags this device's clock along, and a later edit on a slow
 * device still wins. Files from a newer app are held back, with a notice, until this app is
 * updated. A restored backup syncs under a new device id without losing or duplicating anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_CLOCK_DRIFT_MS } from '../../../shared/sync/sync.schema';
import { parseHlc } from '../../../main/sync/hlc';
import { setupSync, syncRound, type SyncContext } from '../../../main/sync/sync.service';
import { SYNC_DIR } from '../../../main/sync/sync.files';
import { restoreBackup } from '../../../main/backup/backup.service';
import type * as Migrations from '../../../db/migrations/index';
import {
  BASE_TIME,
  countRows,
  draftInvoice,
  expectSame,
  openDevice,
  settle as settleAll,
  tempDir,
  type Device,
} from './sync-harness';

/** The schema version this app reads up to; a test "updates the app" by raising it. */
const supported = vi.hoisted(() => ({ version: 0 }));
vi.mock('../../../db/migrations/index', async (importOriginal) => {
  const original = await importOriginal<typeof Migrations>();
  supported.version = original.LATEST_SCHEMA_VERSION;
  return {
    ...original,
    get LATEST_SCHEMA_VERSION() {
      return supported.version;
    },
  };
});

let open: Device[] = [];
afterEach(() => {
  for (const d of open) d.dispose();
  open = [];
});

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;

function device(label: string, prefix: string, offset = 0, options = {}): Device {
  const d = openDevice(label, prefix, BASE_TIME + offset, options);
  open.push(d);
  return d;
}

const create = (d: Device, name: string) => d.app.call('customers.create', { kind: 'person', name }).id;
const rename = (d: Device, id: string, name: string) =>
  d.app.call('customers.update', { id, kind: 'person', name, city: 'Tehran' });
const nameOf = (d: Device, id: string) => d.app.call('customers.get', { id }).customer.name;

/** How far this device's clock is past its own wall clock. */
const lead = (d: Device) => (parseHlc(d.app.writer.clock.lastStamp())?.millis ?? 0) - d.clock.ms;

/** Rounds until a quiet pass; no round may drag a clock past the drift of its wall clock. */
function settle(...devices: Device[]): void {
  settleAll(devices, (d) => {
    const before = lead(d);
    const r = d.round();
    expect(lead(d), `${d.label}'s clock stays within the drift of its wall clock`).toBeLessThanOrEqual(
      Math.max(before, MAX_CLOCK_DRIFT_MS),
    );
    return r;
  });
}

const clockAhead = (d: Device) =>
  d.app
    .call('sync.status', {})
    .problems.filter((p) => p.code === 'clock_ahead')
    .map((p) => p.device);

describe('sync with clocks days apart', () => {
  it('converges, flags the device far ahead, keeps this clock within the drift, and a later edit on the slow device wins', () => {
    const folder = tempDir('pishkhan-sync-clock-');
    const normal = device('Desk', 'A-{year}-');
    const fast = device('Laptop', 'B-{year}-', 3 * DAY);
    const slow = device('Old PC', 'C-{year}-', -3 * DAY);
    for (const d of [normal, fast, slow]) d.setup(folder);

    const sara = create(fast, 'Sara');
    rename(fast, sara, 'Sara (laptop)');
    const reza = create(slow, 'Reza');
    create(normal, 'Maryam');
    settle(normal, fast, slow);
    // Both see the stamps of the laptop days ahead; neither follows them.
    normal.round();
    expect(clockAhead(normal)).toEqual([fast.app.info.deviceId]);
    const problem = normal.app.call('sync.status', {}).problems.find((p) => p.code === 'clock_ahead');
    expect(problem?.params.minutes).toBeGreaterThanOrEqual(3 * 24 * 60 - 1);
    expect(problem?.deviceName).toBe('Laptop');
    expect(lead(normal)).toBeLessThanOrEqual(MAX_CLOCK_DRIFT_MS);
    expect(lead(slow)).toBeLessThanOrEqual(MAX_CLOCK_DRIFT_MS);
    expectSame(normal, fast, slow);

    // Hours later (by its own clock) the slow PC renames what the laptop last wrote: the edit wins
    // everywhere, though its wall clock is six days behind the laptop's stamp.
    slow.clock.ms += 2 * 60 * MINUTE;
    rename(slow, sara, 'Sara Ahmadi');
    rename(fast, reza, 'Reza K');
    expect(lead(slow)).toBeLessThanOrEqual(MAX_CLOCK_DRIFT_MS);
    slow.round();
    // The slow PC's edit carries a stamp just after the laptop's: the desk takes it, and does not
    // take the slow PC for a device whose clock runs ahead.
    const took = normal.round();
    expect(took.appliedChanges).toBe(1);
    expect(took.problems.filter((p) => p.code === 'clock_ahead').map((p) => p.device)).toEqual([
      fast.app.info.deviceId,
    ]);
    settle(slow, normal, fast);
    for (const d of [normal, fast, slow]) {
      expect(nameOf(d, sara)).toBe('Sara Ahmadi');
      expect(nameOf(d, reza)).toBe('Reza K');
    }
    expectSame(normal, fast, slow);
    // The flag stays while the laptop's clock is ahead, also in rounds that bring nothing from it.
    normal.round();
    expect(clockAhead(normal)).toEqual([fast.app.info.deviceId]);

    // Restarting does not let the stamps it took in (the laptop's, and its own edit ordered just
    // after one) drag the clock along either; a later edit on the slow PC still wins.
    for (const d of [normal, slow]) {
      d.app.reopen(() => undefined, { newDevice: false });
      expect(lead(d), `${d.label} after a restart`).toBeLessThanOrEqual(MAX_CLOCK_DRIFT_MS);
    }
    slow.clock.ms += MINUTE;
    rename(slow, sara, 'Sara A.');
    expect(lead(slow)).toBeLessThanOrEqual(MAX_CLOCK_DRIFT_MS);
    const maryam = create(normal, 'Maryam 2');
    settle(slow, normal, fast);
    expect(nameOf(fast, sara)).toBe('Sara A.');
    expect(nameOf(fast, maryam)).toBe('Maryam 2');
    expectSame(normal, fast, slow);

    // A few minutes ahead is within the drift: followed, not flagged.
    const near = device('Phone', 'D-{year}-', 3 * MINUTE);
    near.setup(folder);
    create(near, 'Ali');
    settle(near, normal);
    normal.round();
    expect(clockAhead(normal)).toEqual([fast.app.info.deviceId]);
    expect(lead(normal)).toBeGreaterThan(2 * MINUTE);
    expect(lead(normal)).toBeLessThanOrEqual(MAX_CLOCK_DRIFT_MS);
  });

  it('a device whose clock was set back (restart with the wall clock behind its stamps) still orders its edits last', () => {
    const folder = tempDir('pishkhan-sync-clock-');
    const a = device('Desk', 'A-{year}-');
    const b = device('Laptop', 'B-{year}-');
    a.setup(folder);
    b.setup(folder);
    const id = create(a, 'Sara');
    settle(a, b);
    rename(b, id, 'Sara B');
    settle(a, b);
    // A's clock goes back a day (the user "fixes" the date), then A edits again.
    a.clock.ms -= DAY;
    rename(a, id, 'Sara A');
    settle(a, b);
    expect(nameOf(b, id)).toBe('Sara A');
    expectSame(a, b);
  });
});

describe('sync with mixed app versions', () => {
  it('holds back files from a newer app with a notice, and applies them once this app is updated', () => {
    const folder = tempDir('pishkhan-sync-schema-');
    const current = supported.version;
    const older = device('Desk', 'A-{year}-', 0, { fileSize: 1 });
    const newer = device('Laptop', 'B-{year}-', 1_000, { fileSize: 1 });
    // The laptop runs an app one data version ahead: its files and manifest say so.
    const newerCtx = (): SyncContext => ({ ...newer.ctx(), info: { ...newer.app.info, schemaVersion: current + 1 } });
    older.setup(folder);
    setupSync(newerCtx(), { folder, deviceName: 'Laptop', seriesPrefix: 'B-{year}-' }, newer.options);
    const first = create(newer, 'Sara');
    create(newer, 'Reza');
    const published = syncRound(newerCtx(), newer.options);
    expect(published.publishedFiles).toHaveLength(2);
    const desk = create(older, 'Maryam');

    const held = older.round();
    expect(held.appliedChanges).toBe(0);
    const [firstFile] = published.publishedFiles;
    expect(held.problems.map((p) => [p.code, p.file, p.params])).toEqual([
      ['newer_schema', firstFile, { found: current + 1, supported: current }],
    ]);
    expect(older.app.call('sync.status', {}).problems[0]?.deviceName).toBe('Laptop');
    expect(countRows(older.app.db, 'SELECT count(*) AS n FROM customers')).toBe(1);
    expect(older.app.call('sync.status', {}).devices.find((x) => !x.thisDevice)?.appliedSeq).toBe(0);
    // The file stays in the folder for later; this device's own changes still go out.
    expect(fs.existsSync(path.join(folder, SYNC_DIR, firstFile ?? ''))).toBe(true);
    expect(held.publishedChanges).toBe(1);
    syncRound(newerCtx(), newer.options);
    expect(nameOf(newer, desk)).toBe('Maryam');

    // The desk's app is updated: it reads the newer data version now.
    supported.version = current + 1;
    try {
      const applied = older.round();
      expect(applied.problems).toEqual([]);
      expect(applied.appliedChanges).toBe(2);
      expect(nameOf(older, first)).toBe('Sara');
      expectSame(older, newer);
    } finally {
      supported.version = current;
    }
  });
});

describe('sync after restoring a backup', () => {
  it('the restored copy syncs under a new device id: nothing lost, nothing twice, its new changes reach the other device', () => {
    const folder = tempDir('pishkhan-sync-restore-');
    const backups = tempDir('pishkhan-sync-backups-');
    const a = device('Desk', 'A-{year}-');
    const b = device('Laptop', 'B-{year}-');
    a.setup(folder);
    b.setup(folder);
    const sara = create(a, 'Sara');
    const invoice = (d: Device, customerId: string) =>
      d.app.call('invoices.issue', { id: draftInvoice(d, customerId) }).number;
    const n1 = invoice(a, sara);
    settle(a, b);
    const backup = a.app.call('backup.run', { folder: backups });
    expect(backup.result).toBe('ok');

    // After the backup, A keeps working and syncing; then its disk fails and it is restored.
    a.clock.ms += MINUTE;
    const reza = create(a, 'Reza');
    const n2 = invoice(a, reza);
    settle(a, b);
    const oldId = a.app.info.deviceId;
    a.clock.ms += MINUTE;
    restoreBackup(a.app, backup.file ?? '', undefined, { trigger: 'manual', now: () => a.clock.ms });
    const newId = a.app.info.deviceId;
    expect(newId).not.toBe(oldId);
    expect(countRows(a.app.db, 'SELECT count(*) AS n FROM customers')).toBe(1);

    // Until it has synced, it may not know the numbers the old id issued after the backup.
    const early = draftInvoice(a, sara, 5_000, 'Early');
    expect(a.app.fail('invoices.issue', { id: early }).issues?.[0]?.code).toBe('invoice_needs_sync');

    // Its first round brings back what the old id published after the backup.
    settle(a, b);
    expect(a.app.call('invoices.issue', { id: early }).number).not.toBe(n2);
    expect(nameOf(a, reza)).toBe('Reza');
    const maryam = create(a, 'Maryam');
    const n3 = invoice(a, maryam);
    settle(a, b);
    expect(nameOf(b, maryam)).toBe('Maryam');
    // Maryam reached B from the new id (its files may already be compacted into its snapshot).
    expect(
      countRows(
        b.app.db,
        `SELECT count(*) AS n FROM change_log WHERE remote = 1 AND row_id = '${maryam}' AND hlc LIKE '%${newId}'`,
      ),
    ).toBeGreaterThan(0);
    for (const d of [a, b]) {
      expect(countRows(d.app.db, 'SELECT count(*) AS n FROM customers')).toBe(3);
      expect(countRows(d.app.db, 'SELECT count(*) AS n FROM invoices')).toBe(4);
      expect(countRows(d.app.db, 'SELECT count(DISTINCT number) AS n FROM invoices')).toBe(4);
      const devices = d.app.call('sync.status', {}).devices;
      expect(devices.find((x) => x.id === oldId)?.retired).toBe(true);
      expect(d.app.call('sync.status', {}).problems).toEqual([]);
    }
    expect(new Set([n1, n2, n3]).size).toBe(3);
    expectSame(a, b);
    // Every change of B was applied on A exactly once (no double counting after the restore).
    const twice = a.app.db
      .prepare(
        'SELECT table_name, row_id, hlc, count(*) AS n FROM change_log GROUP BY table_name, row_id, hlc HAVING n > 1',
      )
      .all();
    expect(twice).toEqual([]);
  });
});

describe('invoice numbers issued before syncing', () => {
  it('two devices that issued the same numbers before they joined are told which, and number apart afterwards', () => {
    const folder = tempDir('pishkhan-sync-numbers-');
    const a = device('Desk', 'A-{year}-');
    const b = device('Laptop', 'B-{year}-', 1_000);
    // Both used the app alone first, with the default series every install starts with.
    const issue = (d: Device, customerId: string) =>
      d.app.call('invoices.issue', { id: draftInvoice(d, customerId) }).number ?? '';
    const onA = [issue(a, create(a, 'Sara')), issue(a, create(a, 'Reza')), issue(a, create(a, 'Neda'))];
    const onB = [issue(b, create(b, 'Amir')), issue(b, create(b, 'Mina'))];
    expect(onB).toEqual(onA.slice(0, 2));
    expect(a.app.call('sync.status', {}).numbersIssuedTwice).toEqual({ count: 0, numbers: [] });

    a.setup(folder);
    b.setup(folder);
    settle(a, b);
    for (const d of [a, b]) {
      expect(d.app.call('sync.status', {}).numbersIssuedTwice, d.label).toEqual({
        count: 2,
        numbers: onB.slice().sort(),
      });
    }
    // From now on each device numbers in its own series: nothing new is issued twice.
    const next = issue(b, create(b, 'Taha'));
    expect(next.startsWith('B-')).toBe(true);
    settle(a, b);
    expect(a.app.call('sync.status', {}).numbersIssuedTwice.count).toBe(2);
  });
});
