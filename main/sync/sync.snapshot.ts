/**
 * Snapshots let a new device start without the whole history, and let a device remove old
 * change files. A snapshot is the data file in the backup format (main/backup/backup.format.ts:
 * compressed, checksummed), with this machine's private state (preferences, backup history,
 * sealed passphrase) removed and what it includes written down: for every device, the last
 * sequence number of its log the snapshot holds.
 *
 * A snapshot is taken in by the same merge as change files: each record becomes one change per
 * distinct field stamp, applied in stamp order. So a device with data of its own merges a
 * snapshot exactly like it merges files, and an empty one ends up equal to the snapshot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../../db/database';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { DEFAULT_USER_ID } from '../../shared/users';
import { decodeBackup, encodeBackup } from '../backup/backup.format';
import { readFields, type RecordClocks } from './mutate';
import { isSyncedTable } from './sync.apply';
import { sha256, snapshotFileName, type ChangeRecord, type SyncTransport } from './sync.files';
import { syncedTables, type Fields, type SyncedTable } from './tables';

/** For each device id: the last sequence number of its log included. */
export type SnapshotVector = Record<string, number>;

/**
 * Writes a snapshot of `db` into `snap/<device>/`. `vector` says which changes of each device
 * it includes (this device's own entry is its published sequence number: publish first).
 */
export function writeSnapshot(
  db: Db,
  transport: SyncTransport,
  info: { deviceId: string; version: string; schemaVersion: number },
  vector: SnapshotVector,
  now: number,
): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pishkhan-snap-'));
  try {
    const copy = path.join(work, 'data.sqlite');
    db.sqlite.prepare('VACUUM INTO ?').run(copy);
    const snap = new Database(copy);
    try {
      // What stays on this machine: its preferences, sealed secrets, backup history, settings.
      snap.exec('DELETE FROM local_state; DELETE FROM backup_history; DELETE FROM sync_conflicts;');
      snap.prepare('INSERT INTO local_state (key, value) VALUES (?, ?)').run('snapshot.vector', JSON.stringify(vector));
      snap.pragma('journal_mode = DELETE');
    } finally {
      snap.close();
    }
    const encoded = path.join(work, 'snapshot');
    fs.closeSync(fs.openSync(encoded, 'wx'));
    encodeBackup(copy, encoded, {
      header: {
        appVersion: info.version,
        schemaVersion: info.schemaVersion,
        createdAt: new Date(now).toISOString(),
        deviceId: info.deviceId,
        database: { size: fs.statSync(copy).size, tables: {} },
      },
      compress: true,
      passphrase: null,
    });
    const data = fs.readFileSync(encoded);
    const name = snapshotFileName(now, vector[info.deviceId] ?? 0, sha256(data).slice(0, 8));
    transport.writeIfAbsent(`snap/${info.deviceId}/${name}`, data);
    return `snap/${info.deviceId}/${name}`;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export interface SnapshotContent {
  schemaVersion: number;
  vector: SnapshotVector;
  /** Every record as changes, oldest stamp first. */
  changes: ChangeRecord[];
}

/** Reads a snapshot file; null when it is incomplete or damaged (it is retried later). */
export function readSnapshot(transport: SyncTransport, file: string, sha8: string): SnapshotContent | null {
  const data = transport.read(file);
  if (!data || !sha256(data).startsWith(sha8)) return null;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pishkhan-snap-'));
  try {
    const encoded = path.join(work, 'snapshot');
    fs.writeFileSync(encoded, data);
    const decoded = path.join(work, 'data.sqlite');
    try {
      decodeBackup(encoded, decoded, undefined);
    } catch {
      return null;
    }
    const snap = new Database(decoded, { readonly: true, fileMustExist: true });
    try {
      const schemaVersion = Number(snap.pragma('user_version', { simple: true }));
      const vectorRow = snap.prepare("SELECT value FROM local_state WHERE key = 'snapshot.vector'").get() as
        { value: string } | undefined;
      const vector = vectorRow ? (JSON.parse(vectorRow.value) as SnapshotVector) : {};
      if (schemaVersion > LATEST_SCHEMA_VERSION) return { schemaVersion, vector, changes: [] };
      return { schemaVersion, vector, changes: snapshotChanges(snap) };
    } finally {
      snap.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Each record → one change per distinct stamp of its fields (plus parked orphan edits). */
function snapshotChanges(snap: Database.Database): ChangeRecord[] {
  const changes: ChangeRecord[] = [];
  const clocksOf = snap.prepare('SELECT clocks FROM record_clocks WHERE table_name = ? AND row_id = ?');
  for (const table of Object.values(syncedTables) as SyncedTable[]) {
    for (const row of snap.prepare(`SELECT * FROM ${table.name}`).iterate() as IterableIterator<
      Record<string, unknown>
    >) {
      const id = String(row.id);
      const clockRow = clocksOf.get(table.name, id) as { clocks: string } | undefined;
      // Rows without clocks were seeded by a migration on every device alike: nothing to send.
      if (!clockRow) continue;
      const clocks = JSON.parse(clockRow.clocks) as RecordClocks;
      const all = readFields(table, row);
      const byStamp = new Map<string, Fields>();
      for (const field of table.fields) {
        const stamp = clocks[field] ?? clocks['*'];
        if (stamp === undefined) continue;
        const fields = byStamp.get(stamp) ?? {};
        fields[field] = all[field] ?? null;
        byStamp.set(stamp, fields);
      }
      // The create carries every field's current value: inserting a row needs all its required
      // columns, and a later stamp on a field re-sets the same value (only the clock moves on).
      const createdStamp = clocks['*'] ?? clocks.created_at;
      for (const [stamp, fields] of byStamp) {
        const complete = stamp === createdStamp ? all : fields;
        changes.push({
          hlc: stamp,
          device: stamp.slice(-16),
          user: DEFAULT_USER_ID,
          table: table.name,
          rowId: id,
          fields: complete,
        });
      }
    }
  }
  for (const orphan of snap.prepare('SELECT table_name, row_id, fields, clocks FROM sync_orphans').all() as {
    table_name: string;
    row_id: string;
    fields: string;
    clocks: string;
  }[]) {
    if (!isSyncedTable(orphan.table_name)) continue;
    const fields = JSON.parse(orphan.fields) as Fields;
    const clocks = JSON.parse(orphan.clocks) as RecordClocks;
    const byStamp = new Map<string, Fields>();
    for (const [field, value] of Object.entries(fields)) {
      const stamp = clocks[field];
      if (!stamp) continue;
      byStamp.set(stamp, { ...(byStamp.get(stamp) ?? {}), [field]: value });
    }
    for (const [stamp, f] of byStamp) {
      changes.push({
        hlc: stamp,
        device: stamp.slice(-16),
        user: DEFAULT_USER_ID,
        table: orphan.table_name,
        rowId: orphan.row_id,
        fields: f,
      });
    }
  }
  changes.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  return changes;
}
