/**
 * What a shared folder does to files, and crashes at every step of a round: files that are
 * empty, cut short or changed; cloud-drive conflict copies and stray files; renames refused by a
 * scanner (EPERM) for a moment or for good; a crash before the rename, after the rename, and in
 * the middle of applying. Nothing is lost, nothing is applied twice, nothing of another device
 * is deleted, and the user sees which file is the problem.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTranslator, describeError } from '../../../shared/i18n/index';
import { SYNC_DIR } from '../../../main/sync/sync.files';
import type { RpcErrorPayload } from '../../../shared/errors';
import { BASE_TIME, countRows, folderFiles, openDevice, tempDir, type Device } from './sync-harness';

let open: Device[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of open) d.dispose();
  open = [];
});

function pair(options: { fileSize?: number } = {}) {
  const folder = tempDir('pishkhan-sync-faults-');
  const a = openDevice('Desk', 'A-{year}-', BASE_TIME, options);
  const b = openDevice('Laptop', 'B-{year}-', BASE_TIME + 1_000, options);
  open.push(a, b);
  a.setup(folder);
  b.setup(folder);
  const root = path.join(folder, SYNC_DIR);
  return { folder, root, a, b, logA: path.join(root, 'log', a.app.info.deviceId) };
}

const customers = (d: Device) => countRows(d.app.db, 'SELECT count(*) AS n FROM customers WHERE deleted_at IS NULL');
const remoteChanges = (d: Device) => countRows(d.app.db, 'SELECT count(*) AS n FROM change_log WHERE remote = 1');
const create = (d: Device, name: string) => d.app.call('customers.create', { kind: 'person', name }).id;
const changeFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((n) => /^\d+-\d+\.[0-9a-f]{8}\.ndjson$/.test(n))
    .sort(byFrom);
const byFrom = (x: string, y: string) => Number(x.split('-')[0]) - Number(y.split('-')[0]);
const problems = (d: Device) => d.app.call('sync.status', {}).problems.map((p) => ({ code: p.code, file: p.file }));
const message = (error: RpcErrorPayload, language: 'en' | 'fa' = 'en') =>
  describeError(createTranslator(language), error);

describe('sync file faults', () => {
  it('skips empty, cut-short and damaged files, names them in the status, never deletes them, and applies them once whole', () => {
    const { a, b, logA } = pair({ fileSize: 2 });
    for (const name of ['Sara', 'Reza', 'Maryam', 'Ali']) create(a, name);
    a.round();
    const [first, second] = changeFiles(logA);
    expect([first, second].map((f) => f?.split('.')[0])).toEqual(['1-2', '3-4']);
    if (!first || !second) throw new Error('two files expected');
    const firstPath = path.join(logA, first);
    const whole = fs.readFileSync(firstPath);
    const rel = `log/${a.app.info.deviceId}/${first}`;

    // Zero bytes: the cloud client has created the name but not copied anything yet.
    fs.writeFileSync(firstPath, '');
    b.round();
    expect(problems(b)).toEqual([{ code: 'file_incomplete', file: rel }]);
    expect(customers(b)).toBe(0);
    expect(fs.statSync(firstPath).size).toBe(0);

    // Cut short, in the middle of a line and exactly after one.
    for (const cut of [Math.floor(whole.length / 2), whole.lastIndexOf('\n', whole.length - 2) + 1]) {
      fs.writeFileSync(firstPath, whole.subarray(0, cut));
      b.round();
      expect(problems(b)).toEqual([{ code: 'file_incomplete', file: rel }]);
      expect(customers(b)).toBe(0);
      expect(fs.readFileSync(firstPath).length).toBe(cut);
    }

    // One byte changed in transit.
    const damaged = Buffer.from(whole);
    const at = damaged.indexOf('Sara');
    expect(at).toBeGreaterThan(0);
    damaged[at] = 'T'.charCodeAt(0);
    fs.writeFileSync(firstPath, damaged);
    b.round();
    expect(problems(b)).toEqual([{ code: 'file_bad_checksum', file: rel }]);
    expect(customers(b)).toBe(0);
    expect(fs.readFileSync(firstPath).equals(damaged)).toBe(true);
    // The device's later file waits for it: nothing of it is applied out of order.
    expect(remoteChanges(b)).toBe(0);

    // The whole file arrives: both files are applied, once.
    fs.writeFileSync(firstPath, whole);
    const result = b.round();
    expect(result.appliedChanges).toBe(4);
    expect(problems(b)).toEqual([]);
    expect(customers(b)).toBe(4);
    expect(remoteChanges(b)).toBe(4);
    expect(b.round().appliedChanges).toBe(0);
  });

  it('ignores conflict copies and stray files in every folder, and never deletes them', () => {
    const { root, a, b, logA } = pair();
    create(a, 'Sara');
    create(a, 'Reza');
    a.round();
    const [file] = changeFiles(logA);
    if (!file) throw new Error('a change file expected');
    const data = fs.readFileSync(path.join(logA, file));
    const stem = file.slice(0, -'.ndjson'.length);
    const idA = a.app.info.deviceId;
    const strays = [
      'desktop.ini',
      '.DS_Store',
      'Thumbs.db',
      'notes.txt',
      'devices/desktop.ini',
      'devices/.DS_Store',
      `devices/${idA}/desktop.ini`,
      `devices/${idA}/manifest-99 (1).json`,
      `devices/${idA}/manifest-98.json.tmp`,
      'log/desktop.ini',
      'log/.DS_Store',
      'log/NOT-A-DEVICE/1-1.00000000.ndjson',
      `log/${idA}/desktop.ini`,
      `log/${idA}/.DS_Store`,
      `log/${idA}/${stem} (1).ndjson`,
      `log/${idA}/${stem} (conflicted copy 2026-11-22).ndjson`,
      `log/${idA}/${stem}-DESKTOP-7QK2.ndjson`,
      `log/${idA}/2-9.00000000.ndjson.part`,
      'snap/desktop.ini',
      `snap/${idA}/.DS_Store`,
      `snap/${idA}/20260301T080000000Z-9.abcdef12 (1).pishkhan-backup`,
    ];
    for (const stray of strays) {
      fs.mkdirSync(path.dirname(path.join(root, stray)), { recursive: true });
      // Copies carry the real content (or a different, broken one): neither may be read.
      fs.writeFileSync(path.join(root, stray), stray.includes('(1).ndjson') ? data : `stray ${stray}\n`);
    }
    const result = b.round();
    expect(result.appliedChanges).toBe(2);
    expect(result.problems).toEqual([]);
    expect(customers(b)).toBe(2);
    // Compaction and manifests on the owner's side remove only its own files.
    a.clock.ms += 2 * 24 * 60 * 60 * 1000;
    b.clock.ms += 2 * 24 * 60 * 60 * 1000;
    a.round();
    b.round();
    a.round();
    expect(a.round().problems).toEqual([]);
    const left = folderFiles(root);
    for (const stray of strays) expect(left).toContain(stray);
    expect(remoteChanges(b)).toBe(2);
  });

  it('a conflict copy does not stand in for a missing file: later files wait (file_gap) until it is back', () => {
    const { a, b, logA } = pair({ fileSize: 1 });
    create(a, 'Sara');
    create(a, 'Reza');
    a.round();
    const [first, second] = changeFiles(logA);
    if (!first || !second) throw new Error('two files expected');
    // The cloud drive renamed the original to a conflict copy.
    fs.renameSync(path.join(logA, first), path.join(logA, first.replace('.ndjson', ' (1).ndjson')));
    const result = b.round();
    expect(result.appliedChanges).toBe(0);
    expect(result.problems.map((p) => [p.code, p.file])).toEqual([
      ['file_gap', `log/${a.app.info.deviceId}/${second}`],
    ]);
    fs.copyFileSync(path.join(logA, first.replace('.ndjson', ' (1).ndjson')), path.join(logA, first));
    expect(b.round().appliedChanges).toBe(2);
    expect(customers(b)).toBe(2);
  });

  it('EPERM on rename for a moment: retried, published once, no temp file left', () => {
    const { a, b, logA } = pair();
    create(a, 'Sara');
    const rename = fs.renameSync.bind(fs);
    let refused = 0;
    vi.spyOn(Atomics, 'wait').mockReturnValue('timed-out');
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(to).includes(`${path.sep}log${path.sep}`) && refused < 3) {
        refused += 1;
        throw Object.assign(new Error('EPERM: operation not permitted, rename'), { code: 'EPERM' });
      }
      rename(from, to);
    });
    const result = a.round();
    expect(refused).toBe(3);
    expect(result.publishedChanges).toBe(1);
    expect(fs.readdirSync(logA)).toEqual(changeFiles(logA));
    expect(changeFiles(logA)).toHaveLength(1);
    vi.restoreAllMocks();
    expect(b.round().appliedChanges).toBe(1);
  });

  it('EPERM on rename for good: the round fails with a translated message and nothing is half-published', () => {
    const { folder, a, b, logA } = pair();
    create(a, 'Sara');
    create(a, 'Reza');
    const before = a.app.call('sync.status', {}).pendingChanges;
    expect(before).toBe(2);
    vi.spyOn(Atomics, 'wait').mockReturnValue('timed-out');
    const rename = fs.renameSync.bind(fs);
    let attempts = 0;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(to).includes(`${path.sep}log${path.sep}`)) {
        attempts += 1;
        throw Object.assign(new Error('EPERM: operation not permitted, rename'), { code: 'EPERM' });
      }
      rename(from, to);
    });
    const error = a.app.fail('sync.now', {});
    expect(attempts).toBeGreaterThan(1);
    expect(error.issues?.[0]?.code).toBe('folder_read_only');
    expect(message(error)).toContain(folder);
    expect(message(error)).toMatch(/cannot write/);
    expect(message(error, 'fa')).not.toMatch(/issue\./);
    expect(fs.existsSync(logA) ? fs.readdirSync(logA) : []).toEqual([]);
    const status = a.app.call('sync.status', {});
    expect(status.pendingChanges).toBe(2);
    expect(status.lastError?.issues?.[0]?.code).toBe('folder_read_only');
    vi.restoreAllMocks();

    expect(a.round().publishedChanges).toBe(2);
    expect(changeFiles(logA).map((f) => f.split('.')[0])).toEqual(['1-2']);
    expect(a.app.call('sync.status', {}).lastError).toBeNull();
    expect(b.round().appliedChanges).toBe(2);
  });

  it('a crash between writing and renaming: the temp file is removed and the changes are published whole', () => {
    const { a, b, logA } = pair();
    create(a, 'Sara');
    create(a, 'Reza');
    // What writeIfAbsent leaves when the process dies before the rename: a partial temp file.
    fs.mkdirSync(logA, { recursive: true });
    const temp = path.join(logA, '.tmp-0a1b2c3d4e5f-1-2.0badc0de.ndjson');
    fs.writeFileSync(temp, '{"pishkhan":"changes","format":1');
    // Another device's temp file is not this device's to remove.
    const logB = path.join(path.dirname(logA), b.app.info.deviceId);
    fs.mkdirSync(logB, { recursive: true });
    const othersTemp = path.join(logB, '.tmp-ffffffffffff-9-9.00000000.ndjson');
    fs.writeFileSync(othersTemp, 'partial');
    expect(a.round().publishedChanges).toBe(2);
    expect(fs.existsSync(temp)).toBe(false);
    expect(fs.existsSync(othersTemp)).toBe(true);
    expect(fs.readdirSync(logA)).toEqual(changeFiles(logA));
    expect(b.round().appliedChanges).toBe(2);
    expect(customers(b)).toBe(2);
  });

  it('a crash left a temp snapshot in its own snap folder: the next round removes it', () => {
    const { root, a } = pair();
    const snapA = path.join(root, 'snap', a.app.info.deviceId);
    fs.mkdirSync(snapA, { recursive: true });
    const temp = path.join(snapA, '.tmp-0a1b2c3d4e5f-20260301T080000000Z-1.0badc0de.pishkhan-backup');
    fs.writeFileSync(temp, Buffer.alloc(4096));
    a.round();
    expect(fs.existsSync(temp)).toBe(false);
  });

  it('a crash after the rename, before the published counter is saved: nothing is published twice or overlapping', () => {
    const { a, b, logA } = pair();
    create(a, 'Sara');
    create(a, 'Reza');
    create(a, 'Maryam');
    a.round();
    expect(changeFiles(logA).map((f) => f.split('.')[0])).toEqual(['1-3']);
    // The file is in the folder, but the counter saying so never reached the database.
    a.app.db.prepare("UPDATE local_state SET value = '0' WHERE key = 'sync.published_seq'").run();
    expect(a.app.call('sync.status', {}).pendingChanges).toBe(3);
    create(a, 'Ali');
    create(a, 'Neda');
    const result = a.round();
    expect(result.publishedChanges).toBe(2);
    expect(changeFiles(logA).map((f) => f.split('.')[0])).toEqual(['1-3', '4-5']);
    expect(a.app.call('sync.status', {}).pendingChanges).toBe(0);
    expect(b.round().appliedChanges).toBe(5);
    expect(remoteChanges(b)).toBe(5);
    expect(customers(b)).toBe(5);
  });

  it('a crash between applying and bookkeeping: the file is applied exactly once next round', () => {
    const { a, b } = pair();
    const ids = [create(a, 'Sara'), create(a, 'Reza')];
    a.app.call('customers.update', { id: ids[0] ?? '', kind: 'person', name: 'Sara Ahmadi' });
    a.round();
    // The cursor update fails after every change of the file has been applied in the transaction.
    b.app.db.sqlite.exec(`CREATE TEMP TRIGGER crash BEFORE UPDATE OF applied_seq ON sync_devices
      WHEN NEW.applied_seq > OLD.applied_seq BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`);
    const error = b.app.fail('sync.now', {});
    expect(error.code).toBe('validation');
    expect(customers(b)).toBe(0);
    expect(remoteChanges(b)).toBe(0);
    expect(countRows(b.app.db, 'SELECT count(*) AS n FROM record_clocks')).toBe(0);
    b.app.db.sqlite.exec('DROP TRIGGER crash');
    expect(b.round().appliedChanges).toBe(3);
    expect(remoteChanges(b)).toBe(3);
    expect(b.app.call('customers.get', { id: ids[0] ?? '' }).customer.name).toBe('Sara Ahmadi');
    expect(b.round().appliedChanges).toBe(0);
    expect(remoteChanges(b)).toBe(3);
  });
});

describe('sync folder faults', () => {
  it('a missing folder: translated error, recorded in the status, nothing changed', () => {
    const { folder, a } = pair();
    create(a, 'Sara');
    fs.rmSync(folder, { recursive: true, force: true });
    const error = a.app.fail('sync.now', {});
    expect(error.issues?.[0]?.code).toBe('folder_missing');
    expect(message(error)).toContain(folder);
    expect(message(error, 'fa')).not.toMatch(/issue\./);
    const status = a.app.call('sync.status', {});
    expect(status.lastError?.issues?.[0]?.code).toBe('folder_missing');
    expect(status.pendingChanges).toBe(1);
    expect(a.app.fail('sync.setup', { folder, deviceName: 'Desk', seriesPrefix: 'A-{year}-' }).issues?.[0]?.code).toBe(
      'folder_missing',
    );
  });

  it('a read-only folder: translated error, nothing changed', () => {
    const { folder, a, logA } = pair();
    create(a, 'Sara');
    const write = fs.writeFileSync.bind(fs);
    // Running as root ignores permission bits, so the file system's answer is simulated.
    vi.spyOn(fs, 'writeFileSync').mockImplementation((file, data, options) => {
      if (String(file).startsWith(folder)) {
        throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
      }
      write(file, data, options);
    });
    const error = a.app.fail('sync.now', {});
    expect(error.issues?.[0]?.code).toBe('folder_read_only');
    expect(message(error)).toContain(folder);
    expect(a.app.call('sync.status', {}).pendingChanges).toBe(1);
    expect(fs.existsSync(logA)).toBe(false);
    vi.restoreAllMocks();
    expect(a.round().publishedChanges).toBe(1);
  });

  it('a damaged shop.json: translated error on setup and on a round', () => {
    const { folder, root, a } = pair();
    fs.writeFileSync(path.join(root, 'shop.json'), '{"pishkhan":"sh');
    const error = a.app.fail('sync.now', {});
    expect(error.issues?.[0]?.code).toBe('sync_folder_damaged');
    expect(message(error)).toContain('shop.json');
    const c = openDevice('Third', 'C-{year}-', BASE_TIME);
    open.push(c);
    expect(c.app.fail('sync.setup', { folder, deviceName: 'Third', seriesPrefix: 'C-{year}-' }).issues?.[0]?.code).toBe(
      'sync_folder_damaged',
    );
    expect(c.app.call('sync.status', {}).configured).toBe(false);
  });

  it("another shop's folder: refused on setup and on a round, nothing written into it", () => {
    const { folder, root, a } = pair();
    const otherFolder = tempDir('pishkhan-sync-other-');
    const x = openDevice('Other shop', 'X-{year}-', BASE_TIME);
    open.push(x);
    x.setup(otherFolder);
    const otherRoot = path.join(otherFolder, SYNC_DIR);
    const before = folderFiles(otherRoot);
    create(a, 'Sara');
    // A device of one shop pointed at the other shop's folder.
    const error = a.app.fail('sync.setup', { folder: otherFolder, deviceName: 'Desk', seriesPrefix: 'A-{year}-' });
    expect(error.issues?.[0]?.code).toBe('sync_other_shop');
    expect(message(error)).toContain(otherRoot);
    expect(folderFiles(otherRoot)).toEqual(before);
    // The folder it uses is swapped for another shop's (a different share mounted at the same path).
    fs.copyFileSync(path.join(otherRoot, 'shop.json'), path.join(root, 'shop.json'));
    expect(a.app.fail('sync.now', {}).issues?.[0]?.code).toBe('sync_other_shop');
    expect(a.app.call('sync.status', {}).pendingChanges).toBe(1);
    expect(folder).not.toBe(otherFolder);
  });
});
