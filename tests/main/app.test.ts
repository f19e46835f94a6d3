import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/temp-app';

const apps: TestApp[] = [];
afterEach(() => {
  for (const app of apps.splice(0)) app.dispose();
});
const open = () => {
  const app = openTestApp();
  apps.push(app);
  return app;
};

describe('app reopen (the restore swap)', () => {
  it('swaps the data file under a running app, with a new device id and this machine’s preferences', () => {
    const source = open();
    source.call('customers.create', { kind: 'person', name: 'From the backup' });
    source.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const copy = path.join(source.dataDir, 'copy.sqlite');
    source.db.sqlite.prepare('VACUUM INTO ?').run(copy);

    const app = open();
    app.call('preferences.update', { language: 'fa' });
    app.call('customers.create', { kind: 'person', name: 'Here before' });
    const events: string[][] = [];
    app.on('data.changed', (e) => events.push(e.tables));
    const deviceBefore = app.info.deviceId;

    app.reopen(
      (file) => {
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
        fs.copyFileSync(copy, file);
      },
      { newDevice: true },
    );

    expect(app.call('customers.list', {}).rows.map((r) => r.name)).toEqual(['From the backup']);
    expect(app.info.deviceId).not.toBe(deviceBefore);
    expect(app.info.deviceId).not.toBe(source.info.deviceId);
    expect(app.writer.deviceId).toBe(app.info.deviceId);
    expect(app.call('preferences.get', {}).language).toBe('fa');
    expect(events).toEqual([['*']]);
    // Writes after the swap are stamped by the new device.
    app.call('customers.create', { kind: 'person', name: 'After' });
    const last = app.db.sqlite.prepare('SELECT device_id FROM change_log ORDER BY seq DESC LIMIT 1').get() as {
      device_id: string;
    };
    expect(last.device_id).toBe(app.info.deviceId);
  });

  it('reopens the old file when the swap fails', () => {
    const app = open();
    app.call('customers.create', { kind: 'person', name: 'Keep me' });
    expect(() =>
      app.reopen(
        () => {
          throw new Error('disk unplugged');
        },
        { newDevice: false },
      ),
    ).toThrow('disk unplugged');
    expect(app.call('customers.list', {}).rows.map((r) => r.name)).toEqual(['Keep me']);
  });
});
