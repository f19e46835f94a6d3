/**
 * The backup file format, version 2. One file, read and written in one streaming pass:
 *
 *   [0, 8192)   header: magic "PISHKHAN-BACKUP\n", u32 format version, u32 JSON length, JSON, padding
 *   [8192, E)   payload: the SQLite snapshot, optionally in deflate blocks (u32 length + block),
 *               the whole stream optionally encrypted with AES-256-GCM (the header is its AAD)
 *   [E, E+96)   trailer: GCM tag (16), sha256 of the database bytes (32), u64 payload length,
 *               outer sha256 (32), magic "PSHKEND\n"
 *
 * The header holds what is known before the payload (versions, time, device, row counts,
 * compression and key-derivation parameters, a key check); the trailer holds what is known after.
 * A truncated file has no trailer; a changed byte in the header or trailer breaks the outer
 * sha256, one in the payload the database sha256 (and the GCM tag when encrypted); a wrong
 * passphrase fails the key check before anything is decrypted. Node built-ins only (crypto, zlib).
 *
 * Version 1 differed only in the outer sha256: it covered header, payload and trailer, so every
 * payload byte was hashed twice (for a plain backup, the same bytes twice). Version 2's outer
 * sha256 covers the header and the trailer, and through the trailer's database sha256 the
 * payload. Both versions are read.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { AppError } from '../../shared/errors';
import { digestInBackground } from './file-digest';

/** The version written; every version up to it is read. */
export const FORMAT_VERSION = 2;
export const MAGIC = Buffer.from('PISHKHAN-BACKUP\n', 'latin1');
const END_MAGIC = Buffer.from('PSHKEND\n', 'latin1');
export const HEADER_SIZE = 8192;
const TRAILER_SIZE = 16 + 32 + 8 + 32 + 8;
const CHUNK = 4 * 1024 * 1024;
/** Read size when the payload is the database as it is (measured: 1 MiB copies faster than 4). */
const COPY_CHUNK = 1024 * 1024;

/** scrypt cost: 64 MiB of memory, a fraction of a second; stored per file so it can grow later. */
export const SCRYPT = { N: 2 ** 16, r: 8, p: 1 } as const;

export interface BackupHeader {
  format: number;
  app: 'pishkhan';
  appVersion: string;
  schemaVersion: number;
  createdAt: string;
  deviceId: string;
  database: { size: number; tables: Record<string, number> };
  compression: { algorithm: 'deflate-blocks'; blockSize: number; level: number } | null;
  encryption: {
    algorithm: 'aes-256-gcm';
    kdf: 'scrypt';
    N: number;
    r: number;
    p: number;
    salt: string;
    iv: string;
    keyCheck: string;
  } | null;
}

/** Where bytes are written; tests inject failures (a full disk) here. */
export interface BackupIo {
  write(fd: number, data: Uint8Array, position: number | null): void;
}

export const nodeIo: BackupIo = {
  write(fd, data, position) {
    let done = 0;
    while (done < data.length) {
      done += fs.writeSync(fd, data, done, data.length - done, position === null ? null : position + done);
    }
  },
};

function issue(
  field: string,
  code: 'not_a_backup' | 'backup_damaged' | 'wrong_passphrase' | 'passphrase_required',
  path: string,
): AppError {
  return AppError.validation([{ field, code, params: { path } }]);
}

interface Keys {
  key: Buffer;
  check: string;
}

function deriveKeys(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Keys {
  const material = crypto.scryptSync(passphrase.normalize('NFC'), salt, 64, {
    ...params,
    maxmem: 256 * params.N * params.r * params.p + 1024 * 1024,
  });
  const key = material.subarray(0, 32);
  const check = crypto.createHash('sha256').update(material.subarray(32)).digest('base64');
  return { key, check };
}

function headerBytes(header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  if (24 + json.length > HEADER_SIZE) throw new Error('backup header too large');
  const region = Buffer.alloc(HEADER_SIZE, 0x20);
  MAGIC.copy(region, 0);
  region.writeUInt32BE(FORMAT_VERSION, 16);
  region.writeUInt32BE(json.length, 20);
  json.copy(region, 24);
  return region;
}

/** Version 2's outer checksum: the header region and the trailer up to the checksum itself. */
function outerDigest(region: Buffer, trailer: Buffer): Buffer {
  return crypto.createHash('sha256').update(region).update(trailer.subarray(0, 56)).digest();
}

function trailerBytes(region: Buffer, tag: Buffer, databaseDigest: Buffer, payloadLength: number): Buffer {
  const trailer = Buffer.alloc(TRAILER_SIZE);
  tag.copy(trailer, 0);
  databaseDigest.copy(trailer, 16);
  trailer.writeBigUInt64BE(BigInt(payloadLength), 48);
  outerDigest(region, trailer).copy(trailer, 56);
  END_MAGIC.copy(trailer, 88);
  return trailer;
}

export interface EncodeOptions {
  header: Omit<BackupHeader, 'format' | 'app' | 'compression' | 'encryption'>;
  compress: boolean;
  passphrase: string | null;
  io?: BackupIo;
}

/**
 * Writes the snapshot `source` into `target` (already created, empty) as a backup file and
 * fsyncs it. Returns the file size.
 */
export function encodeBackup(source: string, target: string, options: EncodeOptions): number {
  const io = options.io ?? nodeIo;
  let keys: Keys | null = null;
  let encryption: BackupHeader['encryption'] = null;
  let iv: Buffer | null = null;
  if (options.passphrase !== null) {
    const salt = crypto.randomBytes(16);
    iv = crypto.randomBytes(12);
    keys = deriveKeys(options.passphrase, salt, SCRYPT);
    encryption = {
      algorithm: 'aes-256-gcm',
      kdf: 'scrypt',
      ...SCRYPT,
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      keyCheck: keys.check,
    };
  }
  const header: BackupHeader = {
    format: FORMAT_VERSION,
    app: 'pishkhan',
    ...options.header,
    compression: options.compress ? { algorithm: 'deflate-blocks', blockSize: CHUNK, level: 1 } : null,
    encryption,
  };
  const region = headerBytes(header);
  const inner = crypto.createHash('sha256');
  const cipher = keys && iv ? crypto.createCipheriv('aes-256-gcm', keys.key, iv) : null;
  cipher?.setAAD(region);

  const out = fs.openSync(target, 'r+');
  const input = fs.openSync(source, 'r');
  try {
    let position = 0;
    const put = (data: Buffer) => {
      if (data.length === 0) return;
      io.write(out, data, position);
      position += data.length;
    };
    io.write(out, region, 0);
    position = HEADER_SIZE;
    const buffer = Buffer.allocUnsafe(CHUNK);
    const lengthPrefix = Buffer.alloc(4);
    for (;;) {
      const read = fs.readSync(input, buffer, 0, CHUNK, null);
      if (read === 0) break;
      const raw = buffer.subarray(0, read);
      inner.update(raw);
      let stored: Buffer[] = [raw];
      if (options.compress) {
        const block = zlib.deflateRawSync(raw, { level: 1 });
        lengthPrefix.writeUInt32BE(block.length, 0);
        stored = [Buffer.from(lengthPrefix), block];
      }
      for (const part of stored) put(cipher ? cipher.update(part) : part);
    }
    if (cipher) put(cipher.final());
    const tag = cipher ? cipher.getAuthTag() : Buffer.alloc(16);
    io.write(out, trailerBytes(region, tag, inner.digest(), position - HEADER_SIZE), position);
    fs.fsyncSync(out);
    return position + TRAILER_SIZE;
  } finally {
    fs.closeSync(input);
    fs.closeSync(out);
  }
}

export interface RawEncodeOptions {
  header: EncodeOptions['header'];
  io?: BackupIo;
  /** Runs on this thread after the copy, while the checksum is still computed on another. */
  meanwhile?: () => void;
}

/**
 * Writes the first `header.database.size` bytes of the database file `source` into `target`
 * (already created, empty) as a backup file that stores them as they are (no compression, no
 * encryption), and fsyncs it. The checksum is computed by a worker thread reading `source` while
 * this thread copies it, so `source` must not change until this returns. Returns the file size.
 */
export function encodeRawBackup(source: string, target: string, options: RawEncodeOptions): number {
  const io = options.io ?? nodeIo;
  const length = options.header.database.size;
  const region = headerBytes({
    format: FORMAT_VERSION,
    app: 'pishkhan',
    ...options.header,
    compression: null,
    encryption: null,
  });
  const digest = digestInBackground(source, length);
  try {
    const out = fs.openSync(target, 'r+');
    const input = fs.openSync(source, 'r');
    try {
      io.write(out, region, 0);
      const buffer = Buffer.allocUnsafe(COPY_CHUNK);
      for (let copied = 0; copied < length;) {
        const read = fs.readSync(input, buffer, 0, Math.min(COPY_CHUNK, length - copied), copied);
        if (read === 0) throw new Error(`${source} is shorter than ${length} bytes`);
        io.write(out, buffer.subarray(0, read), HEADER_SIZE + copied);
        copied += read;
      }
      options.meanwhile?.();
      io.write(out, trailerBytes(region, Buffer.alloc(16), digest.wait(), length), HEADER_SIZE + length);
      fs.fsyncSync(out);
      return HEADER_SIZE + length + TRAILER_SIZE;
    } finally {
      fs.closeSync(input);
      fs.closeSync(out);
    }
  } finally {
    // After a failure the worker is still reading; after `wait` it has ended and this does nothing.
    digest.cancel();
  }
}

function readExactly(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

function parseHeaderRegion(region: Buffer, file: string): BackupHeader {
  if (region.length < 24 || !region.subarray(0, 16).equals(MAGIC)) throw issue('file', 'not_a_backup', file);
  const length = region.readUInt32BE(20);
  if (24 + length > region.length) throw issue('file', 'backup_damaged', file);
  let header: unknown;
  try {
    header = JSON.parse(region.subarray(24, 24 + length).toString('utf8'));
  } catch {
    throw issue('file', 'backup_damaged', file);
  }
  const h = header as Partial<BackupHeader> | null;
  if (
    !h ||
    h.app !== 'pishkhan' ||
    typeof h.schemaVersion !== 'number' ||
    typeof h.createdAt !== 'string' ||
    typeof h.database?.size !== 'number'
  ) {
    throw issue('file', 'backup_damaged', file);
  }
  return h as BackupHeader;
}

/** The header of a backup file; throws not_a_backup / backup_damaged / a newer format. */
export function readHeader(file: string): { header: BackupHeader; formatVersion: number } {
  const fd = fs.openSync(file, 'r');
  try {
    const region = readExactly(fd, HEADER_SIZE, 0);
    if (region.length < 24 || !region.subarray(0, 16).equals(MAGIC)) throw issue('file', 'not_a_backup', file);
    const formatVersion = region.readUInt32BE(16);
    if (region.length < HEADER_SIZE) throw issue('file', 'backup_damaged', file);
    return { header: parseHeaderRegion(region, file), formatVersion };
  } finally {
    fs.closeSync(fd);
  }
}

/** Checks a passphrase against the header's key check without touching the payload. */
export function checkPassphrase(header: BackupHeader, passphrase: string | undefined, file: string): Keys | null {
  const enc = header.encryption;
  if (!enc) return null;
  if (!passphrase) throw issue('passphrase', 'passphrase_required', file);
  const keys = deriveKeys(passphrase, Buffer.from(enc.salt, 'base64'), enc);
  const a = Buffer.from(keys.check);
  const b = Buffer.from(enc.keyCheck);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw issue('passphrase', 'wrong_passphrase', file);
  return keys;
}

/** Splits the decrypted stream back into deflate blocks and inflates them. */
class BlockReader {
  private pending: Buffer = Buffer.alloc(0);
  constructor(private readonly emit: (raw: Buffer) => void) {}
  push(data: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    let offset = 0;
    while (this.pending.length - offset >= 4) {
      const length = this.pending.readUInt32BE(offset);
      if (length > CHUNK * 2) throw new Error('block too large');
      if (this.pending.length - offset - 4 < length) break;
      this.emit(zlib.inflateRawSync(this.pending.subarray(offset + 4, offset + 4 + length)));
      offset += 4 + length;
    }
    this.pending = this.pending.subarray(offset);
  }
  end(): void {
    if (this.pending.length !== 0) throw new Error('trailing bytes');
  }
}

/**
 * Checks the whole file and writes the database it holds to `target` (created exclusively).
 * Any mismatch — size, outer checksum, GCM tag, database checksum — is `backup_damaged`.
 */
export function decodeBackup(file: string, target: string, passphrase: string | undefined): BackupHeader {
  const { header, formatVersion } = readHeader(file);
  const keys = checkPassphrase(header, passphrase, file);
  const fd = fs.openSync(file, 'r');
  const out = fs.openSync(target, 'wx');
  try {
    const size = fs.fstatSync(fd).size;
    if (size < HEADER_SIZE + TRAILER_SIZE) throw issue('file', 'backup_damaged', file);
    const trailer = readExactly(fd, TRAILER_SIZE, size - TRAILER_SIZE);
    const payloadLength = Number(trailer.readBigUInt64BE(48));
    if (!trailer.subarray(88).equals(END_MAGIC) || payloadLength !== size - HEADER_SIZE - TRAILER_SIZE) {
      throw issue('file', 'backup_damaged', file);
    }
    const region = readExactly(fd, HEADER_SIZE, 0);
    // Version 1 hashed the payload into the outer checksum; version 2's is checked before reading on.
    const outerV1 = formatVersion === 1 ? crypto.createHash('sha256').update(region) : null;
    if (!outerV1 && !outerDigest(region, trailer).equals(trailer.subarray(56, 88))) {
      throw issue('file', 'backup_damaged', file);
    }
    const inner = crypto.createHash('sha256');
    let decipher: crypto.DecipherGCM | null = null;
    if (keys && header.encryption) {
      decipher = crypto.createDecipheriv('aes-256-gcm', keys.key, Buffer.from(header.encryption.iv, 'base64'));
      decipher.setAAD(region);
      decipher.setAuthTag(trailer.subarray(0, 16));
    }
    let written = 0;
    const emit = (raw: Buffer) => {
      inner.update(raw);
      nodeIo.write(out, raw, null);
      written += raw.length;
    };
    const blocks = header.compression ? new BlockReader(emit) : null;
    const accept = (plain: Buffer) => (blocks ? blocks.push(plain) : emit(plain));
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = HEADER_SIZE;
    const end = HEADER_SIZE + payloadLength;
    try {
      while (position < end) {
        const n = fs.readSync(fd, buffer, 0, Math.min(CHUNK, end - position), position);
        if (n === 0) throw new Error('short read');
        const stored = buffer.subarray(0, n);
        outerV1?.update(stored);
        position += n;
        accept(decipher ? decipher.update(stored) : Buffer.from(stored));
      }
      if (outerV1 && !outerV1.update(trailer.subarray(0, 56)).digest().equals(trailer.subarray(56, 88))) {
        throw new Error('outer checksum');
      }
      if (decipher) accept(decipher.final());
      blocks?.end();
    } catch {
      throw issue('file', 'backup_damaged', file);
    }
    if (written !== header.database.size || !inner.digest().equals(trailer.subarray(16, 48))) {
      throw issue('file', 'backup_damaged', file);
    }
    fs.fsyncSync(out);
    return header;
  } finally {
    fs.closeSync(fd);
    fs.closeSync(out);
  }
}
