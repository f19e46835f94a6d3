/**
 * Snapshots and compaction: a device removes its own change files only once every active device
 * has applied them and one of its own snapshots covers them; a stopped device holds that back
 * until it is retired; a device joining later starts from snapshots (empty, or with data of its
 * own that it merges in) and ends with the same data as everyone else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_DIR } from '../../../main/sync/sync.files';
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

let open: Device[] = [];
afterEach(() => {
  for (const d of open) d.dispose();
  open = [];
});

const EVERY = 10_000;

function device(label: string, prefix: string, offset = 0): Device {
  const d = openDevice(label, prefix, BASE_TIME + offset, { snapshotEveryMs: EVERY });
  open.push(d);
  return d;
}

const logFiles = (root: string, d: Device) => {
  const dir = path.join(root, 'log', d.app.info.deviceId);
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.ndjson'))
        .sort()
    : [];
};
const snapFiles = (root: string, d: Device) => {
  const dir = path.join(root, 'snap', d.app.info.deviceId);
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};
const create = (d: Device, name: string) => d.app.call('customers.create', { kind: 'person', name }).id;
const names = (d: Device) =>
  (
    d.app.db.prepare('SELECT name FROM customers WHERE deleted_at IS NULL ORDER BY name').all() as { name: string }[]
  ).map((r) => r.name);
const later = (ms: number, ...devices: Device[]) => {
  for (const d of devices) d.clock.ms += ms;
};

const settle = (...devices: Device[]) => settleAll(devices);

describe('sync snapshots and compaction', () => {
  it('removes own files only after every active device has applied them; retiring a stopped device lets it proceed', () => {
    const folder = tempDir('pishkhan-sync-snap-');
    const root = path.join(folder, SYNC_DIR);
    const a = device('Desk', 'A-{year}-');
    const b = device('Laptop', 'B-{year}-');
    const c = device('Old PC', 'C-{year}-');
    a.setup(folder);
    b.setup(folder);
    c.setup(folder);
    create(a, 'Sara');
    create(a, 'Reza');
    later(EVERY, a, b, c);
    a.round();
    expect(logFiles(root, a).map((f) => f.split('.')[0])).toEqual(['1-2']);
    b.round();
    later(EVERY, a, b, c);
    // B has applied A's file, C has not: the file stays, whatever snapshots exist.
    const first = a.round();
    expect(first.snapshotWritten).not.toBeNull();
    expect(first.removedFiles).toBe(0);
    expect(logFiles(root, a)).toHaveLength(1);
    expect(a.app.call('sync.status', {}).devices.find((x) => x.id === c.app.info.deviceId)?.appliedSeq).toBe(0);

    // C stops syncing for good; A keeps writing.
    create(a, 'Maryam');
    a.round();
    b.round();
    later(EVERY, a, b, c);
    expect(a.round().removedFiles).toBe(0);
    expect(logFiles(root, a).map((f) => f.split('.')[0])).toEqual(['1-2', '3-3']);

    // Retiring C: its acknowledgements no longer count. A removes what B has applied and its own snapshot covers.
    a.app.call('sync.retire', { deviceId: c.app.info.deviceId });
    const retired = a.round();
    expect(retired.removedFiles).toBe(2);
    expect(logFiles(root, a)).toEqual([]);
    expect(a.app.call('sync.status', {}).devices.find((x) => x.id === c.app.info.deviceId)?.retired).toBe(true);
    // B learns of the retirement from A's manifest: once A has applied B's file and a snapshot of
    // B's own covers it, B removes it too (C's acknowledgement no longer counts there either).
    create(b, 'Ali');
    later(EVERY, a, b);
    const published = b.round();
    expect(published.publishedChanges).toBe(1);
    expect(published.snapshotWritten).not.toBeNull();
    expect(logFiles(root, b)).toHaveLength(1);
    a.round();
    expect(b.round().removedFiles).toBe(1);
    expect(logFiles(root, b)).toEqual([]);
    expect(settle(a, b)).toEqual([]);
    expectSame(a, b);
    // Never more than the newest two own snapshots are kept.
    expect(snapFiles(root, a).length).toBeLessThanOrEqual(2);
  });

  it('a device joining with an empty database after the others compacted starts from the newest snapshot and converges', () => {
    const folder = tempDir('pishkhan-sync-snap-');
    const root = path.join(folder, SYNC_DIR);
    const a = device('Desk', 'A-{year}-');
    const b = device('Laptop', 'B-{year}-', 2_000);
    a.setup(folder);
    b.setup(folder);
    const sara = create(a, 'Sara');
    create(b, 'Reza');
    settle(a, b);
    a.app.call('customers.update', { id: sara, kind: 'person', name: 'Sara Ahmadi', city: 'Shiraz' });
    b.app.call('notes.create', { recordType: 'customer', recordId: sara, body: 'wants a quote' });
    // Whichever device syncs first after the interval writes the snapshot; each takes a turn.
    for (let i = 0; i < 4; i++) {
      later(EVERY, a, b);
      if (i % 2 === 0) settle(a, b);
      else settle(b, a);
    }
    expect(logFiles(root, a)).toEqual([]);
    expect(logFiles(root, b)).toEqual([]);

    const c = device('New laptop', 'C-{year}-', 1_000);
    later(3 * EVERY, c);
    const joined = c.setup(folder);
    expect(joined.snapshotApplied).not.toBeNull();
    expect(joined.problems).toEqual([]);
    expect(settle(a, b, c)).toEqual([]);
    expect(names(c)).toEqual(['Reza', 'Sara Ahmadi']);
    expect(countRows(c.app.db, 'SELECT count(*) AS n FROM notes')).toBe(1);
    expectSame(a, b, c);
    // C's own later edits reach the others.
    c.app.call('customers.update', { id: sara, kind: 'person', name: 'Sara A.', city: 'Shiraz' });
    expect(settle(c, a, b)).toEqual([]);
    expect(a.app.call('customers.get', { id: sara }).customer.name).toBe('Sara A.');
    expectSame(a, b, c);
  });

  it('a device with data of its own joins after compaction and merges it in', () => {
    const folder = tempDir('pishkhan-sync-snap-');
    const a = device('Desk', 'A-{year}-');
    const b = device('Laptop', 'B-{year}-');
    a.setup(folder);
    b.setup(folder);
    const sara = create(a, 'Sara');
    for (let i = 0; i < 3; i++) {
      later(EVERY, a, b);
      settle(a, b);
    }
    const d = device('Branch', 'D-{year}-');
    const own = create(d, 'Neda');
    d.app.call('notes.create', { recordType: 'customer', recordId: own, body: 'from the branch' });
    d.app.call('billing.series.update', { prefix: 'D-{year}-' });
    const issued = d.app.call('invoices.issue', { id: draftInvoice(d, own, 50_000) });
    later(3 * EVERY, d);
    d.setup(folder);
    expect(settle(a, b, d)).toEqual([]);
    expect(names(d)).toEqual(['Neda', 'Sara']);
    expect(names(a)).toEqual(['Neda', 'Sara']);
    expect(a.app.call('invoices.get', { id: issued.id }).number).toBe(issued.number);
    expect(b.app.call('customers.get', { id: sara }).customer.name).toBe('Sara');
    expectSame(a, b, d);
  });

  it('a joiner whose newest snapshot is older than some device’s compaction also takes that device’s own snapshot', () => {
    const folder = tempDir('pishkhan-sync-snap-');
    const root = path.join(folder, SYNC_DIR);
    const a = device('Desk', 'A-{year}-');
    const b = device('Laptop', 'B-{year}-', 1_000);
    a.setup(folder);
    b.setup(folder);
    create(a, 'Sara');
    create(a, 'Reza');
    later(EVERY, a, b);
    // A publishes and writes a snapshot covering its changes.
    expect(a.round().snapshotWritten).toMatch(/-2\.[0-9a-f]{8}\.pishkhan-backup$/);
    // B's copy of A's file has not arrived whole yet when B writes the next snapshot (its clock is later).
    const [file] = logFiles(root, a);
    if (!file) throw new Error('a change file expected');
    const filePath = path.join(root, 'log', a.app.info.deviceId, file);
    const whole = fs.readFileSync(filePath);
    fs.writeFileSync(filePath, whole.subarray(0, 10));
    later(EVERY, b);
    const staleRound = b.round();
    expect(staleRound.snapshotWritten).not.toBeNull();
    expect(staleRound.problems.map((p) => p.code)).toEqual(['file_incomplete']);
    // Then the file arrives, B applies it, and A (acknowledged, covered by its own snapshot) removes it.
    fs.writeFileSync(filePath, whole);
    expect(b.round().appliedChanges).toBe(2);
    expect(a.round().removedFiles).toBe(1);
    expect(logFiles(root, a)).toEqual([]);

    // The newest snapshot in the folder is B's, from before it had A's changes.
    const c = device('New laptop', 'C-{year}-', 2_000);
    later(EVERY, c);
    const joined = c.setup(folder);
    expect(joined.problems).toEqual([]);
    expect(names(c)).toEqual(['Reza', 'Sara']);
    expect(settle(a, b, c)).toEqual([]);
    expectSame(a, b, c);
  });
});
