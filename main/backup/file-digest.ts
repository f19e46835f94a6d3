/**
 * The sha256 of a file, computed on a worker thread while the calling thread does other work.
 *
 * A plain backup reads the data file twice — once to copy it, once for `integrity_check` — and
 * hashes it once; on one thread the hash alone costs about as much as the copy. The backup is
 * synchronous (the contract's handlers and the CLI call it so), so the worker is waited for with
 * `Atomics.wait` on a shared buffer instead of a promise.
 *
 * The worker is given as source text (`eval`): a separate module file would need its own entry in
 * every bundle and test runner that loads this code. It uses built-ins only, through
 * `process.getBuiltinModule`, which works whether the text is run as a script or as a module.
 */
import { Worker } from 'node:worker_threads';

/** No progress for this long means the worker is gone (it could not start, or died). */
const STALL_MS = 30_000;
const CHUNK = 1024 * 1024;

// state[0]: 0 running, 1 done, 2 failed; state[1]: chunks hashed so far (to tell slow from stuck).
const WORKER_SOURCE = `
const { workerData } = process.getBuiltinModule('node:worker_threads');
const crypto = process.getBuiltinModule('node:crypto');
const fs = process.getBuiltinModule('node:fs');
const { file, length, state, digest } = workerData;
let status = 2;
try {
  const hash = crypto.createHash('sha256');
  const buffer = Buffer.allocUnsafe(${CHUNK});
  const fd = fs.openSync(file, 'r');
  try {
    for (let position = 0; position < length; ) {
      const read = fs.readSync(fd, buffer, 0, Math.min(buffer.length, length - position), position);
      if (read === 0) throw new Error('short read');
      hash.update(buffer.subarray(0, read));
      position += read;
      Atomics.add(state, 1, 1);
    }
  } finally {
    fs.closeSync(fd);
  }
  digest.set(hash.digest());
  status = 1;
} finally {
  Atomics.store(state, 0, status);
  Atomics.notify(state, 0);
}
`;

export interface PendingDigest {
  /** Blocks until the digest is ready; throws if the worker failed or stopped making progress. */
  wait(): Buffer;
  /** Stops the worker (when the caller gave up before waiting). */
  cancel(): void;
}

/** Starts hashing the first `length` bytes of `file`, which must not change until `wait` returns. */
export function digestInBackground(file: string, length: number): PendingDigest {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const digest = new Uint8Array(new SharedArrayBuffer(32));
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, length, state, digest } });
  // Failures are reported through `state`; a worker that dies before that is caught as a stall.
  worker.on('error', () => {});
  worker.unref();
  return {
    wait() {
      let seen = -1;
      while (Atomics.load(state, 0) === 0) {
        const progress = Atomics.load(state, 1);
        if (progress === seen) {
          void worker.terminate();
          throw new Error('the checksum worker stopped');
        }
        seen = progress;
        Atomics.wait(state, 0, 0, STALL_MS);
      }
      if (Atomics.load(state, 0) !== 1) throw new Error(`could not read ${file} for its checksum`);
      return Buffer.from(digest);
    },
    cancel() {
      void worker.terminate();
    },
  };
}
