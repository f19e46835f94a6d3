/**
 * Property: whatever 2–5 devices do while apart, and however the folder delivers their files
 * (late, out of order, twice, cut short then completed, next to conflict copies), once
 * everything has arrived every device holds the same synced data with the same field stamps,
 * applying anything again changes nothing, and the data equals an independent per-field
 * last-writer-wins replay of every write sorted by HLC. Invoice numbers never collide.
 *
 * Runs on a fixed seed and a few random ones; every seed is printed (re-run one with
 * SYNC_SEED=<seed>; SYNC_RUNS=<n> changes how many scenarios each seed runs).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { customerValues, type CustomerInput } from '../../../shared/customers/customer.schema';
import { MAX_CLOCK_DRIFT_MS } from '../../../shared/sync/sync.schema';
import { applyChange, type ApplyContext } from '../../../main/sync/sync.apply';
import { parseHlc } from '../../../main/sync/hlc';
import type { ChangeRecord } from '../../../main/sync/sync.files';
import {
  BASE_TIME,
  CloudSim,
  compareWithModel,
  countRows,
  draftInvoice,
  openDevice,
  originalChanges,
  referenceModel,
  syncedView,
  tempDir,
  type DeliveryMode,
  type Device,
  type SyncedView,
} from './sync-harness';

let open: Device[] = [];
afterEach(() => {
  for (const d of open) d.dispose();
  open = [];
});

const DAY = 24 * 60 * 60 * 1000;
const NAMES = ['Sara Ahmadi', 'Reza Karimi', 'Maryam', 'Ali', 'سارا احمدی', 'رضا'] as const;
const CITIES = ['Tehran', 'Shiraz', 'Tabriz', ''] as const;
const TAGS = [[], ['vip'], ['vip', 'wholesale'], ['new']] as const;
const BODIES = ['called, no answer', 'wants a quote', 'یادداشت', 'paid in cash'] as const;

type Op =
  | { t: 'create'; d: number; name: number; phone: boolean }
  | { t: 'update'; d: number; k: number; field: 'name' | 'city' | 'tags' | 'description'; v: number }
  | { t: 'delete'; d: number; k: number }
  | { t: 'restore'; d: number; k: number }
  | { t: 'note'; d: number; k: number; body: number }
  | { t: 'editNote'; d: number; k: number; body: number }
  | { t: 'deleteNote'; d: number; k: number }
  | { t: 'restoreNote'; d: number; k: number }
  | { t: 'resolve'; d: number; k: number; restore: boolean }
  | { t: 'merge'; d: number; k: number; k2: number }
  | { t: 'invoice'; d: number; k: number; amount: number }
  | { t: 'sync'; d: number }
  | { t: 'deliver'; n: number; pick: number; mode: DeliveryMode; cut: number }
  | { t: 'tick'; d: number; ms: number };

const dev = fc.nat(4);
const pick = fc.nat(50);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ t: fc.constant('create'), d: dev, name: fc.nat(NAMES.length - 1), phone: fc.boolean() }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('update'),
      d: dev,
      k: pick,
      field: fc.constantFrom('name', 'city', 'tags', 'description'),
      v: fc.nat(3),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delete'), d: dev, k: pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restore'), d: dev, k: pick }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('note'), d: dev, k: pick, body: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('editNote'), d: dev, k: pick, body: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deleteNote'), d: dev, k: pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restoreNote'), d: dev, k: pick }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('resolve'), d: dev, k: pick, restore: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('merge'), d: dev, k: pick, k2: pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('invoice'),
      d: dev,
      k: pick,
      amount: fc.integer({ min: 1, max: 9_000_000 }),
    }),
  },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('sync'), d: dev }) },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('deliver'),
      n: fc.integer({ min: 1, max: 8 }),
      pick: fc.nat(1000),
      mode: fc.constantFrom<DeliveryMode>('full', 'full', 'truncate', 'duplicate', 'conflict_copy'),
      cut: fc.double({ min: 0, max: 0.999, noNaN: true }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('tick'), d: dev, ms: fc.integer({ min: 1, max: 90_000 }) }) },
);

interface Scenario {
  devices: number;
  cloud: boolean;
  fileSize: number;
  /** How old the newest snapshot may get before a round writes a new one (simulated time). */
  snapshotEveryMs: number;
  /** Devices after the first join at these op positions (0: before anything happens). */
  joinAt: number[];
  /** Each device's clock offset from the shared base (ms): mostly within a minute, sometimes days. */
  offsets: number[];
  ops: Op[];
  /** What every device then does with its conflict inbox (mixed: restore on even devices, delete on odd). */
  resolution: 'none' | 'restore' | 'delete' | 'mixed';
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  devices: fc.integer({ min: 2, max: 5 }),
  cloud: fc.constantFrom(true, true, false),
  fileSize: fc.integer({ min: 1, max: 4 }),
  snapshotEveryMs: fc.constantFrom(1_000, 5_000, 60_000),
  joinAt: fc.array(fc.oneof(fc.constant(0), fc.nat(45)), { minLength: 4, maxLength: 4 }),
  offsets: fc.array(
    fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: -60_000, max: 60_000 }) },
      { weight: 1, arbitrary: fc.constantFrom(-2 * DAY, 2 * DAY) },
    ),
    { minLength: 5, maxLength: 5 },
  ),
  ops: fc.array(opArb, { minLength: 20, maxLength: 60 }),
  resolution: fc.constantFrom<Scenario['resolution']>('none', 'restore', 'delete', 'mixed'),
});

// ---- Running a scenario -------------------------------------------------------------------------

/** How far a device's clock is past its own wall clock. */
const lead = (d: Device) => (parseHlc(d.app.writer.clock.lastStamp())?.millis ?? 0) - d.clock.ms;

const ids = (d: Device, sql: string): string[] => (d.app.db.prepare(sql).all() as { id: string }[]).map((r) => r.id);
const at = <T>(list: readonly T[], k: number): T | undefined => (list.length ? list[k % list.length] : undefined);

interface World {
  devices: Device[];
  cloud: CloudSim | null;
  folder: string;
  log: string[];
}

function join(world: World, device: Device): void {
  if (device.joined) return;
  world.cloud?.flushFile(device.app.info.deviceId, 'shop.json');
  const result = device.setup(world.folder);
  world.log.push(`${device.label} joined: applied ${result.appliedChanges}, snapshot ${result.snapshotApplied ?? '-'}`);
}

function runOp(world: World, op: Op): void {
  if (op.t === 'deliver') {
    for (let i = 0; i < op.n; i++) world.cloud?.deliver(op.pick + i * 7, op.mode, op.cut);
    return;
  }
  const d = world.devices[op.d % world.devices.length];
  if (!d) return;
  d.clock.ms += 1 + (op.t === 'tick' ? op.ms : 700);
  const live = () => ids(d, 'SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id');
  switch (op.t) {
    case 'tick':
      return;
    case 'sync': {
      if (!d.joined) return;
      const r = d.round();
      world.log.push(
        `${d.label} sync: +${r.publishedChanges} published, ${r.appliedChanges} applied, ${r.removedFiles} removed, snapshot ${r.snapshotApplied ?? '-'}, ${r.problems.map((p) => p.code).join(',')}`,
      );
      return;
    }
    case 'create': {
      const c = d.app.call('customers.create', {
        kind: 'person',
        name: NAMES[op.name] ?? 'X',
        phones: op.phone ? [{ number: '09121234567', label: 'mobile' }] : [],
      });
      world.log.push(`${d.label} create ${c.id}`);
      return;
    }
    case 'update': {
      const id = at(live(), op.k);
      if (!id) return;
      const input: CustomerInput = customerValues(d.app.call('customers.get', { id }).customer);
      if (op.field === 'name') input.name = NAMES[op.v] ?? 'X';
      if (op.field === 'city') input.city = CITIES[op.v] ?? '';
      if (op.field === 'tags') input.tags = [...(TAGS[op.v] ?? [])];
      if (op.field === 'description') input.description = `note ${op.v} from ${d.label}`;
      d.app.call('customers.update', { id, ...input });
      world.log.push(`${d.label} update ${id}.${op.field}`);
      return;
    }
    case 'delete': {
      const id = at(live(), op.k);
      if (!id) return;
      d.app.call('customers.delete', { id });
      world.log.push(`${d.label} delete ${id}`);
      return;
    }
    case 'restore': {
      const id = at(
        ids(d, 'SELECT id FROM customers WHERE deleted_at IS NOT NULL AND merged_into_id IS NULL ORDER BY id'),
        op.k,
      );
      if (!id) return;
      d.app.call('customers.restore', { id });
      world.log.push(`${d.label} restore ${id}`);
      return;
    }
    case 'note': {
      const id = at(live(), op.k);
      if (!id) return;
      d.app.call('notes.create', { recordType: 'customer', recordId: id, body: BODIES[op.body] ?? 'x' });
      world.log.push(`${d.label} note on ${id}`);
      return;
    }
    case 'editNote': {
      const id = at(ids(d, 'SELECT id FROM notes WHERE deleted_at IS NULL ORDER BY id'), op.k);
      if (!id) return;
      d.app.call('notes.update', { id, body: `${BODIES[op.body] ?? 'x'} (${d.label})` });
      world.log.push(`${d.label} edit note ${id}`);
      return;
    }
    case 'deleteNote': {
      const id = at(ids(d, 'SELECT id FROM notes WHERE deleted_at IS NULL ORDER BY id'), op.k);
      if (!id) return;
      d.app.call('notes.delete', { id });
      world.log.push(`${d.label} delete note ${id}`);
      return;
    }
    case 'restoreNote': {
      const id = at(ids(d, 'SELECT id FROM notes WHERE deleted_at IS NOT NULL ORDER BY id'), op.k);
      if (!id) return;
      d.app.call('notes.restore', { id });
      world.log.push(`${d.label} restore note ${id}`);
      return;
    }
    case 'resolve': {
      // The conflict inbox: a record edited on one device after another deleted it.
      const conflict = at(d.app.call('sync.conflicts', {}), op.k);
      if (!conflict) return;
      // A record merged away can only stay deleted (restoring it is refused).
      const restore = op.restore && !conflict.mergedInto;
      d.app.call('sync.resolveConflict', { id: conflict.id, action: restore ? 'restore' : 'delete' });
      world.log.push(`${d.label} ${restore ? 'restore' : 'delete'} conflicted ${conflict.table}/${conflict.rowId}`);
      return;
    }
    case 'merge': {
      const list = live();
      const a = at(list, op.k);
      const b = list.length > 1 ? at(list, op.k + 1 + (op.k2 % (list.length - 1))) : undefined;
      if (!a || !b || a === b) return;
      const result = d.app.call('customers.merge', { ids: [a, b] });
      world.log.push(`${d.label} merge ${a} + ${b} -> ${result.survivor.id}`);
      return;
    }
    case 'invoice': {
      const customerId = at(live(), op.k);
      if (!customerId) return;
      const issued = d.app.call('invoices.issue', { id: draftInvoice(d, customerId, op.amount) });
      world.log.push(`${d.label} issue ${issued.number ?? '?'}`);
      return;
    }
  }
}

/** Delivers everything and runs rounds on every device until a whole pass brings nothing new. */
function settle(world: World): { passes: number; problems: string[] } {
  let problems: string[] = [];
  for (let pass = 1; pass <= 8; pass++) {
    world.cloud?.flush();
    let activity = 0;
    problems = [];
    for (const d of world.devices) {
      const r = d.round();
      activity += r.publishedChanges + r.appliedChanges + r.removedFiles;
      if (r.removedFiles || r.snapshotApplied)
        world.log.push(`${d.label} settle: ${r.removedFiles} removed, snapshot ${r.snapshotApplied ?? '-'}`);
      for (const p of r.problems) {
        if (p.code !== 'clock_ahead')
          problems.push(`${d.label}: ${p.code} ${p.file ?? ''} ${JSON.stringify(p.params)}`);
      }
      // Clocks stand still while settling: exactly the devices further ahead than the drift are flagged.
      const flagged = r.problems.filter((p) => p.code === 'clock_ahead').map((p) => p.device);
      const ahead = world.devices
        .filter((o) => o !== d && o.joined && o.clock.ms - d.clock.ms > MAX_CLOCK_DRIFT_MS)
        .map((o) => o.app.info.deviceId);
      if (pass > 1) expect(flagged.sort(), `${d.label} flags the devices ahead of it`).toEqual(ahead.sort());
      expect(lead(d), `${d.label}'s clock stays within the drift`).toBeLessThanOrEqual(MAX_CLOCK_DRIFT_MS);
      world.cloud?.flush();
    }
    if (activity === 0 && pass > 1) return { passes: pass, problems };
  }
  return { passes: 9, problems };
}

function runScenario(s: Scenario): void {
  const cloud = s.cloud ? new CloudSim() : null;
  const folder = tempDir('pishkhan-sync-conv-');
  const devices: Device[] = [];
  for (let i = 0; i < s.devices; i++) {
    const d = openDevice(`Dev${i}`, `${'ABCDE'[i] ?? 'Z'}-{year}-`, BASE_TIME + (s.offsets[i] ?? 0), {
      fileSize: s.fileSize,
      snapshotEveryMs: s.snapshotEveryMs,
    });
    open.push(d);
    devices.push(d);
    // Each device numbers invoices in its own series from the start, also before it joins (two
    // machines that both issued in the default series before syncing would share numbers).
    d.app.call('billing.series.update', { prefix: d.prefix });
    // Some data of its own from before syncing (merged in when it joins), so merges, notes and
    // invoices have customers to work on from the start.
    for (let n = 0; n < 2; n++) {
      d.app.call('customers.create', { kind: 'person', name: NAMES[(i + n) % NAMES.length] ?? 'X' });
    }
    if (cloud) {
      cloud.addDevice(d.app.info.deviceId);
      d.options.transport = () => cloud.transport(d.app.info.deviceId);
    }
  }
  const world: World = { devices, cloud, folder, log: [] };
  const joinAt = [0, ...s.joinAt];
  try {
    s.ops.forEach((op, i) => {
      devices.forEach((d, n) => {
        if ((joinAt[n] ?? 0) <= i) join(world, d);
      });
      runOp(world, op);
    });
    for (const d of devices) join(world, d);
    const settled = settle(world);
    expect(settled.problems, 'no problems once everything has arrived').toEqual([]);
    expect(settled.passes, 'settles').toBeLessThan(9);
    checkConverged(world);
    if (s.resolution !== 'none') {
      // Every device settles its inbox on its own, before hearing of the others' choices.
      devices.forEach((d, n) => {
        const action: 'restore' | 'delete' =
          s.resolution === 'mixed'
            ? n % 2 === 0
              ? 'restore'
              : 'delete'
            : s.resolution === 'restore'
              ? 'restore'
              : 'delete';
        for (const conflict of d.app.call('sync.conflicts', {})) {
          const chosen = conflict.mergedInto ? 'delete' : action;
          d.app.call('sync.resolveConflict', { id: conflict.id, action: chosen });
          world.log.push(`${d.label} ${chosen} conflicted ${conflict.table}/${conflict.rowId}`);
        }
      });
      const again = settle(world);
      expect(again.problems).toEqual([]);
      for (const d of devices) expect(d.app.call('sync.conflicts', {}), `${d.label}: inbox settled`).toEqual([]);
      checkConverged(world);
    }
    const first = devices[0];
    const view: SyncedView = first ? syncedView(first.app.db) : {};
    stats.runs += 1;
    stats.devices += devices.length;
    stats.cloud += cloud ? 1 : 0;
    stats.customers += Object.keys(view.customers?.rows ?? {}).length;
    stats.notes += Object.keys(view.notes?.rows ?? {}).length;
    stats.invoices += Object.keys(view.invoices?.rows ?? {}).length;
    stats.merged += Object.values(view.customers?.rows ?? {}).filter((c) => c.merged_into_id !== null).length;
    stats.snapshotsTaken += world.log.filter((l) => /snapshot snap\//.test(l)).length;
    stats.filesRemoved += world.log.reduce((n, l) => n + Number(/ (\d+) removed/.exec(l)?.[1] ?? 0), 0);
    stats.strays += cloud?.strays ?? 0;
    stats.resolved += world.log.filter((l) => / conflicted /.test(l)).length;
    stats.merges += world.log.filter((l) => / merge /.test(l)).length;
    stats.ops += s.ops.length;
    stats.skewed += s.offsets.slice(0, s.devices).some((o) => Math.abs(o) >= DAY) ? 1 : 0;
    for (const d of devices) stats.conflicts += countRows(d.app.db, 'SELECT count(*) AS n FROM sync_conflicts');
  } catch (error) {
    console.error(
      `sync convergence failed; scenario ${JSON.stringify({ ...s, ops: s.ops.length })}\n${world.log.join('\n')}`,
    );
    throw error;
  }
}

function checkConverged(world: World): void {
  const { devices } = world;
  const first = devices[0];
  if (!first) return;
  const views = devices.map((d) => syncedView(d.app.db));
  for (let i = 1; i < devices.length; i++) {
    expect(views[i], `${devices[i]?.label} equals ${first.label}`).toEqual(views[0]);
  }
  for (const d of devices) {
    expect(countRows(d.app.db, 'SELECT count(*) AS n FROM sync_orphans'), `${d.label}: no orphans left`).toBe(0);
    expect(d.app.call('sync.status', {}).pendingChanges).toBe(0);
  }

  // The reference: every original write of every device, replayed by stamp into a plain model.
  const all: ChangeRecord[] = devices.flatMap((d) => originalChanges(d.app.db));
  const stamps = new Set(all.map((c) => `${c.table}/${c.rowId}/${c.hlc}`));
  expect(stamps.size, 'every write has its own stamp').toBe(all.length);
  const differences = compareWithModel(views[0] ?? {}, referenceModel(all));
  expect(differences).toEqual([]);

  // Invoice numbers: unique now, and no number was ever given to two invoices.
  const numbers = first.app.db
    .prepare('SELECT number, count(*) AS n FROM invoices WHERE number IS NOT NULL GROUP BY number HAVING n > 1')
    .all();
  expect(numbers).toEqual([]);
  const owner = new Map<string, string>();
  for (const c of all) {
    const number = c.table === 'invoices' ? c.fields.number : undefined;
    if (typeof number !== 'string') continue;
    expect(owner.get(number) ?? c.rowId, `invoice number ${number}`).toBe(c.rowId);
    owner.set(number, c.rowId);
  }
  const issuedEverywhere = all.filter((c) => c.table === 'invoices' && typeof c.fields.number === 'string').length;
  expect(countRows(first.app.db, 'SELECT count(*) AS n FROM invoices WHERE number IS NOT NULL')).toBe(issuedEverywhere);

  // Applying again changes nothing: another round everywhere, ...
  for (const d of devices) {
    const r = d.round();
    expect(r.appliedChanges + r.publishedChanges).toBe(0);
  }
  world.cloud?.flush();
  // ... every file read again from the start (cursors back to each log's beginning), ...
  for (const d of devices) {
    d.app.db.prepare('UPDATE sync_devices SET applied_seq = log_from - 1').run();
    d.round();
    world.cloud?.flush();
  }
  const again = devices.map((d) => syncedView(d.app.db));
  for (let i = 0; i < devices.length; i++) expect(again[i]).toEqual(views[0]);
  // ... and every change merged once more without the duplicate check (the merge itself is idempotent).
  for (const d of devices) {
    const shuffled = [...all].reverse();
    const ctx: ApplyContext = {
      writer: d.app.writer,
      maxDriftMs: MAX_CLOCK_DRIFT_MS,
      onClockAhead: () => {},
      conflictsOpened: 0,
    };
    const db = d.app.db.sqlite;
    db.exec('BEGIN');
    try {
      db.exec('DELETE FROM change_log');
      for (const change of shuffled) applyChange(ctx, change);
      expect(syncedView(d.app.db), `${d.label}: merging everything again`).toEqual(views[0]);
    } finally {
      db.exec('ROLLBACK');
    }
  }
}

// ---- The runs -------------------------------------------------------------------------------------

const FIXED_SEED = 20261122;

/** What the runs of one seed exercised (printed, so a seed that tests little is visible). */
const stats = {
  runs: 0,
  devices: 0,
  cloud: 0,
  customers: 0,
  notes: 0,
  invoices: 0,
  merged: 0,
  snapshotsTaken: 0,
  filesRemoved: 0,
  strays: 0,
  resolved: 0,
  merges: 0,
  ops: 0,
  conflicts: 0,
  skewed: 0,
};

function check(seed: number, numRuns: number): void {
  const started = Date.now();
  console.log(`sync convergence: seed ${seed}, ${numRuns} runs (re-run with SYNC_SEED=${seed})`);
  for (const key of Object.keys(stats) as (keyof typeof stats)[]) stats[key] = 0;
  fc.assert(
    fc.property(scenarioArb, (s) => {
      try {
        runScenario(s);
      } finally {
        for (const d of open) d.dispose();
        open = [];
      }
    }),
    { seed, numRuns, endOnFailure: true },
  );
  console.log(`sync convergence: seed ${seed} passed in ${Date.now() - started} ms; totals ${JSON.stringify(stats)}`);
}

describe('sync convergence (property)', () => {
  const pinned = process.env.SYNC_SEED ? Number(process.env.SYNC_SEED) : null;
  // SYNC_RUNS=<n> runs more (or fewer) scenarios per seed, for a longer hunt on this machine.
  const runs = process.env.SYNC_RUNS ? Number(process.env.SYNC_RUNS) : null;
  const timeout = runs === null ? 120_000 : 60 * 60_000;
  if (pinned !== null) {
    it(`converges on seed ${pinned}`, () => check(pinned, runs ?? 16), timeout);
    return;
  }
  it(`converges on the fixed seed ${FIXED_SEED}`, () => check(FIXED_SEED, runs ?? 16), timeout);
  for (let i = 0; i < 3; i++) {
    const seed = Math.floor(Math.random() * 2 ** 31);
    it(`converges on random seed ${seed}`, () => check(seed, runs ?? 5), timeout);
  }
});
