/**
 * Backup of a ~500 MB database (BENCH_BACKUP_MB): seeded customers through the write path plus
 * a filler table of incompressible-ish rows, built directly in a temp folder. Measures, in one
 * run: a plain file copy of the data file (the yardstick), a plain backup, a compressed backup,
 * an encrypted and compressed backup, and a restore check (decode + verify) of the encrypted one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, type App } from '../../main/app';
import { runBackup, validateBackup, type BackupRunOptions, type BackupStep } from '../../main/backup/backup.service';
import type { BackupHistoryEntry } from '../../shared/backup/backup.schema';
import { seedCustomers } from '../../main/seed/customer.seed';
import type { BenchSection } from './timing';

export interface BackupBenchOptions {
  tempDir: string;
  megabytes: number;
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** What happens up to each step of a backup (see runBackup), and after the last one. */
const PHASES: Record<BackupStep | 'end', string> = {
  'folder-checked': 'folder',
  snapshot: 'snapshot',
  verified: 'verify',
  written: 'write',
  end: 'rename',
};

interface TimedBackup {
  entry: BackupHistoryEntry;
  ms: number;
  /** Seconds per phase, e.g. "folder 0.00 · snapshot 0.21 · verify 0.25 · write 0.15 · rename 0.01". */
  phases: string;
}

function timedBackup(app: App, options: Omit<BackupRunOptions, 'onStep'>): TimedBackup {
  const marks: { step: BackupStep | 'end'; at: number }[] = [];
  const start = performance.now();
  const entry = runBackup(app.db, app.info, {
    ...options,
    onStep: (step) => marks.push({ step, at: performance.now() }),
  });
  const end = performance.now();
  marks.push({ step: 'end', at: end });
  const phases = marks
    .map((mark, i) => `${PHASES[mark.step]} ${((mark.at - (marks[i - 1]?.at ?? start)) / 1000).toFixed(2)}`)
    .join(' · ');
  return { entry, ms: end - start, phases };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export function benchBackup(options: BackupBenchOptions): BenchSection {
  const dataDir = path.join(options.tempDir, 'data');
  const target = path.join(options.tempDir, 'backups');
  fs.mkdirSync(target, { recursive: true });
  const app = openApp({ dataDir, systemLocale: 'en-US' });
  try {
    const build = timed(() => {
      seedCustomers(app.writer, 20_000, { seed: 5 });
      const sqlite = app.db.sqlite;
      sqlite.exec('CREATE TABLE bench_filler (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
      const insert = sqlite.prepare('INSERT INTO bench_filler (body) VALUES (?)');
      // Half random, half text-like: roughly what attachments and notes compress to.
      const row = () => Buffer.concat([crypto.randomBytes(2048), Buffer.alloc(2048, 'متن فارسی and English text ')]);
      const rows = Math.ceil((options.megabytes * 1024 * 1024) / 4200);
      for (let done = 0; done < rows; done += 5000) {
        sqlite.transaction(() => {
          for (let i = done; i < Math.min(rows, done + 5000); i++) insert.run(row());
        })();
      }
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    });
    const file = app.info.databaseFile;
    const size = fs.statSync(file).size;
    const copy = timed(() => {
      const to = path.join(options.tempDir, 'copy.sqlite');
      fs.copyFileSync(file, to);
      const fd = fs.openSync(to, 'r');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fs.rmSync(to);
    });
    const settings = { trigger: 'manual' as const, keepDaily: 100, keepWeekly: 0 };
    const plain = timedBackup(app, { folder: target, passphrase: null, compress: false, ...settings });
    const compressed = timedBackup(app, { folder: target, passphrase: null, compress: true, ...settings });
    const encrypted = timedBackup(app, { folder: target, passphrase: 'bench passphrase', compress: true, ...settings });
    const restoreCheck = timed(() => {
      const temp = validateBackup(encrypted.entry.file ?? '', 'bench passphrase', file);
      fs.rmSync(temp);
    });
    const ratio = copy.ms / plain.ms;
    return {
      title: `Backup of a ${mib(size)} database`,
      setup: [
        `20,000 seeded customers + filler rows, built in ${seconds(build.ms)}; file ${mib(size)}`,
        'backup = WAL checkpointed, read snapshot of the data file; plain: copy it into the backup file, then',
        '  integrity_check + row counts of the snapshot while a worker thread computes the checksum; compressed or',
        '  encrypted: integrity_check + row counts, then encode; fsync, rename. Phases in seconds (plain: snapshot',
        '  includes the copy)',
      ],
      rows: [
        { measure: 'plain file copy (+ fsync)', value: seconds(copy.ms) },
        {
          measure: 'backup, unencrypted, uncompressed',
          value: seconds(plain.ms),
          note: `${mib(plain.entry.size ?? 0)}: ${plain.phases}`,
        },
        {
          measure: 'copy time / backup time',
          value: ratio.toFixed(2),
          aim: '≥ 0.5',
          met: ratio >= 0.5,
        },
        {
          measure: 'backup, compressed',
          value: seconds(compressed.ms),
          note: `${mib(compressed.entry.size ?? 0)}: ${compressed.phases}`,
        },
        {
          measure: 'backup, compressed + AES-256-GCM',
          value: seconds(encrypted.ms),
          note: `${mib(encrypted.entry.size ?? 0)}: ${encrypted.phases}`,
        },
        { measure: 'restore check of the encrypted backup (decode + verify)', value: seconds(restoreCheck.ms) },
      ],
    };
  } finally {
    app.close();
  }
}
