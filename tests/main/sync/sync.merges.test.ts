/**
 * Merging duplicate customers on several devices while apart: every device ends with the same
 * survivor (the older record), the merged record a tombstone pointing at it, and the notes of
 * both — including ones written elsewhere on the record merged away — on the survivor.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  BASE_TIME,
  countRows,
  expectSame,
  openDevice,
  settle as settleAll,
  tempDir,
  type Device,
} from './sync-harness';

let open: Device[] = [];
afterEach(() => {
  for (const d of open) d.dispose();
  open = [];
});

function devices(...labels: string[]): Device[] {
  const folder = tempDir('pishkhan-sync-merge-');
  return labels.map((label, i) => {
    const d = openDevice(label, `${'ABC'[i] ?? 'Z'}-{year}-`, BASE_TIME + i * 1_000);
    open.push(d);
    d.setup(folder);
    return d;
  });
}

/** Rounds until a quiet pass, a second apart, none with a problem. */
function settle(...all: Device[]): void {
  settleAll(all, (d) => {
    d.clock.ms += 1_000;
    const r = d.round();
    expect(r.problems).toEqual([]);
    return r;
  });
}

interface Row {
  id: string;
  name: string;
  deleted_at: string | null;
  merged_into_id: string | null;
  phones: string;
  emails: string;
}
const customer = (d: Device, id: string) =>
  d.app.db
    .prepare('SELECT id, name, deleted_at, merged_into_id, phones, emails FROM customers WHERE id = ?')
    .get(id) as Row;
const notesOf = (d: Device, id: string) =>
  countRows(d.app.db, 'SELECT count(*) AS n FROM notes WHERE customer_id = ? AND deleted_at IS NULL', id);
const note = (d: Device, recordId: string, body: string) =>
  d.app.call('notes.create', { recordType: 'customer', recordId, body });

describe('merging duplicates on several devices', () => {
  it('the same pair merged on two devices (in either order, keeping different values) agrees on the survivor', () => {
    const [a, b, c] = devices('Desk', 'Laptop', 'Phone');
    if (!a || !b || !c) throw new Error('three devices');
    const first = a.app.call('customers.create', {
      kind: 'person',
      name: 'Sara Ahmadi',
      phones: [{ number: '09121234567', label: 'mobile' }],
    }).id;
    const second = b.app.call('customers.create', {
      kind: 'person',
      name: 'Sara Ahmady',
      emails: ['sara@example.com'],
    }).id;
    note(a, first, 'first visit');
    note(b, second, 'asked for a quote');
    settle(a, b, c);
    const older = first < second ? first : second;
    const newer = older === first ? second : first;

    // While apart: the desk merges keeping the survivor's values, the laptop merges the other way
    // round keeping the other record's name, the phone writes a note on the record merged away.
    const onA = a.app.call('customers.merge', { ids: [first, second] });
    b.clock.ms += 5_000;
    const onB = b.app.call('customers.merge', { ids: [second, first], values: { name: newer } });
    note(c, newer, 'called back');
    expect(onA.survivor.id).toBe(older);
    expect(onB.survivor.id).toBe(older);
    expect(onA.mergedId).toBe(newer);
    expect(onB.mergedId).toBe(newer);

    settle(c, b, a);
    for (const d of [a, b, c]) {
      const survivor = customer(d, older);
      const merged = customer(d, newer);
      expect(survivor.deleted_at, d.label).toBeNull();
      expect(merged.deleted_at, d.label).not.toBeNull();
      expect(merged.merged_into_id, d.label).toBe(older);
      // The laptop merged last: its choice of name stands everywhere.
      expect(survivor.name, d.label).toBe(newer === second ? 'Sara Ahmady' : 'Sara Ahmadi');
      expect(JSON.parse(survivor.phones)).toHaveLength(1);
      expect(JSON.parse(survivor.emails)).toEqual(['sara@example.com']);
      expect(notesOf(d, older), d.label).toBe(3);
      expect(notesOf(d, newer), d.label).toBe(0);
      expect(d.app.call('customers.list', { query: 'Sara' }).rows.map((x) => x.id)).toEqual([older]);
    }
    expectSame(a, b, c);
  });

  it('overlapping merges on two devices (A+B here, B+C there) end on one survivor for all three', () => {
    const [a, b] = devices('Desk', 'Laptop');
    if (!a || !b) throw new Error('two devices');
    const phones = ['09121110001', '09121110002', '09121110003'];
    const ids = ['Reza Karimi', 'Reza Karimy', 'R. Karimi'].map(
      (name, i) =>
        a.app.call('customers.create', { kind: 'person', name, phones: [{ number: phones[i] ?? '', label: 'mobile' }] })
          .id,
    );
    const sorted = [...ids].sort();
    const [x, y, z] = sorted;
    if (!x || !y || !z) throw new Error('three customers');
    for (const id of ids) note(a, id, `note on ${id}`);
    settle(a, b);
    a.app.call('customers.merge', { ids: [x, y] });
    b.app.call('customers.merge', { ids: [y, z] });
    note(a, z, 'late note');
    settle(a, b);
    for (const d of [a, b]) {
      expect(customer(d, x).deleted_at, d.label).toBeNull();
      expect(customer(d, y).merged_into_id, d.label).toBe(x);
      expect(customer(d, z).merged_into_id, d.label).toBe(y);
      // Every note follows the merges to the one survivor, and so do all three phones: the one
      // the laptop merged into the middle record reaches the survivor though the desk never saw it.
      expect(notesOf(d, x), d.label).toBe(4);
      expect((JSON.parse(customer(d, x).phones) as { number: string }[]).map((p) => p.number).sort(), d.label).toEqual([
        '+989121110001',
        '+989121110002',
        '+989121110003',
      ]);
      expect(d.app.call('customers.list', { query: 'Karim' }).rows.map((c) => c.id)).toEqual([x]);
    }
    expectSame(a, b);
  });
  it('a phone removed from the survivor after a merge stays removed through later rounds', () => {
    const [a, b] = devices('Desk', 'Laptop');
    if (!a || !b) throw new Error('two devices');
    const first = a.app.call('customers.create', { kind: 'person', name: 'Mina Ahmadi' }).id;
    const second = a.app.call('customers.create', {
      kind: 'person',
      name: 'Mina Ahmady',
      phones: [{ number: '09121234000', label: 'mobile' }],
    }).id;
    settle(a, b);
    const merge = b.app.call('customers.merge', { ids: [first, second] });
    settle(a, b);
    const survivorId = merge.survivor.id;
    expect(JSON.parse(customer(a, survivorId).phones)).toHaveLength(1);
    // The number was wrong: the desk removes it from the survivor; the merged record still has it.
    a.clock.ms += 60_000;
    a.app.call('customers.update', { id: survivorId, kind: 'person', name: merge.survivor.name, phones: [] });
    settle(a, b);
    for (const d of [a, b]) expect(JSON.parse(customer(d, survivorId).phones), d.label).toEqual([]);
    expectSame(a, b);
  });

  it('a record merged away on one device and edited on another cannot be restored from the inbox', () => {
    const [a, b] = devices('Desk', 'Laptop');
    if (!a || !b) throw new Error('two devices');
    const first = a.app.call('customers.create', { kind: 'person', name: 'Reza Karimi' }).id;
    const second = a.app.call('customers.create', {
      kind: 'person',
      name: 'Reza Karimy',
      phones: [{ number: '09351112233', label: 'mobile' }],
    }).id;
    settle(a, b);
    const older = first < second ? first : second;
    const newer = older === first ? second : first;
    const merge = a.app.call('customers.merge', { ids: [older, newer] });
    expect(merge.mergedId).toBe(newer);
    // The laptop, a minute later and not yet synced, edits the record the desk merged away.
    b.clock.ms += 60_000;
    b.app.call('customers.update', {
      id: newer,
      kind: 'person',
      name: 'Reza Karimy',
      phones: [{ number: '09351112233', label: 'mobile' }],
      city: 'Yazd',
    });
    settle(a, b);

    const survivor = { id: older, name: customer(a, older).name };
    for (const d of [a, b]) {
      const [conflict, ...rest] = d.app.call('sync.conflicts', {});
      expect(rest, d.label).toEqual([]);
      expect(conflict?.rowId, d.label).toBe(newer);
      expect(conflict?.fields, d.label).toContain('city');
      expect(conflict?.mergedInto, d.label).toEqual(survivor);
    }
    const [onB] = b.app.call('sync.conflicts', {});
    const refused = b.app.fail('sync.resolveConflict', { id: onB?.id ?? '', action: 'restore' });
    expect(refused.issues?.[0]).toMatchObject({ code: 'merged_record', params: { name: survivor.name } });
    // Refused means untouched: still merged away, still in the inbox.
    expect(customer(b, newer).deleted_at).not.toBeNull();
    expect(b.app.call('sync.conflicts', {})).toHaveLength(1);

    b.app.call('sync.resolveConflict', { id: onB?.id ?? '', action: 'delete' });
    settle(a, b);
    for (const d of [a, b]) {
      expect(d.app.call('sync.conflicts', {}), d.label).toEqual([]);
      expect(customer(d, newer).merged_into_id, d.label).toBe(older);
    }
    expectSame(a, b);
  });
});
