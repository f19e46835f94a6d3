import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { attachBackups } from '../../../main/backup/backup.runtime';
import { validateBackup } from '../../../main/backup/backup.service';
import { openTestApp, tempDir } from '../../helpers/temp-app';

const child = path.join(import.meta.dirname, 'crash-child.ts');
const root = path.resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function dir(prefix: string): string {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
}

/** Starts the child; resolves with what it printed once `until` says so, then kills it with SIGKILL. */
function runAndKill(args: string[], until: (out: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    // Node itself with tsx's loader, not the tsx command: that one runs the script in a child
    // process of its own, so SIGKILL would stop the wrapper and leave the script running.
    const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!killed && until(out)) {
        killed = true;
        proc.kill('SIGKILL');
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`child ended without being killed: ${err}`));
    });
  });
}

/** A small PRNG, so a failing round can be replayed from the printed seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('crash safety', () => {
  it('a backup killed before its final rename leaves no final-named file; the next backup clears the leftover', async () => {
    const app = openTestApp();
    const detach = attachBackups(app);
    const folder = dir('pishkhan-crash-backups-');
    try {
      app.call('customers.create', { kind: 'person', name: 'Before the crash' });
      app.close();
      await runAndKill(['backup', app.dataDir, folder], (out) => out.includes('READY'));
      const names = fs.readdirSync(folder);
      expect(names.filter((n) => !n.startsWith('.tmp-'))).toEqual([]);
      expect(names.some((n) => n.startsWith('.tmp-'))).toBe(true);

      const reopened = openTestApp({ dataDir: app.dataDir });
      const detach2 = attachBackups(reopened);
      try {
        expect(reopened.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        const entry = reopened.call('backup.run', { folder });
        expect(fs.readdirSync(folder)).toEqual([path.basename(entry.file ?? '')]);
      } finally {
        detach2();
        reopened.close();
      }
    } finally {
      detach();
      fs.rmSync(app.dataDir, { recursive: true, force: true });
    }
  });

  it('writes killed with SIGKILL at random moments: integrity ok and every confirmed write present', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    console.log(`crash-safety seed ${seed} (CRASH_SEED=${seed} replays it)`);
    const random = mulberry32(seed);
    const dataDir = dir('pishkhan-crash-');
    const confirmed: string[] = [];
    for (let round = 0; round < 4; round++) {
      // Kill after a random number of confirmed writes (the timing inside a commit varies too).
      const after = 5 + Math.floor(random() * 200);
      const out = await runAndKill(['writer', dataDir], (text) => text.split('\n').length > after);
      // Only complete lines are confirmations; a partial last line was never finished.
      const lines = out.split('\n');
      lines.pop();
      confirmed.push(...lines);
      const db = new Database(path.join(dataDir, 'pishkhan.sqlite'));
      try {
        expect(db.pragma('integrity_check', { simple: true }), `seed ${seed} round ${round}`).toBe('ok');
        const present = new Set((db.prepare('SELECT id FROM customers').all() as { id: string }[]).map((r) => r.id));
        const missing = confirmed.filter((id) => !present.has(id));
        expect(missing, `seed ${seed} round ${round}`).toEqual([]);
        // Every stored customer has its change record (the write path's transaction is whole).
        const orphans = db
          .prepare(
            'SELECT count(*) AS n FROM customers c WHERE NOT EXISTS (SELECT 1 FROM change_log l WHERE l.row_id = c.id)',
          )
          .get() as { n: number };
        expect(orphans.n).toBe(0);
      } finally {
        db.close();
      }
    }
    expect(confirmed.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('a writer in another process during backups', () => {
  it('keeps writing, and every backup is complete and verified', async () => {
    const app = openTestApp();
    const detach = attachBackups(app);
    const folder = dir('pishkhan-busy-backups-');
    const entries: { file: string | null; result: string }[] = [];
    const failures: unknown[] = [];
    let writtenBefore = 0;
    try {
      // The backups run inside the output handler, so the writer is busy committing all along.
      const out = await runAndKill(['writer', app.dataDir], (text) => {
        const lines = text.split('\n').length;
        if (lines < 20) return false;
        if (writtenBefore === 0) {
          writtenBefore = lines;
          try {
            entries.push(app.call('backup.run', { folder }));
            entries.push(app.call('backup.run', { folder, compress: true }));
            entries.push(app.call('backup.run', { folder, passphrase: 'a passphrase while busy' }));
          } catch (error) {
            failures.push(error);
          }
          return false;
        }
        return true;
      });
      expect(failures).toEqual([]);
      expect(entries.map((e) => e.result)).toEqual(['ok', 'ok', 'ok']);
      // It was never held up for long: it went on committing while the backups ran.
      expect(out.split('\n').length).toBeGreaterThan(writtenBefore);
      for (const [i, entry] of entries.entries()) {
        const temp = validateBackup(
          entry.file ?? '',
          i === 2 ? 'a passphrase while busy' : undefined,
          app.info.databaseFile,
        );
        const restored = new Database(temp, { readonly: true });
        expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
        restored.close();
        fs.rmSync(temp);
      }
      expect(fs.readdirSync(folder).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    } finally {
      detach();
      app.dispose();
    }
  }, 60_000);
});
