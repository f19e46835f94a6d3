import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerInput } from '../../../shared/customers/customer.schema';
import { openTestApp, type TestApp } from '../../helpers/temp-app';

let app: TestApp;
beforeEach(() => {
  app = openTestApp();
});
afterEach(() => app.dispose());

const person = (name: string, extra: Partial<CustomerInput> = {}): CustomerInput => ({
  kind: 'person',
  name,
  ...extra,
});
const MISSING_ID = '01930000-0000-7000-8000-000000000000';

describe('customers handlers', () => {
  it('create an organization and a person who belongs to it', () => {
    const org = app.call('customers.create', { kind: 'organization', name: 'Aria Trading', city: 'Tehran' });
    const ali = app.call(
      'customers.create',
      person('علی رضایی', {
        organizationId: org.id,
        phones: [{ number: '۰۹۱۲ ۱۲۳ ۴۵۶۷', label: 'mobile' }],
        emails: [' Ali@Example.com '],
        tags: ['VIP', 'VIP', 'مشتری ثابت'],
      }),
    );
    expect(ali.phones).toEqual([{ number: '+989121234567', label: 'mobile' }]);
    expect(ali.emails).toEqual(['Ali@Example.com']);
    expect(ali.tags).toEqual(['VIP', 'مشتری ثابت']);
    expect(ali.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // UUIDv7

    const detail = app.call('customers.get', { id: org.id });
    expect(detail.people.map((p) => p.name)).toEqual(['علی رضایی']);
    expect(app.call('customers.get', { id: ali.id }).organization?.name).toBe('Aria Trading');
  });

  it('edit changes only what changed and shows it in history', () => {
    const c = app.call('customers.create', person('Sara', { city: 'Shiraz' }));
    const edited = app.call('customers.update', { id: c.id, kind: 'person', name: 'Sara Karimi', city: 'Shiraz' });
    expect(edited.name).toBe('Sara Karimi');
    const history = app.call('customers.history', { id: c.id });
    expect(history[0]).toMatchObject({ action: 'updated', field: 'name', oldValue: 'Sara', newValue: 'Sara Karimi' });
    expect(history.filter((h) => h.action === 'updated')).toHaveLength(1);
    expect(history.find((h) => h.field === 'city')).toMatchObject({ action: 'created', newValue: 'Shiraz' });
  });

  it('an edit that names its changed fields keeps the others as stored, even when they changed meanwhile', () => {
    const c = app.call('customers.create', person('Sara', { city: 'Shiraz', emails: ['sara@example.com'] }));
    // Another window (or a synced computer) gives her a phone and moves her to Tabriz…
    app.call('customers.update', {
      id: c.id,
      ...person('Sara', { city: 'Tabriz', emails: ['sara@example.com'], phones: [{ number: '09121234567' }] }),
    });
    // …while a form opened before changes only her name: its copy of the other fields is stale.
    const stale = person('Sara Karimi', { city: 'Shiraz', emails: ['sara@example.com'] });
    const edited = app.call('customers.update', { id: c.id, ...stale, changed: ['name'] });
    expect(edited).toMatchObject({
      name: 'Sara Karimi',
      city: 'Tabriz',
      emails: ['sara@example.com'],
      phones: [{ number: '+989121234567', label: 'mobile' }],
    });
    const history = app.call('customers.history', { id: c.id }).filter((h) => h.action === 'updated');
    expect(history.map((h) => h.field).sort()).toEqual(['city', 'name', 'phones']);

    // Without the list every field is written.
    expect(app.call('customers.update', { id: c.id, ...stale })).toMatchObject({ city: 'Shiraz', phones: [] });
    expect(app.fail('customers.update', { id: c.id, ...stale, changed: ['owner'] }).issues?.[0]).toMatchObject({
      field: 'changed.0',
      code: 'invalid_choice',
    });
  });

  it('delete moves to trash and restore brings back, both in history', () => {
    const c = app.call('customers.create', person('Reza'));
    app.call('customers.delete', { id: c.id });
    expect(app.call('customers.list', {}).total).toBe(0);
    expect(app.call('trash.list', {}).map((t) => t.id)).toEqual([c.id]);
    expect(app.call('customers.get', { id: c.id }).customer.deletedAt).not.toBeNull();

    app.call('customers.restore', { id: c.id });
    expect(app.call('customers.list', {}).rows.map((r) => r.id)).toEqual([c.id]);
    expect(app.call('trash.list', {})).toEqual([]);
    expect(
      app
        .call('customers.history', { id: c.id })
        .map((h) => h.action)
        .slice(0, 2),
    ).toEqual(['restored', 'deleted']);
  });

  describe('search', () => {
    beforeEach(() => {
      app.call('customers.create', person('علی رضایی', { phones: [{ number: '09121234567' }], city: 'تهران' }));
      app.call('customers.create', person('Ali Rezaei', { emails: ['ali.rezaei@example.com'] }));
      app.call('customers.create', person('محمد‌علی کریمی', { phones: [{ number: '+98 935 765 4321' }] }));
      app.call('customers.create', person('Zahra Alavi'));
    });
    const names = (query: string) => app.call('customers.list', { query }).rows.map((r) => r.name);

    it('finds Persian spelling variants (ي/ی, ئ/ی)', () => {
      expect(names('علي رضائي')).toEqual(['علی رضایی']);
    });
    it('finds partial names and ignores ZWNJ', () => {
      expect(names('محمدعلی')).toEqual(['محمد‌علی کریمی']);
      expect(names('کریم')).toEqual(['محمد‌علی کریمی']);
      expect(names('ali')).toEqual(['Ali Rezaei']);
      expect(names('alav')).toEqual(['Zahra Alavi']);
    });
    it('finds phone digits in any script and form', () => {
      expect(names('4567')).toEqual(['علی رضایی']);
      expect(names('۰۹۳۵۷۶۵')).toEqual(['محمد‌علی کریمی']);
      expect(names('+98 912')).toEqual(['علی رضایی']);
    });
    it('finds emails and short prefixes', () => {
      expect(names('example.com')).toEqual(['Ali Rezaei']);
      // Substring match, with names that start with the query first.
      expect(names('za')).toEqual(['Zahra Alavi', 'Ali Rezaei']);
    });
    it('ranks exact and prefix name matches first', () => {
      app.call('customers.create', person('Alireza'));
      expect(names('ali')[0]).toBe('Ali Rezaei');
    });
  });

  it('sorts Persian names alphabetically and pages', () => {
    for (const name of ['گلاره', 'کاوه', 'پریسا', 'بهرام', 'ژیلا', 'چنگیز']) app.call('customers.create', person(name));
    const first = app.call('customers.list', { sort: 'name', limit: 3 });
    expect(first.total).toBe(6);
    expect(first.rows.map((r) => r.name)).toEqual(['بهرام', 'پریسا', 'چنگیز']);
    const second = app.call('customers.list', { sort: 'name', limit: 3, offset: 3 });
    expect(second.rows.map((r) => r.name)).toEqual(['ژیلا', 'کاوه', 'گلاره']);
    expect(app.call('customers.list', { sort: 'name', direction: 'desc', limit: 1 }).rows[0]?.name).toBe('گلاره');
  });

  it('filters by type, tag and creation time', () => {
    app.call('customers.create', { kind: 'organization', name: 'Org', tags: ['wholesale'] });
    app.call('customers.create', person('P1', { tags: ['wholesale', 'vip'] }));
    app.call('customers.create', person('P2'));
    expect(app.call('customers.list', { kind: 'organization' }).rows.map((r) => r.name)).toEqual(['Org']);
    expect(app.call('customers.list', { tag: 'wholesale', kind: 'person' }).rows.map((r) => r.name)).toEqual(['P1']);
    expect(app.call('customers.tags', {})).toEqual(['vip', 'wholesale']);
    expect(app.call('customers.list', { createdFrom: '2999-01-01T00:00:00.000Z' }).total).toBe(0);
    expect(app.call('customers.list', { createdTo: '2999-01-01T00:00:00.000Z' }).total).toBe(3);
  });

  describe('validation errors return their codes and fields, and save nothing', () => {
    const countRows = () =>
      (
        app.db.sqlite
          .prepare('SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM change_log) AS n')
          .get() as {
          n: number;
        }
      ).n;

    it('empty name', () => {
      const error = app.fail('customers.create', person('   '));
      expect(error).toMatchObject({ code: 'validation', issues: [{ field: 'name', code: 'required' }] });
      expect(countRows()).toBe(0);
    });
    it('bad email', () => {
      const error = app.fail('customers.create', person('A', { emails: ['a@b.co', 'not-an-email'] }));
      expect(error.issues).toEqual([{ field: 'emails.1', code: 'invalid_email', params: { value: 'not-an-email' } }]);
      expect(countRows()).toBe(0);
    });
    it('bad phone', () => {
      const error = app.fail('customers.create', person('A', { phones: [{ number: '0912' }] }));
      expect(error.issues).toEqual([{ field: 'phones.0.number', code: 'invalid_phone', params: { value: '0912' } }]);
      expect(countRows()).toBe(0);
    });
    it('unknown organization', () => {
      const error = app.fail('customers.create', person('A', { organizationId: MISSING_ID }));
      expect(error.issues).toEqual([{ field: 'organizationId', code: 'unknown_organization' }]);
      const deleted = app.call('customers.create', { kind: 'organization', name: 'Gone' });
      app.call('customers.delete', { id: deleted.id });
      const before = countRows();
      expect(app.fail('customers.create', person('B', { organizationId: deleted.id })).issues?.[0]?.code).toBe(
        'unknown_organization',
      );
      const somePerson = app.call('customers.create', person('C'));
      expect(app.fail('customers.create', person('D', { organizationId: somePerson.id })).issues?.[0]?.code).toBe(
        'unknown_organization',
      );
      expect(countRows()).toBe(before + 2);
    });
    it('an organization inside an organization', () => {
      const org = app.call('customers.create', { kind: 'organization', name: 'Org' });
      const error = app.fail('customers.create', { kind: 'organization', name: 'Sub', organizationId: org.id });
      expect(error.issues?.[0]).toMatchObject({ field: 'organizationId', code: 'organization_for_organization' });
    });
    it('the same phone twice, too long, unknown fields, wrong choice', () => {
      expect(
        app.fail('customers.create', person('A', { phones: [{ number: '09121234567' }, { number: '+989121234567' }] }))
          .issues,
      ).toEqual([{ field: 'phones.1.number', code: 'duplicate_value', params: { value: '+989121234567' } }]);
      expect(app.fail('customers.create', person('x'.repeat(201))).issues?.[0]).toMatchObject({
        field: 'name',
        code: 'too_long',
        params: { max: 200 },
      });
      expect(app.fail('customers.create', { ...person('A'), secret: 1 }).issues).toEqual([
        { field: 'secret', code: 'unknown_field' },
      ]);
      expect(app.fail('customers.create', { kind: 'robot', name: 'A' }).issues?.[0]).toMatchObject({
        field: 'kind',
        code: 'invalid_choice',
      });
    });
    it('an edit with a bad value leaves the record as it was', () => {
      const c = app.call('customers.create', person('Keep', { emails: ['keep@example.com'] }));
      const error = app.fail('customers.update', { id: c.id, kind: 'person', name: 'Changed', emails: ['broken@'] });
      expect(error.issues?.[0]).toMatchObject({ field: 'emails.0', code: 'invalid_email' });
      expect(app.call('customers.get', { id: c.id }).customer).toMatchObject({
        name: 'Keep',
        emails: ['keep@example.com'],
      });
    });
    it('an organization with people cannot become a person', () => {
      const org = app.call('customers.create', { kind: 'organization', name: 'Org' });
      app.call('customers.create', person('Member', { organizationId: org.id }));
      const error = app.fail('customers.update', { id: org.id, kind: 'person', name: 'Org' });
      expect(error.issues?.[0]).toMatchObject({ field: 'kind', code: 'organization_has_people' });
    });
  });

  it('refuses to restore a customer that was merged into another', () => {
    const older = app.call('customers.create', person('Sara Ahmadi', { phones: [{ number: '09121234567' }] }));
    const newer = app.call('customers.create', person('Sara Ahmady', { phones: [{ number: '09121234567' }] }));
    app.call('customers.merge', { ids: [newer.id, older.id] });
    expect(app.call('trash.list', {})).toEqual([]);
    expect(app.fail('customers.restore', { id: newer.id }).issues).toEqual([
      { field: 'id', code: 'merged_record', params: { name: 'Sara Ahmadi' } },
    ]);
  });

  it('unknown records and methods get their codes', () => {
    expect(app.fail('customers.get', { id: MISSING_ID }).code).toBe('not_found');
    expect(app.fail('customers.update', { id: MISSING_ID, kind: 'person', name: 'X' }).code).toBe('not_found');
    expect(app.fail('customers.get', { id: 'not-a-uuid' }).issues?.[0]).toMatchObject({
      field: 'id',
      code: 'invalid_id',
    });
    const result = app.dispatch('customers.drop', {});
    expect(result).toEqual({ ok: false, error: { code: 'unknown_method', params: { method: 'customers.drop' } } });
  });

  it('emits data.changed after a write, not after a read', () => {
    const events: string[][] = [];
    app.on('data.changed', (e) => events.push(e.tables));
    app.call('customers.list', {});
    app.call('customers.create', person('A'));
    expect(events).toEqual([['customers']]);
  });

  it('stores preferences per device', () => {
    expect(app.call('preferences.get', {})).toMatchObject({ language: 'en', calendar: 'gregorian', phoneRegion: 'IR' });
    app.call('preferences.update', { language: 'fa', calendar: 'jalali', digits: 'persian', phoneRegion: 'de' });
    app.close();
    const reopened = openTestApp({ dataDir: app.dataDir });
    app = reopened;
    expect(reopened.call('preferences.get', {})).toMatchObject({
      language: 'fa',
      calendar: 'jalali',
      phoneRegion: 'DE',
    });
    expect(reopened.fail('preferences.update', { language: 'de' }).issues?.[0]).toMatchObject({
      field: 'language',
      code: 'invalid_choice',
    });
    // The phone region decides how numbers without a country code are read.
    expect(
      reopened.call('customers.create', person('Berlin', { phones: [{ number: '030 901820' }] })).phones[0]?.number,
    ).toBe('+4930901820');
  });
});
