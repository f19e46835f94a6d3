import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDeviceName } from '../../../main/sync/sync.cli-support';
import type { SyncDevice, SyncRoundResult, SyncStatus } from '../../../shared/sync/sync.schema';
import { cliIn } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp-app';

const repo = path.resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function dir(): string {
  const d = tempDir('pishkhan-cli-sync-');
  dirs.push(d);
  return d;
}

const cli = cliIn;
function json<T>(dataDir: string, ...args: string[]): T {
  const result = cli(dataDir, ...args, '--json');
  expect(result).toMatchObject({ code: 0, err: '' });
  return JSON.parse(result.out) as T;
}
const status = (dataDir: string) => json<SyncStatus>(dataDir, 'sync', 'status');
const deviceId = (dataDir: string) => status(dataDir).deviceId;

describe('sync CLI', () => {
  it('sets up with a default name and a free series, syncs, and lists status and devices', () => {
    const [a, b, folder] = [dir(), dir(), dir()];
    expect(cli(a, 'customers', 'add', '--name', 'Sara').code).toBe(0);
    expect(cli(b, 'customers', 'add', '--name', 'Reza').code).toBe(0);

    const first = json<SyncRoundResult>(a, 'sync', '--folder', folder);
    expect(first).toMatchObject({ publishedChanges: 1, appliedChanges: 0, problems: [] });
    expect(first.publishedFiles[0]).toMatch(new RegExp(`^log/${deviceId(a)}/1-1\\.[0-9a-f]{8}\\.ndjson$`));
    const setUp = status(a);
    expect(setUp).toMatchObject({
      configured: true,
      folder,
      deviceName: defaultDeviceName(setUp.deviceId, os.hostname()),
      seriesPrefix: 'A-{year}-',
      pendingChanges: 0,
    });

    // b joins: A-{year}- is a's, so b gets the next free series; it takes in a's customer.
    const joined = cli(b, 'sync', '--folder', folder);
    expect(joined).toMatchObject({ code: 0, err: '' });
    expect(joined.out).toMatch(/^Published 1 change in 1 file; applied \d+ changes?( from \d+ files?)?\.$/m);
    expect(status(b).seriesPrefix).toBe('B-{year}-');

    // Without --folder: the configured one.
    const again = cli(a, 'sync');
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(again.out).toContain('applied 1 change from 1 file.');
    const names = (d: string) =>
      (JSON.parse(cli(d, 'customers', 'list', '--json').out) as { name: string }[]).map((c) => c.name);
    expect(names(a)).toEqual(['Reza', 'Sara']);
    expect(names(b)).toEqual(['Reza', 'Sara']);

    const shown = cli(a, 'sync', 'status');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`Folder:          ${path.join(folder, 'Pishkhan-Sync')}`);
    expect(shown.out).toContain('Pending changes: 0');
    expect(shown.out).toContain('Other devices:   1');

    const table = cli(a, 'sync', 'devices').out.split('\n');
    expect(table[0]).toMatch(/^name +id +series +last seen +applied\/published +retired$/);
    expect(table).toHaveLength(3);
    expect(table[1]).toContain(`${setUp.deviceName} (this device)  ${setUp.deviceId}  A-{year}-`);
    expect(table[2]).toContain(`${deviceId(b)}  B-{year}-`);
    expect(table[2]).toContain('1/1');
    const devices = json<SyncDevice[]>(b, 'sync', 'devices');
    expect(devices.map((d) => [d.thisDevice, d.seriesPrefix])).toEqual([
      [true, 'B-{year}-'],
      [false, 'A-{year}-'],
    ]);
  });

  it('takes --name and --series, and refuses taken ones naming the option', () => {
    const [a, b, folder] = [dir(), dir(), dir()];
    expect(cli(a, 'sync', '--folder', folder, '--name', 'Shop', '--series', 'S-{year}-').code).toBe(0);
    expect(status(a)).toMatchObject({ deviceName: 'Shop', seriesPrefix: 'S-{year}-' });

    const taken = cli(b, 'sync', '--folder', folder, '--name', 'shop');
    expect(taken).toMatchObject({
      code: 1,
      out: '',
      err: 'pishkhan: --name: another device in this sync folder is already called “shop”.',
    });
    const series = cli(b, 'sync', '--folder', folder, '--name', 'Laptop', '--series', 'S-{year}-');
    expect(series.code).toBe(1);
    expect(series.err).toMatch(
      /^pishkhan: --series: the invoice series “S-\{year\}-” is already used by the device “Shop”\./,
    );
    expect(cli(b, 'sync', '--folder', folder, '--name', '').err).toBe('pishkhan: --name is required.');
    // Nothing was set up by the refused attempts.
    expect(status(b).configured).toBe(false);

    expect(cli(b, 'sync', '--folder', folder, '--name', 'Laptop').code).toBe(0);
    expect(status(b)).toMatchObject({ deviceName: 'Laptop', seriesPrefix: 'A-{year}-' });
    // A new name later goes through the same checks.
    expect(cli(b, 'sync', '--folder', folder, '--name', 'Shop').code).toBe(1);
    expect(cli(b, 'sync', '--folder', folder, '--name', 'Laptop 2').code).toBe(0);
    expect(status(b).deviceName).toBe('Laptop 2');
  });

  it('fails with one clear line and a non-zero exit', () => {
    const [data, folder, other] = [dir(), dir(), dir()];
    const notSetUp = cli(data, 'sync');
    expect(notSetUp).toMatchObject({
      code: 2,
      err: 'pishkhan: Sync is not set up for this data: give the shared folder with --folder DIR.',
    });
    expect(cli(data, 'sync', 'status').out).toContain('Sync is not set up for this data.');
    expect(status(data).configured).toBe(false);

    const missing = cli(data, 'sync', '--folder', path.join(folder, 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.err.split('\n')).toHaveLength(1);
    expect(missing.err).toMatch(/^pishkhan: The folder “.*nope” does not exist/);
    expect(status(data).configured).toBe(false);

    expect(cli(data, 'sync', '--name', 'X').code).toBe(2);
    expect(cli(data, 'sync', 'bogus').err).toBe(
      'pishkhan: Unknown sync command "bogus". Use sync --folder DIR, sync status, sync devices, sync retire DEVICE or sync leave.',
    );
    expect(cli(data, 'sync', 'status', '--folder', folder)).toMatchObject({
      code: 2,
      err: 'pishkhan: sync status does not take --folder',
    });
    expect(cli(data, 'sync', '--bogus').code).toBe(2);

    expect(cli(data, 'sync', '--folder', folder).code).toBe(0);
    // Another shop's folder is refused; this data keeps syncing with its own.
    expect(cli(dir(), 'sync', '--folder', other).code).toBe(0);
    const otherShop = cli(data, 'sync', '--folder', other);
    expect(otherShop.code).toBe(1);
    expect(otherShop.err).toMatch(/^pishkhan: This data already syncs with another shop/);
    expect(status(data).folder).toBe(folder);

    // The configured folder gone (share not connected): the round fails and says so.
    fs.rmSync(folder, { recursive: true, force: true });
    const offline = cli(data, 'sync');
    expect(offline.code).toBe(1);
    expect(offline.err).toMatch(/^pishkhan: The folder “.*” does not exist/);
    expect(cli(data, 'sync', 'status').out).toMatch(/Last attempt: .* failed: The folder/);
  });

  it('retires a device by name and leaves sync, refusing what cannot be done', () => {
    const [a, b, folder] = [dir(), dir(), dir()];
    expect(cli(a, 'sync', 'leave')).toMatchObject({
      code: 2,
      err: 'pishkhan: Sync is not set up for this data: nothing to change.',
    });
    expect(cli(a, 'sync', '--folder', folder, '--name', 'Shop').code).toBe(0);
    expect(cli(b, 'sync', '--folder', folder, '--name', 'Old Laptop').code).toBe(0);
    expect(cli(a, 'sync').code).toBe(0);

    expect(cli(a, 'sync', 'retire')).toMatchObject({
      code: 2,
      err: 'pishkhan: sync retire needs the device: its name or id (see sync devices)',
    });
    expect(cli(a, 'sync', 'retire', 'shop')).toMatchObject({
      code: 1,
      err: 'pishkhan: This computer cannot retire itself; use “Stop syncing” instead.',
    });
    const unknown = cli(a, 'sync', 'retire', 'Tablet');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('pishkhan: No device with the id “Tablet” has synced with this folder.');
    expect(cli(a, 'sync', 'retire', 'Old Laptop', 'now').code).toBe(2);

    expect(cli(a, 'sync', 'retire', 'old  laptop')).toMatchObject({
      code: 0,
      out: 'Retired “Old Laptop”: the others no longer wait for it.',
    });
    const retired = json<SyncDevice[]>(a, 'sync', 'devices').find((d) => d.id === deviceId(b));
    expect(retired?.retired).toBe(true);
    // Its series is free for this device now.
    expect(cli(a, 'sync', '--folder', folder, '--series', 'B-{year}-').code).toBe(0);

    const left = cli(a, 'sync', 'leave');
    expect(left.code).toBe(0);
    expect(left.out).toMatch(/^This data no longer syncs\./);
    expect(status(a).configured).toBe(false);
    // Nothing was removed from the folder: both devices' manifests stay.
    expect(fs.readdirSync(path.join(folder, 'Pishkhan-Sync', 'devices')).sort()).toEqual(
      [deviceId(a), deviceId(b)].sort(),
    );
  });

  it('sync status names invoice numbers two devices issued alike before they synced', () => {
    const [a, b, folder] = [dir(), dir(), dir()];
    for (const d of [a, b]) {
      expect(cli(d, 'seed', '--customers', '3').code).toBe(0);
      expect(cli(d, 'seed', '--invoices', '2').out).toMatch(/^Issued 2 invoices \(A-\d{4}-00001 … A-\d{4}-00002\)/);
    }
    expect(cli(a, 'sync', 'status').out).not.toContain('issued twice');
    expect(cli(a, 'sync', '--folder', folder, '--name', 'Shop').code).toBe(0);
    expect(cli(b, 'sync', '--folder', folder, '--name', 'Laptop').code).toBe(0);
    expect(cli(a, 'sync').code).toBe(0);
    for (const d of [a, b]) {
      expect(cli(d, 'sync', 'status').out).toMatch(
        /^Invoice numbers issued twice \(before syncing\): 2 \(A-(\d{4})-00001, A-\1-00002\)$/m,
      );
    }
  });

  it('lists problems with the file names, and applies the file once it is whole', () => {
    const [a, b, folder] = [dir(), dir(), dir()];
    expect(cli(a, 'sync', '--folder', folder).code).toBe(0);
    expect(cli(b, 'sync', '--folder', folder).code).toBe(0);
    expect(cli(b, 'customers', 'add', '--name', 'Late').code).toBe(0);
    const published = json<SyncRoundResult>(b, 'sync').publishedFiles;
    expect(published).toHaveLength(1);
    const file = published[0] ?? '';
    const onDisk = path.join(folder, 'Pishkhan-Sync', ...file.split('/'));
    const whole = fs.readFileSync(onDisk);
    fs.writeFileSync(onDisk, whole.subarray(0, Math.floor(whole.length / 2)));

    const round = cli(a, 'sync');
    expect(round.code).toBe(0);
    expect(round.out).toContain('1 problem (nothing was lost; tried again next round):');
    expect(round.out).toMatch(
      new RegExp(`^  ${file.replace(/\./g, '\\.')}: .*; read again next round \\(device “`, 'm'),
    );
    const problems = json<SyncRoundResult>(a, 'sync').problems;
    expect(problems).toEqual([expect.objectContaining({ file, device: deviceId(b) })]);
    expect(cli(a, 'sync', 'status').out).toContain(file);

    fs.writeFileSync(onDisk, whole);
    expect(json<SyncRoundResult>(a, 'sync')).toMatchObject({ appliedChanges: 1, problems: [] });
    expect(cli(a, 'customers', 'search', 'Late').out).toContain('Late');
  });

  it('makes a device name from the host name and fits the name limit', () => {
    expect(defaultDeviceName('3fa1b2c3d4e5f607', 'shop-pc')).toBe('shop-pc-3fa1');
    expect(defaultDeviceName('3fa1b2c3d4e5f607', '  ')).toBe('pishkhan-3fa1');
    const long = defaultDeviceName('3fa1b2c3d4e5f607', 'x'.repeat(100));
    expect(long).toHaveLength(60);
    expect(long.endsWith('-3fa1')).toBe(true);
  });
});

/** `export --format json` as the file's parsed content, without the one field that is the time of the export. */
interface Exported {
  exportedAt?: string;
  tables: Record<string, { id: string }[]>;
}

describe('sync between two real processes', () => {
  const run = promisify(execFile);
  async function proc(dataDir: string, ...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args, '--data-dir', dataDir], {
      cwd: repo,
    });
    return stdout;
  }
  async function csv(dataDir: string, name: string, text: string): Promise<string> {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, text);
    return proc(dataDir, 'import', file, '--format', 'csv', '--on-duplicate', 'update', '--json');
  }

  it('two data folders and one sync folder end with the same export', { timeout: 180_000 }, async () => {
    const [a, b, folder] = [dir(), dir(), dir()];
    // Both create while apart.
    await Promise.all([
      (async () => {
        await proc(a, 'customers', 'add', '--name', 'Sara Ahmadi', '--email', 'sara@example.com', '--city', 'Tehran');
        await proc(a, 'customers', 'add', '--name', 'علی رضایی', '--org', 'شرکت آریا', '--phone', '09121234567');
      })(),
      (async () => {
        await proc(b, 'customers', 'add', '--name', 'Reza Tehrani', '--email', 'reza@example.com', '--tag', 'VIP');
        await proc(b, 'customers', 'add', '--name', 'Neda Karimi', '--phone', '09351112233');
      })(),
    ]);
    // a sets the folder up, b joins, a takes in b's records.
    await proc(a, 'sync', '--folder', folder);
    await proc(b, 'sync', '--folder', folder);
    await proc(a, 'sync');

    // Both edit while apart: their own and the other's records, one field on both (Sara's city).
    await Promise.all([
      (async () => {
        await csv(
          a,
          'a.csv',
          'Name,Email,City\nReza Tehrani,reza@example.com,Shiraz\nSara Ahmadi,sara@example.com,Karaj\n',
        );
        await proc(a, 'activities', 'add', '--customer', 'Neda Karimi', '--subject', 'Call back', '--done');
      })(),
      (async () => {
        await csv(b, 'b.csv', 'Name,Email,City,Description\nSara Ahmadi,sara@example.com,Isfahan,Wholesale\n');
        await proc(b, 'customers', 'add', '--name', 'Late Customer', '--email', 'late@example.com');
      })(),
    ]);
    await proc(a, 'sync');
    await proc(b, 'sync');
    const last = JSON.parse(await proc(a, 'sync', '--json')) as SyncRoundResult;
    expect(last.problems).toEqual([]);
    const nothingNew = JSON.parse(await proc(b, 'sync', '--json')) as SyncRoundResult;
    expect(nothingNew).toMatchObject({ publishedChanges: 0, problems: [] });

    const exported = await Promise.all(
      [a, b].map(async (d) => {
        const out = path.join(d, 'export.json');
        await proc(d, 'export', '--format', 'json', '--out', out);
        return JSON.parse(fs.readFileSync(out, 'utf8')) as Exported;
      }),
    );
    // The export lists records in local insertion order and stamps the time of the export:
    // compare the records themselves, each table in id order.
    const comparable = (e: Exported) => {
      const { exportedAt: _exportedAt, ...rest } = e;
      const tables = Object.fromEntries(
        Object.entries(rest.tables).map(([name, rows]) => [name, [...rows].sort((x, y) => (x.id < y.id ? -1 : 1))]),
      );
      return { ...rest, tables };
    };
    const [fromA, fromB] = exported.map((e) => comparable(e as Exported));
    expect(fromA).toEqual(fromB);
    const customers = (fromA?.tables.customers ?? []) as unknown as {
      name: string;
      city: string;
      description: string;
    }[];
    expect(customers.map((c) => c.name).sort()).toEqual(
      ['Late Customer', 'Neda Karimi', 'Reza Tehrani', 'Sara Ahmadi', 'شرکت آریا', 'علی رضایی'].sort(),
    );
    const sara = customers.find((c) => c.name === 'Sara Ahmadi');
    // Both cities were written; the later write wins on both devices, and b's description is kept.
    expect(['Karaj', 'Isfahan']).toContain(sara?.city);
    expect(sara?.description).toBe('Wholesale');
    expect(customers.find((c) => c.name === 'Reza Tehrani')?.city).toBe('Shiraz');
    expect(fromA?.tables.activities).toHaveLength(1);
  });
});
