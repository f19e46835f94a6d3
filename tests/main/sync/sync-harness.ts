/**
 * Simulated devices for the sync tests: real app cores on temp folders, each with a wall clock
 * the test moves, syncing through one folder — a real temp folder, or `CloudSim`, an in-memory
 * cloud drive whose copies arrive late, out of order, cut short, twice or as conflict copies.
 *
 * Also the views the tests compare: every synced table's synced fields and each field's
 * effective stamp, and an independent per-field last-writer-wins model of the change records.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Db } from '../../../db/database';
import { fieldStamp, readFields, type RecordClocks } from '../../../main/sync/mutate';
import { setupSync, syncRound, type SyncContext, type SyncOptions } from '../../../main/sync/sync.service';
import {
  changeRecordOf,
  type ChangeLogRow,
  type ChangeRecord,
  type SyncTransport,
} from '../../../main/sync/sync.files';
import { syncedTables, type FieldValue, type Fields, type SyncedTable } from '../../../main/sync/tables';
import type { SyncRoundResult } from '../../../shared/sync/sync.schema';
import { openTestApp, tempDir, type TestApp } from '../../helpers/temp-app';

/** 2026-03-01 08:00 UTC: far from the machine's real clock, so nothing depends on it. */
export const BASE_TIME = Date.parse('2026-03-01T08:00:00.000Z');

export interface Device {
  app: TestApp;
  label: string;
  prefix: string;
  /** This device's wall clock (ms); tests move it. */
  clock: { ms: number };
  ctx(): SyncContext;
  options: SyncOptions;
  joined: boolean;
  setup(folder: string): SyncRoundResult;
  round(): SyncRoundResult;
  dispose(): void;
}

export function openDevice(label: string, prefix: string, startMs: number, options: SyncOptions = {}): Device {
  const clock = { ms: startMs };
  const app = openTestApp({ wallClock: () => clock.ms, timeZone: 'Asia/Tehran' });
  const device: Device = {
    app,
    label,
    prefix,
    clock,
    options,
    joined: false,
    ctx: () => ({ writer: app.writer, info: app.info, now: () => clock.ms, timeZone: app.timeZone }),
    setup(folder) {
      const result = setupSync(device.ctx(), { folder, deviceName: label, seriesPrefix: prefix }, device.options);
      device.joined = true;
      return result;
    },
    round: () => syncRound(device.ctx(), device.options),
    dispose: () => app.dispose(),
  };
  return device;
}

// ---- An in-memory cloud drive with faults ------------------------------------------------------

interface Delivery {
  to: string;
  file: string;
  /** null: the file was removed at its owner. */
  data: Buffer | null;
}

export type DeliveryMode = 'full' | 'truncate' | 'duplicate' | 'conflict_copy';

/** The names cloud drives give the second copy of a file (never ours: the strict patterns reject them). */
export function conflictCopyNames(name: string): string[] {
  const dot = name.indexOf('.');
  const stem = dot < 0 ? name : name.slice(0, dot);
  const rest = dot < 0 ? '' : name.slice(dot);
  const ext = name.slice(name.lastIndexOf('.'));
  const base = name.slice(0, name.length - ext.length);
  return [
    `${base} (1)${ext}`,
    `${base} (conflicted copy 2026-11-22)${ext}`,
    `${stem}-DESKTOP-7QK2${rest}`,
    `${base}-copy${ext}`,
  ];
}

/**
 * Each device has its own copy of the folder. What a device writes or removes reaches the
 * others only when the test delivers it; deliveries of one file to one device keep their order
 * (as cloud clients do), everything else arrives in any order.
 */
export class CloudSim {
  private readonly replicas = new Map<string, Map<string, Buffer>>();
  pending: Delivery[] = [];
  /** Conflict copies and stray files put into replicas (never removed by anyone). */
  strays = 0;

  addDevice(id: string): void {
    if (!this.replicas.has(id)) this.replicas.set(id, new Map());
  }

  replica(id: string): Map<string, Buffer> {
    const replica = this.replicas.get(id);
    if (!replica) throw new Error(`no replica for ${id}`);
    return replica;
  }

  private enqueue(from: string, file: string, data: Buffer | null): void {
    for (const to of this.replicas.keys()) if (to !== from) this.pending.push({ to, file, data });
  }

  transport(id: string): SyncTransport {
    const replica = () => this.replica(id);
    return {
      list: (dir) => {
        const prefix = `${dir}/`;
        const names = new Set<string>();
        for (const key of replica().keys()) {
          if (key.startsWith(prefix)) names.add(key.slice(prefix.length).split('/')[0] ?? '');
        }
        names.delete('');
        return [...names];
      },
      read: (file) => {
        const data = replica().get(file);
        return data ? Buffer.from(data) : null;
      },
      writeIfAbsent: (file, data) => {
        if (replica().has(file)) return false;
        replica().set(file, Buffer.from(data));
        this.enqueue(id, file, Buffer.from(data));
        return true;
      },
      remove: (file) => {
        if (!replica().delete(file)) return;
        this.enqueue(id, file, null);
      },
      absolute: (file) => `/cloud/${id}/${file}`,
    };
  }

  /** The first pending delivery of the same file to the same device (per-file order holds). */
  private firstFor(index: number): number {
    const item = this.pending[index];
    if (!item) return -1;
    return this.pending.findIndex((p) => p.to === item.to && p.file === item.file);
  }

  private land(item: Delivery): void {
    const replica = this.replica(item.to);
    if (item.data === null) replica.delete(item.file);
    else replica.set(item.file, Buffer.from(item.data));
  }

  /**
   * Delivers one pending item chosen by `pick`, in the given way; `fraction` (0–1) says where a
   * truncated copy ends and which conflict-copy name is used.
   */
  deliver(pick: number, mode: DeliveryMode, fraction: number): void {
    if (this.pending.length === 0) return;
    const index = this.firstFor(pick % this.pending.length);
    const item = this.pending[index];
    if (!item) return;
    if (mode === 'truncate' && item.data && item.data.length > 1) {
      // Still being copied in: a prefix of the file is there, the whole file comes later.
      const cut = Math.floor(fraction * item.data.length);
      this.replica(item.to).set(item.file, item.data.subarray(0, cut));
      return;
    }
    this.pending.splice(index, 1);
    this.land(item);
    if (mode === 'duplicate' && item.data) {
      // The cloud client downloads it once more later (possibly after its owner removed it).
      this.pending.push({ ...item });
    }
    if (mode === 'conflict_copy' && item.data) {
      const dir = item.file.slice(0, item.file.lastIndexOf('/') + 1);
      const names = conflictCopyNames(item.file.slice(dir.length));
      const name = names[Math.floor(fraction * names.length)] ?? names[0] ?? 'copy';
      this.replica(item.to).set(`${dir}${name}`, Buffer.from(item.data));
      this.replica(item.to).set(`${dir}desktop.ini`, Buffer.from('[.ShellClassInfo]\r\n'));
      this.strays += 2;
    }
  }

  /** Delivers everything still on its way, to one device or to all, in order. */
  flush(to?: string): void {
    const keep: Delivery[] = [];
    for (const item of this.pending) {
      if (to === undefined || item.to === to) this.land(item);
      else keep.push(item);
    }
    this.pending = keep;
  }

  /** Delivers one file's pending copies to a device (e.g. shop.json before joining). */
  flushFile(to: string, file: string): void {
    const keep: Delivery[] = [];
    for (const item of this.pending) {
      if (item.to === to && item.file === file) this.land(item);
      else keep.push(item);
    }
    this.pending = keep;
  }
}

// ---- What the tests compare -----------------------------------------------------------------------

export interface TableView {
  /** Synced fields of every row, by id. */
  rows: Record<string, Fields>;
  /** For every row with clocks: each synced field's effective stamp (`clocks[field] ?? clocks['*']`). */
  clocks: Record<string, Record<string, string | null>>;
}

export type SyncedView = Record<string, TableView>;

interface ClockRow {
  row_id: string;
  clocks: string;
}

export function syncedView(db: Db): SyncedView {
  const view: SyncedView = {};
  for (const table of Object.values(syncedTables) as SyncedTable[]) {
    const rows: Record<string, Fields> = {};
    for (const row of db.prepare(`SELECT * FROM ${table.name} ORDER BY id`).all() as Record<string, unknown>[]) {
      rows[String(row.id)] = readFields(table, row);
    }
    const clocks: Record<string, Record<string, string | null>> = {};
    const clockRows = db
      .prepare('SELECT row_id, clocks FROM record_clocks WHERE table_name = ? ORDER BY row_id')
      .all(table.name) as ClockRow[];
    for (const row of clockRows) {
      const parsed = JSON.parse(row.clocks) as RecordClocks;
      const effective: Record<string, string | null> = {};
      for (const field of table.fields) effective[field] = fieldStamp(parsed, field) ?? null;
      clocks[row.row_id] = effective;
    }
    view[table.name] = { rows, clocks };
  }
  return view;
}

/** A device's own writes: its change_log rows that did not come from the folder. */
export function originalChanges(db: Db): ChangeRecord[] {
  return (
    db
      .prepare(
        'SELECT hlc, device_id, user_id, table_name, row_id, fields FROM change_log WHERE remote = 0 ORDER BY seq',
      )
      .all() as ChangeLogRow[]
  ).map(changeRecordOf);
}

/**
 * Rounds on the devices, in order, until a whole pass applies and publishes nothing; returns the
 * last pass's problems as `label: code file`. `round` runs one device's round (checks go there).
 */
export function settle(devices: readonly Device[], round: (d: Device) => SyncRoundResult = (d) => d.round()): string[] {
  for (let pass = 0; pass < 6; pass++) {
    let activity = 0;
    const problems: string[] = [];
    for (const d of devices) {
      const r = round(d);
      activity += r.appliedChanges + r.publishedChanges;
      problems.push(...r.problems.map((p) => `${d.label}: ${p.code} ${p.file ?? ''}`));
    }
    if (activity === 0) return problems;
  }
  throw new Error('no quiet pass in 6');
}

/** Every device holds the same synced data with the same field stamps as the first. */
export function expectSame(...devices: Device[]): void {
  const [first, ...rest] = devices;
  if (!first) return;
  const view = syncedView(first.app.db);
  for (const d of rest) expect(syncedView(d.app.db), `${d.label} equals ${first.label}`).toEqual(view);
}

/** A one-line draft invoice for a customer on a device; returns its id (issue it with `invoices.issue`). */
export function draftInvoice(d: Device, customerId: string, unitPriceMinor = 10_000, description = 'Service'): string {
  return d.app.call('invoices.create', {
    customerId,
    currency: 'IRR',
    lines: [{ description, quantityMilli: 1000, unitPriceMinor, discount: { kind: 'percent', basisPoints: 0 } }],
    discount: { kind: 'percent', basisPoints: 0 },
  }).id;
}

export function countRows(db: Db, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

// ---- An independent reference: per-field last-writer-wins over all writes ---------------------

/** Booleans are stored as 0/1 in SQLite columns (JSON columns keep them). */
function normalize(table: SyncedTable, field: string, value: FieldValue): FieldValue {
  if (typeof value === 'boolean' && !table.jsonFields.includes(field)) return value ? 1 : 0;
  return value;
}

export interface ModelRecord {
  values: Fields;
  stamps: Record<string, string>;
  created: string;
}

/**
 * Applies every change, newest stamp last, as plain per-field last-writer-wins: a record exists
 * once a change with `created_at` is seen; a field holds the value of its newest write; a field
 * never written keeps the stamp of the create. Edits seen before their create are held and merged
 * by stamp when it comes. No code of the engine is used.
 */
export function referenceModel(changes: readonly ChangeRecord[]): Map<string, Map<string, ModelRecord>> {
  const sorted = [...changes].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  const model = new Map<string, Map<string, ModelRecord>>();
  const early = new Map<string, { values: Fields; stamps: Record<string, string> }>();
  const take = (
    target: { values: Fields; stamps: Record<string, string> },
    field: string,
    value: FieldValue,
    hlc: string,
  ) => {
    const current = target.stamps[field];
    if (current === undefined || hlc > current) {
      target.values[field] = value;
      target.stamps[field] = hlc;
    }
  };
  for (const change of sorted) {
    const table = (syncedTables as Record<string, SyncedTable>)[change.table];
    if (!table) throw new Error(`change for unknown table ${change.table}`);
    let records = model.get(table.name);
    if (!records) model.set(table.name, (records = new Map()));
    const key = `${table.name}/${change.rowId}`;
    let record = records.get(change.rowId);
    if (!record && 'created_at' in change.fields) {
      record = { values: {}, stamps: {}, created: change.hlc };
      records.set(change.rowId, record);
      const held = early.get(key);
      early.delete(key);
      for (const [field, value] of Object.entries(change.fields))
        take(record, field, normalize(table, field, value), change.hlc);
      if (held)
        for (const [field, value] of Object.entries(held.values)) take(record, field, value, held.stamps[field] ?? '');
      continue;
    }
    const target = record ?? early.get(key) ?? { values: {}, stamps: {} };
    if (!record) early.set(key, target);
    for (const [field, value] of Object.entries(change.fields))
      take(target, field, normalize(table, field, value), change.hlc);
  }
  if (early.size > 0) throw new Error(`edits without a create: ${[...early.keys()].join(', ')}`);
  return model;
}

/** Differences between a device's view and the model (empty: equal), for readable failures. */
export function compareWithModel(view: SyncedView, model: Map<string, Map<string, ModelRecord>>): string[] {
  const problems: string[] = [];
  for (const table of Object.values(syncedTables) as SyncedTable[]) {
    const records = model.get(table.name) ?? new Map<string, ModelRecord>();
    const tableView = view[table.name];
    if (!tableView) {
      problems.push(`${table.name}: missing from view`);
      continue;
    }
    const withClocks = Object.keys(tableView.clocks).sort();
    const expectedIds = [...records.keys()].sort();
    if (JSON.stringify(withClocks) !== JSON.stringify(expectedIds)) {
      problems.push(`${table.name}: ids ${JSON.stringify(withClocks)} != model ${JSON.stringify(expectedIds)}`);
    }
    for (const [id, record] of records) {
      const row = tableView.rows[id];
      const clocks = tableView.clocks[id];
      if (!row || !clocks) {
        problems.push(`${table.name}/${id}: missing`);
        continue;
      }
      for (const field of table.fields) {
        const stamp = record.stamps[field] ?? record.created;
        if (clocks[field] !== stamp) problems.push(`${table.name}/${id}.${field}: stamp ${clocks[field]} != ${stamp}`);
        if (field in record.values && JSON.stringify(row[field]) !== JSON.stringify(record.values[field])) {
          problems.push(
            `${table.name}/${id}.${field}: ${JSON.stringify(row[field])} != ${JSON.stringify(record.values[field])}`,
          );
        }
      }
    }
  }
  return problems;
}

/** Lists the files of a real sync folder (relative, `/` separated), for assertions. */
export function folderFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => fs.statSync(path.join(root, f)).isFile())
    .sort();
}

export { tempDir };
