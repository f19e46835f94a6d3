import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../db/migrations/index';
import { exportJson } from '../../../main/exchange/export';
import { openTestApp, tempDir, type TestApp } from '../../helpers/temp-app';

let apps: TestApp[] = [];
afterEach(() => {
  for (const a of apps) a.dispose();
  apps = [];
});

describe('sync between two devices through one folder', () => {
  it('exchanges creates, refuses taken names and series, and sends a delete-vs-edit to both inboxes', () => {
    const folder = tempDir('pishkhan-sync-');
    const a = openTestApp();
    const b = openTestApp();
    apps.push(a, b);
    const c1 = a.call('customers.create', { kind: 'person', name: 'Sara' });
    a.call('sync.setup', { folder, deviceName: 'Shop', seriesPrefix: 'A-{year}-' });
    const c2 = b.call('customers.create', { kind: 'person', name: 'Reza' });
    expect(b.fail('sync.setup', { folder, deviceName: 'shop', seriesPrefix: 'B-{year}-' }).issues?.[0]?.code).toBe(
      'device_name_taken',
    );
    expect(b.fail('sync.setup', { folder, deviceName: 'Laptop', seriesPrefix: 'A-{year}-' }).issues?.[0]?.code).toBe(
      'series_prefix_taken',
    );
    b.call('sync.setup', { folder, deviceName: 'Laptop', seriesPrefix: 'B-{year}-' });
    a.call('sync.now', {});
    // The laptop's series is known to the shop now: the shop cannot take it too.
    expect(a.fail('billing.series.update', { prefix: 'B-{year}-' }).issues?.[0]?.code).toBe('series_prefix_taken');
    expect(a.call('customers.get', { id: c2.id }).customer.name).toBe('Reza');
    expect(b.call('customers.get', { id: c1.id }).customer.name).toBe('Sara');
    // delete on a, edit on b -> conflict
    a.call('customers.delete', { id: c1.id });
    b.call('customers.update', { id: c1.id, kind: 'person', name: 'Sara K' });
    a.call('sync.now', {});
    b.call('sync.now', {});
    a.call('sync.now', {});
    const ca = a.call('sync.conflicts', {});
    const cb = b.call('sync.conflicts', {});
    expect(ca.length).toBe(1);
    expect(cb.length).toBe(1);
    a.call('sync.resolveConflict', { id: ca[0]!.id, action: 'restore' });
    a.call('sync.now', {});
    b.call('sync.now', {});
    expect(b.call('sync.conflicts', {}).length).toBe(0);
    expect(b.call('customers.get', { id: c1.id }).customer.name).toBe('Sara K');
    expect(a.call('customers.get', { id: c1.id }).customer.deletedAt).toBeNull();
  });
});

describe('the business profile', () => {
  it('merges per field: fields changed on two computers while apart are both kept', () => {
    const folder = tempDir('pishkhan-sync-');
    const shop = openTestApp();
    const laptop = openTestApp();
    apps.push(shop, laptop);
    const profile = shop.call('billing.profile.update', {
      ...shop.call('billing.profile.get', {}),
      name: 'فروشگاه آریا',
      address: 'تهران',
      footer: 'با سپاس',
    });
    shop.call('sync.setup', { folder, deviceName: 'Shop', seriesPrefix: 'A-{year}-' });
    laptop.call('sync.setup', { folder, deviceName: 'Laptop', seriesPrefix: 'B-{year}-' });
    expect(laptop.call('billing.profile.get', {})).toEqual(profile);

    // Apart: the shop moves, the laptop (later by the clock) rewrites the footer from a full form.
    shop.call('billing.profile.update', { ...profile, address: 'اصفهان', changed: ['address'] });
    laptop.call('billing.profile.update', { ...profile, footer: 'Thank you' });
    for (const device of [shop, laptop, shop]) device.call('sync.now', {});
    const expected = { ...profile, address: 'اصفهان', footer: 'Thank you' };
    expect(shop.call('billing.profile.get', {})).toEqual(expected);
    expect(laptop.call('billing.profile.get', {})).toEqual(expected);
  });
});

describe('exports after sync', () => {
  it('two synced devices export the same JSON records in the same order', () => {
    const folder = tempDir('pishkhan-sync-');
    const a = openTestApp();
    const b = openTestApp();
    apps.push(a, b);
    // Created in a different order on each device, so local row order differs.
    const early = a.call('customers.create', { kind: 'person', name: 'Early Ebrahimi' });
    const late = b.call('customers.create', { kind: 'organization', name: 'Late Co.' });
    a.call('notes.create', { recordType: 'customer', recordId: early.id, body: 'first call' });
    a.call('sync.setup', { folder, deviceName: 'Shop', seriesPrefix: 'A-{year}-' });
    b.call('sync.setup', { folder, deviceName: 'Laptop', seriesPrefix: 'B-{year}-' });
    a.call('sync.now', {});
    b.call('sync.now', {});
    a.call('sync.now', {});
    const now = new Date('2026-11-22T12:00:00.000Z');
    const fromA = exportJson(a.db, LATEST_SCHEMA_VERSION, now);
    const fromB = exportJson(b.db, LATEST_SCHEMA_VERSION, now);
    expect(fromA.tables.customers.map((c) => c.id)).toEqual([early.id, late.id].sort());
    expect(fromB).toEqual(fromA);
  });
});

describe('snapshots for compaction', () => {
  it('a device that never syncs first still snapshots its own log and removes what every device applied', () => {
    const folder = tempDir('pishkhan-sync-');
    const a = openTestApp();
    const b = openTestApp();
    apps.push(a, b);
    a.call('sync.setup', { folder, deviceName: 'Shop', seriesPrefix: 'A-{year}-' });
    b.call('customers.create', { kind: 'person', name: 'Reza' });
    b.call('sync.setup', { folder, deviceName: 'Laptop', seriesPrefix: 'B-{year}-' });
    const bId = b.info.deviceId;
    const root = path.join(folder, 'Pishkhan-Sync');
    expect(fs.readdirSync(path.join(root, 'log', bId)).length).toBe(1);
    a.call('sync.now', {}); // the shop applies and acknowledges the laptop's file
    const round = b.call('sync.now', {});
    expect(round.snapshotWritten).toMatch(new RegExp(`^snap/${bId}/`));
    expect(round.removedFiles).toBe(1);
    expect(fs.readdirSync(path.join(root, 'log', bId))).toEqual([]);
    // A third device joining now starts from snapshots and still gets the laptop's customer.
    const c = openTestApp();
    apps.push(c);
    c.call('sync.setup', { folder, deviceName: 'Office', seriesPrefix: 'C-{year}-' });
    expect(c.call('customers.list', {}).rows.map((x) => x.name)).toContain('Reza');
  });
});
