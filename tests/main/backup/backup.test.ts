import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../db/migrations/index';
import { FORMAT_VERSION, HEADER_SIZE, MAGIC, readHeader, type BackupIo } from '../../../main/backup/backup.format';
import { attachBackups, startBackupScheduler, type SecretSealer } from '../../../main/backup/backup.runtime';
import { backupsToKeep, runBackup, tableCounts, validateBackup } from '../../../main/backup/backup.service';
import { seedCustomers } from '../../../main/seed/customer.seed';
import { seedActivities, seedNotes } from '../../../main/seed/activity.seed';
import type { RpcErrorPayload } from '../../../shared/errors';
import { createTranslator, describeError } from '../../../shared/i18n/index';
import { openTestApp, tempDir, type TestApp } from '../../helpers/temp-app';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function open(): TestApp {
  const app = openTestApp();
  cleanups.push(() => app.dispose());
  cleanups.push(attachBackups(app));
  return app;
}

function folder(): string {
  const dir = tempDir('pishkhan-backups-');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function seeded(): TestApp {
  const app = open();
  seedCustomers(app.writer, 200, { seed: 3 });
  seedActivities(app.writer, { total: 300, seed: 7 });
  seedNotes(app.writer, { total: 100, seed: 7 });
  return app;
}

/** Every ordinary table, row by row, in a stable order (local_state differs by design: device id). */
function dump(app: TestApp): Record<string, unknown[]> {
  const sqlite = app.db.sqlite;
  const tables = Object.keys(tableCounts(sqlite)).filter((t) => t !== 'local_state' && t !== 'backup_history');
  return Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()]));
}

const finals = (dir: string) =>
  fs.readdirSync(dir).filter((n) => n.endsWith('.pishkhan-backup') && !n.startsWith('.tmp-'));
const temps = (dir: string) => fs.readdirSync(dir).filter((n) => n.startsWith('.tmp-'));
const en = createTranslator('en');
const fa = createTranslator('fa');
const issueCode = (error: RpcErrorPayload) => error.issues?.[0]?.code;

describe('backup → restore round trip', () => {
  for (const variant of [
    { name: 'plain', passphrase: undefined, compress: false },
    { name: 'compressed', passphrase: undefined, compress: true },
    { name: 'encrypted and compressed', passphrase: 'correct horse battery', compress: true },
    { name: 'encrypted', passphrase: 'رمز عبور فارسی ۱۲۳', compress: false },
  ]) {
    it(`restores every table equal row by row (${variant.name})`, () => {
      const source = seeded();
      const dir = folder();
      const before = dump(source);
      const entry = source.call('backup.run', {
        folder: dir,
        compress: variant.compress,
        ...(variant.passphrase ? { passphrase: variant.passphrase } : {}),
      });
      expect(entry.result).toBe('ok');
      expect(entry.file && path.dirname(entry.file)).toBe(dir);
      expect(finals(dir)).toHaveLength(1);
      expect(temps(dir)).toEqual([]);
      const bytes = fs.readFileSync(entry.file ?? '');
      expect(bytes.subarray(0, MAGIC.length).equals(MAGIC)).toBe(true);
      if (variant.passphrase) expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);

      const target = open();
      target.call('customers.create', { kind: 'person', name: 'Only here' });
      const deviceBefore = target.info.deviceId;
      const result = target.call('backup.restore', {
        file: entry.file ?? '',
        ...(variant.passphrase ? { passphrase: variant.passphrase } : {}),
      });
      expect(dump(target)).toEqual(before);
      expect(target.info.deviceId).not.toBe(deviceBefore);
      expect(target.info.deviceId).not.toBe(source.info.deviceId);
      expect(result.deviceId).toBe(target.info.deviceId);
      // The safety copy holds what was there before.
      const safety = new Database(result.safetyCopy, { readonly: true });
      expect(safety.prepare('SELECT name FROM customers').all()).toEqual([{ name: 'Only here' }]);
      safety.close();
      expect(target.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      // The restore is in this machine's history, and its validated temp file is gone.
      expect(target.call('backup.status', {}).history[0]).toMatchObject({ kind: 'restore', result: 'ok' });
      expect(fs.readdirSync(target.dataDir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    });
  }

  it('lists backups newest first and reads their headers', () => {
    const app = seeded();
    const dir = folder();
    app.call('backup.run', { folder: dir });
    app.call('backup.run', { folder: dir, passphrase: 'a long passphrase' });
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not ours');
    fs.writeFileSync(path.join(dir, 'pishkhan-20200101-000000Z-abcdef (conflicted copy).pishkhan-backup'), 'x');
    const list = app.call('backup.list', { folder: dir });
    expect(list).toHaveLength(2);
    expect(list.every((b) => b.readable && b.deviceId === app.info.deviceId)).toBe(true);
    expect(list.filter((b) => b.encrypted)).toHaveLength(1);
  });
});

describe('backups written by earlier versions', () => {
  // Written by the format version 1 encoder (outer sha256 over header, payload and trailer).
  const fixtures = path.resolve(import.meta.dirname, '../../fixtures/backup');
  const names = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare('SELECT name FROM customers ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    } finally {
      db.close();
    }
  };

  for (const [fixture, passphrase] of [
    ['v1-compressed.pishkhan-backup', undefined],
    ['v1-encrypted.pishkhan-backup', 'version one passphrase'],
  ] as const) {
    it(`reads a format version 1 file (${fixture})`, () => {
      const app = open();
      const file = path.join(fixtures, fixture);
      expect(readHeader(file).formatVersion).toBe(1);
      const temp = validateBackup(file, passphrase, app.info.databaseFile);
      cleanups.push(() => fs.rmSync(temp, { force: true }));
      expect(names(temp)).toEqual(['Sara Ahmadi', 'شرکت آریا', 'علی رضایی']);
    });
  }

  it('still finds a changed byte in a version 1 payload', () => {
    const app = open();
    const bytes = Buffer.from(fs.readFileSync(path.join(fixtures, 'v1-compressed.pishkhan-backup')));
    bytes[HEADER_SIZE + 100] = (bytes[HEADER_SIZE + 100] ?? 0) ^ 0x20;
    const tampered = path.join(folder(), 'tampered.pishkhan-backup');
    fs.writeFileSync(tampered, bytes);
    expect(issueCode(app.fail('backup.restore', { file: tampered }))).toBe('backup_damaged');
  });

  it('writes the current version', () => {
    const app = seeded();
    const entry = app.call('backup.run', { folder: folder() });
    expect(readHeader(entry.file ?? '').formatVersion).toBe(FORMAT_VERSION);
  });
});

describe('faults: clear translated messages, previous backups and the live database untouched', () => {
  function setup() {
    const app = seeded();
    const dir = folder();
    const first = app.call('backup.run', { folder: dir });
    const previous = fs.readFileSync(first.file ?? '');
    const liveBefore = dump(app);
    const check = () => {
      expect(dump(app)).toEqual(liveBefore);
      expect(fs.readFileSync(first.file ?? '').equals(previous)).toBe(true);
      expect(temps(dir)).toEqual([]);
    };
    return { app, dir, first, check };
  }

  it('a missing folder', () => {
    const { app } = setup();
    const missing = path.join(folder(), 'unplugged-usb');
    const error = app.fail('backup.run', { folder: missing });
    expect(issueCode(error)).toBe('folder_missing');
    expect(describeError(en, error)).toContain('does not exist');
    expect(describeError(fa, error)).toContain('وجود ندارد');
    expect(fs.existsSync(missing)).toBe(false);
    expect(app.call('backup.status', {}).history[0]).toMatchObject({ result: 'failed', error: { code: 'validation' } });
  });

  it('a read-only folder', () => {
    const { app } = setup();
    const dir = folder();
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chattr', ['+i', dir]);
    else fs.chmodSync(dir, 0o555);
    cleanups.push(() => (asRoot ? execFileSync('chattr', ['-i', dir]) : fs.chmodSync(dir, 0o755)));
    const error = app.fail('backup.run', { folder: dir });
    expect(issueCode(error)).toBe('folder_read_only');
    expect(describeError(en, error)).toContain('cannot write');
    expect(describeError(fa, error)).toContain('نمی‌تواند');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a full disk (ENOSPC injected into the write path)', () => {
    const { app, dir, check } = setup();
    let written = 0;
    const full: BackupIo = {
      write(fd, data, position) {
        written += data.length;
        if (written > HEADER_SIZE + 64 * 1024)
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        fs.writeSync(fd, data, 0, data.length, position);
      },
    };
    const settings = { keepDaily: 7, keepWeekly: 4 };
    let caught: unknown;
    try {
      runBackup(app.db, app.info, {
        folder: dir,
        passphrase: null,
        compress: false,
        trigger: 'manual',
        io: full,
        ...settings,
      });
    } catch (error) {
      caught = error;
    }
    const payload = (caught as { toPayload(): RpcErrorPayload }).toPayload();
    expect(issueCode(payload)).toBe('disk_full');
    expect(describeError(en, payload)).toContain('not enough free space');
    expect(describeError(fa, payload)).toContain('فضای خالی');
    expect(finals(dir)).toHaveLength(1);
    check();
  });

  it('a truncated backup file', () => {
    const { app, first, check } = setup();
    const cut = `${first.file ?? ''}.cut.pishkhan-backup`;
    const bytes = fs.readFileSync(first.file ?? '');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const error = app.fail('backup.restore', { file: cut });
    expect(issueCode(error)).toBe('backup_damaged');
    expect(describeError(en, error)).toContain('damaged');
    expect(describeError(fa, error)).toContain('آسیب');
    fs.rmSync(cut);
    check();
  });

  for (const where of ['payload', 'header', 'trailer']) {
    it(`a tampered backup file (one byte changed in the ${where})`, () => {
      const { app, first, check } = setup();
      for (const passphrase of [undefined, 'a long passphrase']) {
        const entry = passphrase
          ? app.call('backup.run', { folder: path.dirname(first.file ?? ''), passphrase })
          : first;
        const bytes = Buffer.from(fs.readFileSync(entry.file ?? ''));
        const at = where === 'payload' ? HEADER_SIZE + 5000 : where === 'header' ? 60 : bytes.length - 50;
        bytes[at] = (bytes[at] ?? 0) ^ 0x20;
        const tampered = path.join(folder(), 'tampered.pishkhan-backup');
        fs.writeFileSync(tampered, bytes);
        const error = app.fail('backup.restore', { file: tampered, ...(passphrase ? { passphrase } : {}) });
        expect(['backup_damaged', 'not_a_backup']).toContain(issueCode(error));
        if (passphrase) fs.rmSync(entry.file ?? '');
      }
      check();
    });
  }

  it('a wrong passphrase, and none', () => {
    const { app, dir, check } = setup();
    const encrypted = app.call('backup.run', { folder: dir, passphrase: 'the right passphrase' });
    const wrong = app.fail('backup.restore', { file: encrypted.file ?? '', passphrase: 'the wrong passphrase' });
    expect(issueCode(wrong)).toBe('wrong_passphrase');
    expect(describeError(en, wrong)).toContain('passphrase is wrong');
    expect(describeError(fa, wrong)).toContain('نادرست');
    expect(issueCode(app.fail('backup.restore', { file: encrypted.file ?? '' }))).toBe('passphrase_required');
    expect(issueCode(app.fail('backup.run', { folder: dir, passphrase: 'short' }))).toBe('passphrase_too_short');
    fs.rmSync(encrypted.file ?? '');
    check();
  });

  it('a backup from a newer app version', () => {
    const { app, first, check } = setup();
    const bytes = Buffer.from(fs.readFileSync(first.file ?? ''));
    const length = bytes.readUInt32BE(20);
    const header = JSON.parse(bytes.subarray(24, 24 + length).toString('utf8')) as { schemaVersion: number };
    header.schemaVersion = LATEST_SCHEMA_VERSION + 1;
    const json = Buffer.from(JSON.stringify(header));
    bytes.fill(0x20, 24, HEADER_SIZE);
    bytes.writeUInt32BE(json.length, 20);
    json.copy(bytes, 24);
    const newer = path.join(folder(), 'newer.pishkhan-backup');
    fs.writeFileSync(newer, bytes);
    const error = app.fail('backup.restore', { file: newer });
    expect(issueCode(error)).toBe('backup_too_new');
    expect(describeError(en, error)).toContain('newer Pishkhan');
    expect(describeError(fa, error)).toContain('جدیدتری');
    check();
  });

  it('not a backup, and a missing file', () => {
    const { app, check } = setup();
    const other = path.join(folder(), 'photo.jpg');
    fs.writeFileSync(other, 'JFIF not a backup at all');
    expect(issueCode(app.fail('backup.restore', { file: other }))).toBe('not_a_backup');
    expect(issueCode(app.fail('backup.restore', { file: path.join(folder(), 'gone.pishkhan-backup') }))).toBe(
      'file_missing',
    );
    check();
  });
});

describe('rotation', () => {
  it('keeps the newest of the last 7 days and of the last 4 weeks', () => {
    const day = 24 * 60 * 60 * 1000;
    const start = Date.UTC(2026, 0, 1, 9);
    const times = Array.from({ length: 60 }, (_, i) => ({ name: `b${i}`, ms: start + i * day }));
    // Two on the last day: only the newer one counts for that day.
    times.push({ name: 'late', ms: start + 59 * day + 3600_000 });
    const keep = backupsToKeep(times, 7, 4);
    expect(keep.has('late')).toBe(true);
    expect(keep.has('b59')).toBe(true); // within a day of the newest: never deleted
    for (let i = 53; i <= 58; i++) expect(keep.has(`b${i}`)).toBe(true);
    expect(keep.has('b0')).toBe(false);
    expect(keep.size).toBeLessThanOrEqual(7 + 4 + 1);
    expect(keep.size).toBeGreaterThanOrEqual(7 + 2);
  });

  it('deletes only this device’s old backups', () => {
    const app = seeded();
    const dir = folder();
    let clock = Date.UTC(2026, 0, 1, 9);
    const settings = { keepDaily: 3, keepWeekly: 0 };
    for (let i = 0; i < 6; i++) {
      runBackup(app.db, app.info, {
        folder: dir,
        passphrase: null,
        compress: true,
        trigger: 'automatic',
        now: () => clock,
        ...settings,
      });
      clock += 24 * 60 * 60 * 1000;
    }
    expect(finals(dir)).toHaveLength(3);
    const other = seeded();
    runBackup(other.db, other.info, {
      folder: dir,
      passphrase: null,
      compress: true,
      trigger: 'automatic',
      now: () => clock,
      ...settings,
    });
    runBackup(app.db, app.info, {
      folder: dir,
      passphrase: null,
      compress: true,
      trigger: 'automatic',
      now: () => clock + 1000,
      ...settings,
    });
    expect(finals(dir)).toHaveLength(3 + 1);
  });
});

describe('settings and the automatic scheduler', () => {
  it('validates a typed folder and refuses encrypted automatic backups without a secret store', () => {
    const app = open();
    const dir = folder();
    expect(app.call('backup.checkFolder', { folder: `${dir}/./` }).folder).toBe(dir);
    expect(issueCode(app.fail('backup.updateSettings', { folder: path.join(dir, 'nope') }))).toBe('folder_missing');
    const file = path.join(dir, 'file.txt');
    fs.writeFileSync(file, '');
    expect(issueCode(app.fail('backup.updateSettings', { folder: file }))).toBe('not_a_folder');
    const refused = app.fail('backup.updateSettings', { encryptAutomatic: true, passphrase: 'long enough passphrase' });
    expect(issueCode(refused)).toBe('secret_storage_unavailable');
    const status = app.call('backup.status', {});
    expect(status.capabilities).toEqual({ nativeDialogs: false, secretStorage: false, passphraseStored: false });
    expect(status.settings.encryptAutomatic).toBe(false);
    expect(JSON.stringify(app.db.sqlite.prepare('SELECT * FROM local_state').all())).not.toContain('long enough');
    expect(app.call('backup.pickFolder', {})).toEqual({ path: null });
  });

  it('backs up daily and on quit, encrypted with a sealed passphrase, never storing it in clear', () => {
    const app = seeded();
    const dir = folder();
    // A stand-in for Electron safeStorage: reversible, but visibly not the clear text.
    const sealer: SecretSealer = {
      seal: (secret) => Buffer.from(secret).reverse().toString('base64'),
      open: (sealed) => Buffer.from(sealed, 'base64').reverse().toString(),
    };
    let clock = Date.UTC(2026, 2, 1, 8);
    const scheduler = startBackupScheduler(app, { sealer }, { now: () => clock });
    cleanups.push(() => scheduler.stop());
    app.call('backup.updateSettings', { folder: dir, encryptAutomatic: true, passphrase: 'sealed passphrase 42' });
    expect(JSON.stringify(app.db.sqlite.prepare('SELECT * FROM local_state').all())).not.toContain('sealed passphrase');
    const first = scheduler.check();
    expect(first).toMatchObject({ result: 'ok', encrypted: true, trigger: 'automatic' });
    clock += 60 * 60 * 1000;
    expect(scheduler.check()).toBeNull(); // less than a day
    expect(scheduler.beforeQuit()).toBeNull();
    clock += 24 * 60 * 60 * 1000;
    expect(scheduler.beforeQuit()).toMatchObject({ result: 'ok', trigger: 'quit' });
    const target = open();
    expect(target.call('backup.restore', { file: first?.file ?? '', passphrase: 'sealed passphrase 42' }).file).toBe(
      first?.file,
    );
  });

  it('an automatic encrypted backup without the secret store fails visibly instead of writing in clear', () => {
    const app = seeded();
    const dir = folder();
    const sealer: SecretSealer = { seal: (s) => `sealed:${Buffer.from(s).toString('base64')}`, open: () => '' };
    const detach = attachBackups(app, { sealer });
    app.call('backup.updateSettings', { folder: dir, encryptAutomatic: true, passphrase: 'another passphrase' });
    detach();
    const scheduler = startBackupScheduler(app, {});
    cleanups.push(() => scheduler.stop());
    expect(scheduler.check()).toBeNull();
    expect(finals(dir)).toEqual([]);
    const last = app.call('backup.status', {}).history[0];
    expect(last).toMatchObject({ result: 'failed', encrypted: true });
    expect(last?.error?.issues?.[0]?.code).toBe('secret_storage_unavailable');
  });
});
