/**
 * Files that appear whole or not at all: written to a `.tmp-*` name in the target folder,
 * fsynced, then renamed to the final name. Network shares, cloud-drive folders and antivirus
 * scanners on Windows briefly hold files open, so renames are retried on EPERM/EBUSY/EACCES.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const RETRYABLE = new Set(['EPERM', 'EBUSY', 'EACCES']);

export function isTempName(name: string): boolean {
  return name.startsWith('.tmp-');
}

/** A temp file name in the same folder as `target`, so the final rename stays on one volume. */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.tmp-${crypto.randomBytes(6).toString('hex')}-${path.basename(target)}`);
}

/** Waits without returning to the event loop (the callers are synchronous). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function fsyncPath(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable. Windows cannot open folders for fsync; NTFS journals renames itself. */
export function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    fsyncPath(dir);
  } catch {
    // Some network file systems refuse fsync on folders; the rename itself has happened.
  }
}

export interface RenameOptions {
  /** Refuse to replace an existing file (published files are never rewritten). */
  exclusive?: boolean;
  retries?: number;
}

export function renameWithRetry(from: string, to: string, options: RenameOptions = {}): void {
  const retries = options.retries ?? 8;
  for (let attempt = 0; ; attempt++) {
    try {
      if (options.exclusive && fs.existsSync(to)) {
        throw Object.assign(new Error(`${to} already exists`), { code: 'EEXIST' });
      }
      fs.renameSync(from, to);
      fsyncDirectory(path.dirname(to));
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!RETRYABLE.has(code) || attempt >= retries) throw error;
      sleepSync(Math.min(50 * 2 ** attempt, 2000));
    }
  }
}

/** Writes `data` to `target` atomically; on failure nothing with the final name is left behind. */
export function writeFileAtomicSync(target: string, data: string | Uint8Array, options: RenameOptions = {}): void {
  const temp = tempPathFor(target);
  try {
    fs.writeFileSync(temp, data, { flag: 'wx' });
    fsyncPath(temp);
    renameWithRetry(temp, target, options);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
