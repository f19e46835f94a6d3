import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { duplicateHandlers } from '../../../main/features/duplicates/duplicate.handlers';
import { BLOCK_CAP, scanDuplicates } from '../../../main/features/duplicates/duplicate.repository';
import type { HandlerContext } from '../../../main/rpc/handler.types';
import { insertRecord, updateRecord } from '../../../main/sync/mutate';
import type { CustomerInput } from '../../../shared/customers/customer.schema';
import {
  duplicateCheckSchema,
  mergeInputSchema,
  type DuplicateCheck,
  type MergeInput,
} from '../../../shared/duplicates/duplicate.schema';
import { AppError } from '../../../shared/errors';
import { defaultPreferences, type Preferences } from '../../../shared/preferences';
import { openTestApp, type TestApp } from '../../helpers/temp-app';

let app: TestApp;
let ctx: HandlerContext;
beforeEach(() => {
  app = openTestApp();
  let preferences: Preferences = { ...defaultPreferences('en-US'), phoneRegion: 'IR' };
  ctx = {
    db: app.db,
    writer: app.writer,
    info: app.info,
    preferences: () => preferences,
    setPreferences: (next) => {
      preferences = next;
    },
    now: Date.now,
    timeZone: 'UTC',
  };
});
afterEach(() => app.dispose());

// The handlers are called directly (with the contract's schemas) so these tests do not depend on
// the router wiring; once wired, `app.call` gives the same results.
const check = (input: DuplicateCheck) =>
  duplicateHandlers['customers.findDuplicates'](duplicateCheckSchema.parse(input), ctx);
const merge = (input: MergeInput) => duplicateHandlers['customers.merge'](mergeInputSchema.parse(input), ctx);
const scan = () => duplicateHandlers['duplicates.scan']({}, ctx);

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const create = (name: string, extra: Partial<CustomerInput> = {}) =>
  app.call('customers.create', { kind: 'person', name, ...extra });
const mobile = (n: number) => ({ number: `0912${String(n).padStart(7, '0')}`, label: 'mobile' as const });

function note(customerId: string, deleted = false): string {
  const id = uuidv7();
  insertRecord(app.writer, 'notes', id, {
    record_type: 'customer',
    record_id: customerId,
    customer_id: customerId,
    body: `note for ${customerId}`,
    owner_id: app.writer.userId,
    deleted_at: deleted ? new Date().toISOString() : null,
  });
  return id;
}

function activity(customerId: string, personId: string | null = null): string {
  const id = uuidv7();
  insertRecord(app.writer, 'activities', id, {
    type: 'call',
    subject: 'call',
    record_type: 'customer',
    record_id: customerId,
    customer_id: customerId,
    person_id: personId,
    status: 'planned',
    owner_id: app.writer.userId,
  });
  return id;
}

const count = (sqlText: string, ...params: unknown[]) => (app.db.prepare(sqlText).get(...params) as { n: number }).n;

describe('customers.findDuplicates', () => {
  it('finds the same person typed with other letters, phone format or e-mail case', () => {
    const ali = create('علي رضائي', { phones: [mobile(1234567)], emails: ['Ali.Rezaei@Example.com'] });
    create('علی کریمی');
    create('علی رضایی', { kind: 'organization' });

    const byName = check({ kind: 'person', name: 'علی رضایی' });
    expect(byName.map((c) => [c.customer.id, c.reasons])).toEqual([[ali.id, ['same_name']]]);

    const byPhone = check({ kind: 'person', name: 'A. R.', phones: ['۰۹۱۲ ۱۲۳ ۴۵۶۷'] });
    expect(byPhone.map((c) => [c.customer.id, c.reasons])).toEqual([[ali.id, ['same_phone']]]);

    const byEmail = check({ kind: 'person', name: 'x', emails: [' ali.rezaei@example.COM'] });
    expect(byEmail.map((c) => c.reasons)).toEqual([['same_email']]);

    const all = check({
      kind: 'person',
      name: 'علی‌رضایی',
      phones: ['+98 912 123 4567'],
      emails: ['ali.rezaei@example.com'],
    });
    expect(all[0]).toMatchObject({ reasons: ['same_phone', 'same_email', 'same_name'] });
    expect(all[0]?.customer).toMatchObject({ id: ali.id, name: 'علي رضائي', phones: [{ number: '+989121234567' }] });
  });

  it('finds one-typo names, word order and ZWNJ variants; not a shared first name', () => {
    const mohammad = create('Mohammad Karimi');
    const narges = create('نرگس یزدانی‌پور');
    create('Mohammad Rahimi Nejad');
    expect(check({ kind: 'person', name: 'Mohamad Karimi' }).map((c) => [c.customer.id, c.reasons])).toEqual([
      [mohammad.id, ['similar_name']],
    ]);
    expect(check({ kind: 'person', name: 'Karimi, Mohammad' }).map((c) => c.customer.id)).toEqual([mohammad.id]);
    expect(check({ kind: 'person', name: 'نرگس يزداني پور' }).map((c) => c.customer.id)).toEqual([narges.id]);
    expect(check({ kind: 'person', name: 'Mohammad Rezaei' })).toEqual([]);
    expect(check({ kind: 'person', name: 'Ali' })).toEqual([]);
    expect(check({ kind: 'person', name: '' })).toEqual([]);
  });

  it('leaves out the record being edited, tombstones and the other kind', () => {
    const sara = create('Sara Ahmadi', { phones: [mobile(7654321)] });
    const gone = create('Sara Ahmadi');
    app.call('customers.delete', { id: gone.id });
    create('Sara Ahmadi', { kind: 'organization' });
    expect(check({ kind: 'person', name: 'Sara Ahmadi' }).map((c) => c.customer.id)).toEqual([sara.id]);
    expect(check({ kind: 'person', name: 'Sara Ahmadi', excludeId: sara.id })).toEqual([]);
  });

  it('lists at most ten, best first', () => {
    for (let i = 0; i < 14; i++) create('Reza Moradi', { phones: [mobile(1000 + i)] });
    const phoneToo = create('Reza Moradi', { phones: [mobile(999)] });
    const found = check({ kind: 'person', name: 'Reza Moradi', phones: ['09120000999'] });
    expect(found).toHaveLength(10);
    expect(found[0]).toMatchObject({ customer: { id: phoneToo.id }, reasons: ['same_phone', 'same_name'] });
    expect(found.map((c) => c.score)).toEqual([...found.map((c) => c.score)].sort((a, b) => b - a));
  });
});

describe('duplicates.scan', () => {
  it('lists candidate pairs with reasons, older record first, best first', () => {
    const a = create('علي رضائي', { phones: [mobile(1)] });
    const b = create('علی رضایی', { phones: [mobile(1)] });
    const c = create('Mohammad Karimi');
    const d = create('Mohamad Karimi');
    const e = create('Zahra Hosseini', { emails: ['z@h.ir'] });
    const f = create('Z. H.', { emails: ['Z@H.ir'] });
    create('علی کریمی');
    create('Zahra Hosseini', { kind: 'organization' });
    const g = create('Gone Person');
    create('Gone Person');
    app.call('customers.delete', { id: g.id });

    const result = scan();
    expect(result.scanned).toBe(9);
    expect(result.truncated).toBe(false);
    expect(result.pairs.map((p) => [p.a.id, p.b.id, p.reasons])).toEqual([
      [a.id, b.id, ['same_phone', 'same_name']],
      [e.id, f.id, ['same_email']],
      [c.id, d.id, ['similar_name']],
    ]);
  });

  it('ignores a phone or name shared by very many customers, and truncates long lists', () => {
    const landline = { number: '02188776655', label: 'work' as const };
    for (let i = 0; i < BLOCK_CAP + 1; i++) create(`Clerk ${String.fromCharCode(65 + i)}${i}`, { phones: [landline] });
    for (let i = 0; i < BLOCK_CAP + 1; i++) create('Very Common');
    create('Amir Tehrani', { phones: [mobile(5)] });
    create('Amir Tehrani', { phones: [mobile(5)] });
    create('Nima Saberi');
    create('Nima Saberi');
    const result = scan();
    expect(result.pairs.map((p) => p.a.name)).toEqual(['Amir Tehrani', 'Nima Saberi']);

    const limited = scanDuplicates(app.db, 1);
    expect(limited).toMatchObject({ truncated: true });
    expect(limited.pairs.map((p) => p.a.name)).toEqual(['Amir Tehrani']);
  });
});

describe('customers.merge', () => {
  it('re-links every note, activity and person; counts before = after; history shows the merge', () => {
    const orgOld = app.call('customers.create', { kind: 'organization', name: 'Aria Trading', phones: [mobile(10)] });
    const orgNew = app.call('customers.create', {
      kind: 'organization',
      name: 'Aria Trading Co.',
      phones: [mobile(11), mobile(10)],
      emails: ['info@aria.ir'],
      city: 'Tehran',
      tags: ['VIP'],
    });
    const staff = create('Sina Amini', { organizationId: orgNew.id });
    const formerStaff = create('Old Clerk', { organizationId: orgNew.id });
    app.call('customers.delete', { id: formerStaff.id });
    note(orgOld.id);
    note(orgNew.id);
    note(orgNew.id);
    note(orgNew.id, true);
    activity(orgOld.id);
    activity(orgNew.id);
    activity(orgNew.id, staff.id);

    const notesBefore = count('SELECT count(*) AS n FROM notes');
    const activitiesBefore = count('SELECT count(*) AS n FROM activities');
    const linked = (id: string) => ({
      notes: count('SELECT count(*) AS n FROM notes WHERE customer_id = ? AND record_id = ?', id, id),
      activities: count('SELECT count(*) AS n FROM activities WHERE customer_id = ? AND record_id = ?', id, id),
      people: count('SELECT count(*) AS n FROM customers WHERE organization_id = ?', id),
    });
    const before = [linked(orgOld.id), linked(orgNew.id)];

    // Named newest first: the older record still survives.
    const result = merge({ ids: [orgNew.id, orgOld.id], values: { name: orgNew.id } });
    expect(result.mergedId).toBe(orgNew.id);
    expect(result.moved).toEqual({ notes: 3, activities: 2, people: 2, opportunities: 0, leads: 0 });
    expect(result.survivor).toMatchObject({
      id: orgOld.id,
      name: 'Aria Trading Co.',
      city: 'Tehran',
      emails: ['info@aria.ir'],
      tags: ['VIP'],
      deletedAt: null,
    });
    expect(result.survivor.phones.map((p) => p.number)).toEqual(['+989120000010', '+989120000011']);

    const after = linked(orgOld.id);
    expect(after).toEqual({
      notes: (before[0]?.notes ?? 0) + (before[1]?.notes ?? 0),
      activities: (before[0]?.activities ?? 0) + (before[1]?.activities ?? 0),
      people: (before[0]?.people ?? 0) + (before[1]?.people ?? 0),
    });
    expect(linked(orgNew.id)).toEqual({ notes: 0, activities: 0, people: 0 });
    expect(count('SELECT count(*) AS n FROM notes')).toBe(notesBefore);
    expect(count('SELECT count(*) AS n FROM activities')).toBe(activitiesBefore);
    expect(count('SELECT count(*) AS n FROM notes WHERE deleted_at IS NOT NULL')).toBe(1);
    expect(app.call('customers.get', { id: orgOld.id }).people.map((p) => p.id)).toEqual([staff.id]);

    const tombstone = app.db.prepare('SELECT deleted_at, merged_into_id FROM customers WHERE id = ?').get(orgNew.id);
    expect(tombstone).toMatchObject({ merged_into_id: orgOld.id, deleted_at: expect.any(String) });
    // Every re-link went through the write path: one change record per moved row.
    const relinked = count(
      `SELECT count(*) AS n FROM change_log WHERE table_name IN ('notes', 'activities')
       AND (fields LIKE '%"customer_id":"' || ? || '"%' AND fields NOT LIKE '%"body"%' AND fields NOT LIKE '%"subject"%')`,
      orgOld.id,
    );
    expect(relinked).toBe(5);

    const history = app.call('customers.history', { id: orgOld.id });
    expect(history[0]).toMatchObject({ action: 'merged', field: 'mergedFrom', newValue: 'Aria Trading Co.' });
    expect(history.some((h) => h.action === 'updated' && h.field === 'phones')).toBe(true);
    const otherHistory = app.call('customers.history', { id: orgNew.id });
    expect(
      otherHistory
        .filter((h) => h.action === 'merged')
        .map((h) => h.field)
        .sort(),
    ).toEqual(['deletedAt', 'mergedIntoId']);

    // The tombstone is no longer a duplicate candidate, and the scan does not list it.
    expect(check({ kind: 'organization', name: 'Aria Trading Co.' }).map((c) => c.customer.id)).toEqual([orgOld.id]);
  });

  it('merges people: person links on activities move, values default to the survivor unless empty', () => {
    const org = app.call('customers.create', { kind: 'organization', name: 'Pars Co' });
    const older = create('Ali Rezaei', { phones: [mobile(20)], emails: ['ali@x.ir'] });
    const newer = create('Ali Rezaee', {
      organizationId: org.id,
      phones: [mobile(21)],
      emails: ['ALI@x.ir', 'ali2@x.ir'],
      address: 'Valiasr St',
      description: 'newer',
      preferredChannel: 'sms',
    });
    activity(org.id, newer.id);
    activity(newer.id);
    const result = merge({ ids: [older.id, newer.id], values: { description: newer.id } });
    expect(result.moved).toEqual({ notes: 0, activities: 2, people: 0, opportunities: 0, leads: 0 });
    expect(result.survivor).toMatchObject({
      id: older.id,
      name: 'Ali Rezaei',
      organizationId: org.id,
      address: 'Valiasr St',
      description: 'newer',
      preferredChannel: 'sms',
      emails: ['ali@x.ir', 'ali2@x.ir'],
    });
    expect(result.survivor.phones.map((p) => p.number)).toEqual(['+989120000020', '+989120000021']);
    expect(count('SELECT count(*) AS n FROM activities WHERE person_id = ?', older.id)).toBe(1);
    expect(count('SELECT count(*) AS n FROM activities WHERE ? IN (customer_id, person_id, record_id)', newer.id)).toBe(
      0,
    );
  });

  it('refuses one record twice, two kinds, unknown value sources and tombstones; nothing is written', () => {
    const person = create('Nima');
    const org = app.call('customers.create', { kind: 'organization', name: 'Nima Co' });
    const other = create('Nima 2');
    const logBefore = count('SELECT count(*) AS n FROM change_log');

    expect(failure(() => merge({ ids: [person.id, person.id] })).issues).toEqual([
      { field: 'ids', code: 'merge_needs_two' },
    ]);
    expect(failure(() => merge({ ids: [person.id, org.id] })).issues).toEqual([
      { field: 'ids', code: 'merge_kind_mismatch' },
    ]);
    expect(failure(() => merge({ ids: [person.id, other.id], values: { name: org.id } })).issues).toEqual([
      { field: 'values.name', code: 'unknown_customer' },
    ]);
    expect(count('SELECT count(*) AS n FROM change_log')).toBe(logBefore);

    updateRecord(app.writer, 'customers', other.id, { deleted_at: new Date().toISOString() });
    expect(failure(() => merge({ ids: [person.id, other.id] })).code).toBe('not_found');
  });

  it('never loses a phone or e-mail', () => {
    const a = create('Kian', { phones: [mobile(30), mobile(31)], emails: ['k@a.ir', 'shared@a.ir'] });
    const b = create('Kian Two', { phones: [mobile(31), mobile(32)], emails: ['SHARED@a.ir', 'k2@a.ir'] });
    const { survivor } = merge({ ids: [a.id, b.id], values: { name: b.id } });
    expect(survivor.name).toBe('Kian Two');
    expect(survivor.phones.map((p) => p.number)).toEqual(['+989120000030', '+989120000031', '+989120000032']);
    expect(survivor.emails).toEqual(['k@a.ir', 'shared@a.ir', 'k2@a.ir']);
  });
});
