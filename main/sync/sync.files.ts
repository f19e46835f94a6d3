/**
 * The sync folder's layout and file formats (see the sync section of ../shared/DESIGN.md):
 *
 *   <folder>/Pishkhan-Sync/shop.json                                written once: shop id, format
 *   <folder>/Pishkhan-Sync/devices/<device>/manifest-<n>.json       name, series, schema, acks
 *   <folder>/Pishkhan-Sync/log/<device>/<from>-<to>.<sha8>.ndjson   immutable change files
 *   <folder>/Pishkhan-Sync/snap/<device>/<stamp>.<sha8>.pishkhan-backup   snapshots (backup format)
 *
 * Only names matching these patterns are ours: cloud-drive conflict copies ("… (1).ndjson",
 * "… conflicted copy …"), `desktop.ini`, `.DS_Store` and temp files never match and are ignored.
 * A file whose checksum does not hold is "not arrived yet": it is read again next round.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ChangeLogTable } from '../../db/schema';
import { fsyncPath, isTempName, renameWithRetry, tempPathFor } from '../files/atomic-file';
import type { Fields } from './tables';

export const SYNC_DIR = 'Pishkhan-Sync';
export const FOLDER_FORMAT = 1;

const DEVICE_PATTERN = /^[0-9a-f]{16}$/;
const CHANGE_FILE_PATTERN = /^(\d{1,15})-(\d{1,15})\.([0-9a-f]{8})\.ndjson$/;
const MANIFEST_PATTERN = /^manifest-(\d{1,12})\.json$/;
const SNAPSHOT_PATTERN = /^(\d{8}T\d{9}Z)-(\d{1,15})\.([0-9a-f]{8})\.pishkhan-backup$/;

export const isDeviceId = (name: string): boolean => DEVICE_PATTERN.test(name);

export const sha256 = (data: string | Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

// ---- Transport: list, read, write-if-absent (and remove, for a device's own old files) -------

/**
 * Everything sync does with the folder. Paths are relative to `Pishkhan-Sync/` with `/`
 * separators, so the same log could later ride on WebDAV or S3.
 */
export interface SyncTransport {
  /** Names in a folder; empty when the folder does not exist (yet). */
  list(dir: string): string[];
  /** The file's bytes, or null when it is gone. */
  read(file: string): Buffer | null;
  /** Writes a new file whole (temp file, fsync, rename); `false` when the name exists already. */
  writeIfAbsent(file: string, data: Buffer): boolean;
  remove(file: string): void;
  /** Where a path lives on disk (messages and snapshots, which are read by file name). */
  absolute(file: string): string;
}

export function folderTransport(root: string): SyncTransport {
  const abs = (file: string) => path.join(root, ...file.split('/'));
  return {
    list(dir) {
      try {
        return fs.readdirSync(abs(dir));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
    read(file) {
      try {
        return fs.readFileSync(abs(file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    writeIfAbsent(file, data) {
      const target = abs(file);
      if (fs.existsSync(target)) return false;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const temp = tempPathFor(target);
      try {
        fs.writeFileSync(temp, data, { flag: 'wx' });
        fsyncPath(temp);
        renameWithRetry(temp, target, { exclusive: true });
        return true;
      } catch (error) {
        fs.rmSync(temp, { force: true });
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
    },
    remove(file) {
      fs.rmSync(abs(file), { force: true });
    },
    absolute: abs,
  };
}

/** Removes temp files a crash left in one of this device's own folders (nobody else writes there). */
export function removeOwnTemps(transport: SyncTransport, dir: string): void {
  for (const name of transport.list(dir)) if (isTempName(name)) transport.remove(`${dir}/${name}`);
}

// ---- shop.json -------------------------------------------------------------------------------

export interface ShopFile {
  pishkhan: 'shop';
  format: number;
  shopId: string;
  createdAt: string;
}

export function encodeShop(shop: ShopFile): Buffer {
  return Buffer.from(`${JSON.stringify(shop, null, 2)}\n`);
}

export function decodeShop(data: Buffer): ShopFile | null {
  try {
    const parsed = JSON.parse(data.toString('utf8')) as Partial<ShopFile>;
    if (parsed.pishkhan !== 'shop' || typeof parsed.shopId !== 'string' || typeof parsed.format !== 'number')
      return null;
    return parsed as ShopFile;
  } catch {
    return null;
  }
}

// ---- Change files ------------------------------------------------------------------------------

/** One change record as published: a write of one record on one device. */
export interface ChangeRecord {
  hlc: string;
  device: string;
  user: string;
  table: string;
  rowId: string;
  fields: Fields;
}

/** A change_log row as stored (the columns a change file carries). */
export type ChangeLogRow = Omit<ChangeLogTable, 'seq'>;

export function changeRecordOf(row: ChangeLogRow): ChangeRecord {
  return {
    hlc: row.hlc,
    device: row.device_id,
    user: row.user_id,
    table: row.table_name,
    rowId: row.row_id,
    fields: JSON.parse(row.fields) as Fields,
  };
}

export interface ChangeFileHeader {
  pishkhan: 'changes';
  format: number;
  shop: string;
  device: string;
  from: number;
  to: number;
  schema: number;
  count: number;
}

export interface ChangeFileName {
  name: string;
  from: number;
  to: number;
  sha8: string;
}

export function parseChangeFileName(name: string): ChangeFileName | null {
  const match = CHANGE_FILE_PATTERN.exec(name);
  if (!match) return null;
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (!(from >= 1 && to >= from)) return null;
  return { name, from, to, sha8: match[3] ?? '' };
}

/**
 * A change file: a header line, one JSON line per change, and a trailer line with the sha256 of
 * everything before it. A file cut short has no (valid) trailer; one changed in transit fails it.
 */
export function encodeChangeFile(
  header: ChangeFileHeader,
  records: readonly ChangeRecord[],
): { name: string; data: Buffer } {
  const lines = [JSON.stringify(header)];
  for (const r of records)
    lines.push(JSON.stringify({ h: r.hlc, d: r.device, u: r.user, t: r.table, r: r.rowId, f: r.fields }));
  const body = `${lines.join('\n')}\n`;
  const hash = sha256(body);
  return {
    name: `${header.from}-${header.to}.${hash.slice(0, 8)}.ndjson`,
    data: Buffer.from(`${body}${JSON.stringify({ sha256: hash })}\n`),
  };
}

export type ChangeFileRead =
  | { ok: true; header: ChangeFileHeader; records: ChangeRecord[] }
  | { ok: false; problem: 'file_incomplete' | 'file_bad_checksum' };

interface StoredRecord {
  h: string;
  d: string;
  u: string;
  t: string;
  r: string;
  f: Fields;
}

export function decodeChangeFile(data: Buffer, name: ChangeFileName): ChangeFileRead {
  const text = data.toString('utf8');
  if (!text.endsWith('\n')) return { ok: false, problem: 'file_incomplete' };
  const cut = text.lastIndexOf('\n', text.length - 2);
  if (cut < 0) return { ok: false, problem: 'file_incomplete' };
  const body = text.slice(0, cut + 1);
  let trailer: { sha256?: unknown };
  try {
    trailer = JSON.parse(text.slice(cut + 1)) as { sha256?: unknown };
  } catch {
    return { ok: false, problem: 'file_incomplete' };
  }
  if (typeof trailer.sha256 !== 'string') return { ok: false, problem: 'file_incomplete' };
  const hash = sha256(body);
  if (hash !== trailer.sha256 || !hash.startsWith(name.sha8)) return { ok: false, problem: 'file_bad_checksum' };
  const lines = body.slice(0, -1).split('\n');
  const header = JSON.parse(lines[0] ?? '') as ChangeFileHeader;
  if (header.pishkhan !== 'changes' || header.from !== name.from || header.to !== name.to) {
    return { ok: false, problem: 'file_bad_checksum' };
  }
  const records: ChangeRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    const s = JSON.parse(lines[i] ?? '') as StoredRecord;
    records.push({ hlc: s.h, device: s.d, user: s.u, table: s.t, rowId: s.r, fields: s.f });
  }
  if (records.length !== header.count) return { ok: false, problem: 'file_bad_checksum' };
  return { ok: true, header, records };
}

// ---- Manifests -------------------------------------------------------------------------------

/** What a device says about itself; a new numbered file each round, old ones removed by their owner. */
export interface Manifest {
  pishkhan: 'manifest';
  format: number;
  shop: string;
  device: string;
  n: number;
  name: string;
  seriesPrefix: string;
  schema: number;
  appVersion: string;
  writtenAt: string;
  /** The first sequence number of this device's log (a restored copy starts its log later). */
  logFrom: number;
  published: number;
  /** For each other device: the last sequence number of its log applied here. */
  acks: Record<string, number>;
  /** Devices this one has retired (they no longer hold back compaction). */
  retired: string[];
}

export function manifestNumber(name: string): number | null {
  const match = MANIFEST_PATTERN.exec(name);
  return match ? Number(match[1]) : null;
}

export function encodeManifest(manifest: Manifest): { name: string; data: Buffer } {
  const body = JSON.stringify(manifest);
  return {
    name: `manifest-${manifest.n}.json`,
    data: Buffer.from(`${JSON.stringify({ ...manifest, sha256: sha256(body) }, null, 1)}\n`),
  };
}

export function decodeManifest(data: Buffer, device: string): Manifest | null {
  try {
    const { sha256: hash, ...manifest } = JSON.parse(data.toString('utf8')) as Manifest & { sha256?: string };
    if (manifest.pishkhan !== 'manifest' || manifest.device !== device) return null;
    if (hash !== sha256(JSON.stringify(manifest))) return null;
    return manifest;
  } catch {
    return null;
  }
}

/** The newest readable manifest of a device, if any (a newer one still being copied is skipped). */
export function readManifest(transport: SyncTransport, device: string): Manifest | null {
  const numbered = transport
    .list(`devices/${device}`)
    .map((name) => ({ name, n: manifestNumber(name) }))
    .filter((m): m is { name: string; n: number } => m.n !== null)
    .sort((a, b) => b.n - a.n);
  for (const { name } of numbered) {
    const data = transport.read(`devices/${device}/${name}`);
    const manifest = data ? decodeManifest(data, device) : null;
    if (manifest) return manifest;
  }
  return null;
}

// ---- Snapshots ---------------------------------------------------------------------------------

export interface SnapshotName {
  name: string;
  device: string;
  stamp: string;
  /** This device's published sequence number the snapshot includes. */
  seq: number;
  sha8: string;
}

/** `20261122T184001123Z`: an instant that sorts as text and is a valid file name everywhere. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}

export function parseSnapshotName(device: string, name: string): SnapshotName | null {
  const match = SNAPSHOT_PATTERN.exec(name);
  if (!match) return null;
  return { name, device, stamp: match[1] ?? '', seq: Number(match[2]), sha8: match[3] ?? '' };
}

export function snapshotFileName(ms: number, seq: number, sha8: string): string {
  return `${fileStamp(ms)}-${seq}.${sha8}.pishkhan-backup`;
}
