/**
 * Files sent by the window for import, in chunks (the browser-mode host takes at most 20 MB per
 * request; a chunk is UPLOAD_CHUNK_BYTES), appended to a temp file. Ids are random; a path is
 * never taken from the window. Uploads older than a day are removed when a new one starts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_IMPORT_BYTES, type Outcome } from '../../shared/exchange/exchange.schema';

const DAY_MS = 24 * 60 * 60 * 1000;

export function uploadDir(): string {
  const dir = path.join(os.tmpdir(), 'pishkhan-uploads');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const fileFor = (id: string) => path.join(uploadDir(), `${id}.upload`);

function sweep(now: number): void {
  for (const name of fs.readdirSync(uploadDir())) {
    const file = path.join(uploadDir(), name);
    try {
      if (now - fs.statSync(file).mtimeMs > DAY_MS) fs.rmSync(file, { force: true });
    } catch {
      // Another run may have removed it.
    }
  }
}

/** Appends a chunk; starts a new upload when `uploadId` is null. */
export function appendUpload(
  uploadId: string | null,
  chunk: Buffer,
  now = Date.now(),
): Outcome<{ uploadId: string; size: number }> {
  let id = uploadId;
  if (id === null) {
    sweep(now);
    id = crypto.randomBytes(16).toString('hex');
    fs.writeFileSync(fileFor(id), new Uint8Array(0));
  }
  const file = fileFor(id);
  if (!fs.existsSync(file)) return { ok: false, problem: { code: 'upload_missing' } };
  const size = fs.statSync(file).size + chunk.length;
  if (size > MAX_IMPORT_BYTES) {
    fs.rmSync(file, { force: true });
    return { ok: false, problem: { code: 'too_large', params: { max: MAX_IMPORT_BYTES / (1024 * 1024) } } };
  }
  fs.appendFileSync(file, chunk);
  return { ok: true, value: { uploadId: id, size } };
}

export function readUpload(uploadId: string): Outcome<Buffer> {
  const file = fileFor(uploadId);
  if (!fs.existsSync(file)) return { ok: false, problem: { code: 'upload_missing' } };
  return { ok: true, value: fs.readFileSync(file) };
}

export function discardUpload(uploadId: string): void {
  fs.rmSync(fileFor(uploadId), { force: true });
}
