import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { occurrenceDate } from '../../../main/features/activities/activity.service';
import type { ActivityInput } from '../../../shared/activities/activity.schema';
import type { TimelinePage } from '../../../shared/customers/customer360';
import { fromParts, localDateOf, toParts } from '../../../shared/calendar/calendar';
import { openTestApp, type TestApp } from '../../helpers/temp-app';

const TZ = 'Asia/Tehran';
let now = Date.parse('2026-11-22T08:00:00.000Z'); // 11:30 in Tehran, 1 Azar 1405
let app: TestApp;
let customerId: string;

beforeEach(() => {
  now = Date.parse('2026-11-22T08:00:00.000Z');
  app = openTestApp({ wallClock: () => now, timeZone: TZ });
  customerId = app.call('customers.create', { kind: 'organization', name: 'Aria Trading' }).id;
});
afterEach(() => app.dispose());

const activity = (extra: Partial<ActivityInput> = {}): ActivityInput => ({
  type: 'call',
  subject: 'Follow-up call',
  customerId,
  timeZone: TZ,
  ...extra,
});
const at = (iso: string) => new Date(iso).toISOString();

describe('activities lifecycle', () => {
  it('plans, completes with an outcome, and refuses to complete twice', () => {
    const call = app.call('activities.create', activity({ dueAt: '2026-11-23T07:00:00Z' }));
    expect(call).toMatchObject({ status: 'planned', completedAt: null, customerName: 'Aria Trading' });
    const done = app.call('activities.complete', { id: call.id, outcome: 'Wants a quote' });
    expect(done.activity).toMatchObject({
      status: 'done',
      outcome: 'Wants a quote',
      completedAt: at('2026-11-22T08:00:00Z'),
    });
    expect(done.next).toBeNull();
    expect(app.fail('activities.complete', { id: call.id }).issues?.[0]).toMatchObject({
      field: 'id',
      code: 'not_planned',
    });
  });

  it('logs a call after the fact in one step', () => {
    const logged = app.call(
      'activities.create',
      activity({ status: 'done', dueAt: '2026-11-22T06:30:00Z', outcome: 'Paid' }),
    );
    expect(logged).toMatchObject({ status: 'done', completedAt: at('2026-11-22T08:00:00Z'), outcome: 'Paid' });
  });

  it('cancels, reschedules with the reminder, deletes and restores', () => {
    const meeting = app.call(
      'activities.create',
      activity({ type: 'meeting', dueAt: '2026-11-24T10:00:00Z', remindAt: '2026-11-24T09:45:00Z' }),
    );
    const moved = app.call('activities.reschedule', { id: meeting.id, dueAt: '2026-11-25T12:00:00Z' });
    expect(moved).toMatchObject({ dueAt: at('2026-11-25T12:00:00Z'), remindAt: at('2026-11-25T11:45:00Z') });
    expect(app.call('activities.cancel', { id: meeting.id }).activity.status).toBe('cancelled');
    app.call('activities.delete', { id: meeting.id });
    expect(app.call('activities.list', { customerId }).total).toBe(0);
    expect(app.call('trash.list', {}).map((t) => [t.recordType, t.name])).toEqual([['activity', 'Follow-up call']]);
    app.call('activities.restore', { id: meeting.id });
    expect(app.call('activities.list', { customerId }).total).toBe(1);
  });

  it('an edit that names its changed fields keeps the others as stored, even when they changed meanwhile', () => {
    const call = app.call(
      'activities.create',
      activity({ dueAt: '2026-11-23T07:00:00Z', description: 'Ask about tea' }),
    );
    // A synced computer moves the call to Wednesday…
    app.call('activities.update', {
      id: call.id,
      ...activity({ dueAt: '2026-11-25T07:00:00Z', description: 'Ask about tea' }),
    });
    // …while a dialog opened before renames it: its copy of the date is stale.
    const stale = activity({ subject: 'Price call', dueAt: '2026-11-23T07:00:00Z', description: 'Ask about tea' });
    const edited = app.call('activities.update', { id: call.id, ...stale, changed: ['subject'] });
    expect(edited).toMatchObject({
      subject: 'Price call',
      dueAt: at('2026-11-25T07:00:00Z'),
      description: 'Ask about tea',
    });
    // Without the list every field is written.
    expect(app.call('activities.update', { id: call.id, ...stale })).toMatchObject({
      dueAt: at('2026-11-23T07:00:00Z'),
    });
  });

  it('links a person of the organization, and only such a person', () => {
    const sara = app.call('customers.create', { kind: 'person', name: 'Sara', organizationId: customerId });
    const stranger = app.call('customers.create', { kind: 'person', name: 'Stranger' });
    expect(app.call('activities.create', activity({ personId: sara.id })).personName).toBe('Sara');
    expect(app.fail('activities.create', activity({ personId: stranger.id })).issues).toEqual([
      { field: 'personId', code: 'unknown_person' },
    ]);
  });

  it('reports each bad input with its field and saves nothing', () => {
    const count = () => (app.db.sqlite.prepare('SELECT count(*) AS n FROM activities').get() as { n: number }).n;
    expect(app.fail('activities.create', activity({ subject: ' ' })).issues?.[0]).toMatchObject({
      field: 'subject',
      code: 'required',
    });
    expect(app.fail('activities.create', activity({ dueAt: '2026-13-45' })).issues?.[0]).toMatchObject({
      field: 'dueAt',
      code: 'invalid_date',
    });
    expect(
      app.fail('activities.create', activity({ customerId: '01930000-0000-7000-8000-000000000000' })).issues,
    ).toEqual([{ field: 'customerId', code: 'unknown_customer' }]);
    expect(
      app.fail('activities.create', activity({ recurrence: 'weekly', dueAt: '2026-11-23T07:00:00Z' })).issues,
    ).toEqual([{ field: 'recurrence', code: 'recurrence_only_tasks' }]);
    expect(app.fail('activities.create', activity({ type: 'task', recurrence: 'weekly' })).issues).toEqual([
      { field: 'recurrence', code: 'recurrence_needs_due_date' },
    ]);
    expect(app.fail('activities.create', { ...activity(), timeZone: 'Mars/Olympus' }).issues?.[0]).toMatchObject({
      field: 'timeZone',
      code: 'invalid_choice',
    });
    expect(count()).toBe(0);
  });
});

describe('recurrence', () => {
  const jalali = (y: number, m: number, d: number) => fromParts({ year: y, month: m, day: d }, 'jalali');

  it('a monthly task on 31 Shahrivar falls on 30 Mehr, and returns to the 31st in Farvardin', () => {
    const start = jalali(1405, 6, 31);
    expect(toParts(occurrenceDate(start, 'monthly', 1, 'jalali'), 'jalali')).toEqual({ year: 1405, month: 7, day: 30 });
    expect(toParts(occurrenceDate(start, 'monthly', 6, 'jalali'), 'jalali')).toEqual({
      year: 1405,
      month: 12,
      day: 29,
    });
    expect(toParts(occurrenceDate(start, 'monthly', 7, 'jalali'), 'jalali')).toEqual({ year: 1406, month: 1, day: 31 });
  });

  it('Gregorian months, weeks, days and Jalali leap years', () => {
    expect(occurrenceDate('2026-01-31', 'monthly', 1, 'gregorian')).toBe('2026-02-28');
    expect(occurrenceDate('2026-01-31', 'monthly', 2, 'gregorian')).toBe('2026-03-31');
    expect(occurrenceDate('2026-11-22', 'weekly', 2, 'gregorian')).toBe('2026-12-06');
    expect(occurrenceDate('2026-11-22', 'daily', 10, 'gregorian')).toBe('2026-12-02');
    // 30 Esfand exists only in leap years (1403 is one): the next year it is the 29th.
    expect(toParts(occurrenceDate(jalali(1403, 12, 30), 'yearly', 1, 'jalali'), 'jalali')).toEqual({
      year: 1404,
      month: 12,
      day: 29,
    });
  });

  it('completing a Jalali monthly task creates the next one at the same local time, reminder included', () => {
    app.call('preferences.update', { calendar: 'jalali' });
    const due = '2026-09-22T06:30:00.000Z'; // 31 Shahrivar 1405, 10:00 in Tehran
    const task = app.call(
      'activities.create',
      activity({
        type: 'task',
        subject: 'Monthly rent',
        dueAt: due,
        remindAt: '2026-09-22T05:30:00.000Z',
        recurrence: 'monthly',
      }),
    );
    expect(task.recurrenceCalendar).toBe('jalali');
    const { next } = app.call('activities.complete', { id: task.id });
    expect(next).not.toBeNull();
    expect(toParts(localDateOf(next?.dueAt ?? '', TZ), 'jalali')).toEqual({ year: 1405, month: 7, day: 30 });
    expect(next?.dueAt).toBe('2026-10-22T06:30:00.000Z');
    expect(next?.remindAt).toBe('2026-10-22T05:30:00.000Z');
    expect(next).toMatchObject({ status: 'planned', seriesId: task.id, recurrence: 'monthly' });
    // Skipping (cancelling) an occurrence still leads to the one after.
    const after = app.call('activities.cancel', { id: next?.id ?? '' }).next;
    expect(toParts(localDateOf(after?.dueAt ?? '', TZ), 'jalali')).toEqual({ year: 1405, month: 8, day: 30 });
  });
});

describe('agenda and reminders', () => {
  it('sorts planned work into overdue, today and upcoming in local days', () => {
    const overdue = app.call(
      'activities.create',
      activity({ type: 'task', subject: 'Overdue', dueAt: '2026-11-21T10:00:00Z' }),
    );
    // 00:10 on 1 Azar in Tehran is still "today" although it is the 21st in UTC.
    const early = app.call('activities.create', activity({ subject: 'Early', dueAt: '2026-11-21T20:40:00Z' }));
    const later = app.call('activities.create', activity({ subject: 'Later today', dueAt: '2026-11-22T15:00:00Z' }));
    const soon = app.call('activities.create', activity({ subject: 'Soon', dueAt: '2026-11-25T07:00:00Z' }));
    app.call('activities.create', activity({ subject: 'Far', dueAt: '2026-12-25T07:00:00Z' }));
    const loggedToday = app.call(
      'activities.create',
      activity({ subject: 'Logged', status: 'done', dueAt: '2026-11-20T07:00:00Z' }),
    );

    const agenda = app.call('agenda.get', { days: 7 });
    expect(agenda.date).toBe('2026-11-22');
    expect(agenda.overdue.map((a) => a.id)).toEqual([overdue.id]);
    expect(agenda.today.map((a) => a.id)).toEqual([early.id, later.id, loggedToday.id]);
    expect(agenda.upcoming.map((a) => a.id)).toEqual([soon.id]);
    // Overdue lists what slipped most recently first.
    expect(app.call('agenda.get', { days: 7, timeZone: 'UTC' }).overdue.map((a) => a.id)).toEqual([
      early.id,
      overdue.id,
    ]);
  });

  it('lists due reminders until dismissed or snoozed', () => {
    const call = app.call(
      'activities.create',
      activity({ dueAt: '2026-11-22T09:00:00Z', remindAt: '2026-11-22T08:30:00Z' }),
    );
    expect(app.call('reminders.due', {})).toEqual([]);
    now = Date.parse('2026-11-22T08:31:00Z');
    expect(app.call('reminders.due', {}).map((a) => a.id)).toEqual([call.id]);
    app.call('reminders.snooze', { id: call.id, until: '2026-11-22T08:41:00Z' });
    expect(app.call('reminders.due', {})).toEqual([]);
    now = Date.parse('2026-11-22T08:45:00Z');
    expect(app.call('reminders.due', {}).map((a) => a.id)).toEqual([call.id]);
    app.call('reminders.dismiss', { id: call.id });
    expect(app.call('reminders.due', {})).toEqual([]);
    // Done work does not ring.
    const other = app.call(
      'activities.create',
      activity({ dueAt: '2026-11-22T09:00:00Z', remindAt: '2026-11-22T08:00:00Z' }),
    );
    app.call('activities.complete', { id: other.id });
    expect(app.call('reminders.due', {})).toEqual([]);
  });
});

describe('customer 360', () => {
  it('pages the timeline newest first without gaps or repeats, and filters by kind', () => {
    const expected: string[] = [];
    for (let i = 0; i < 7; i++) {
      now += 60_000;
      expected.push(app.call('notes.create', { recordType: 'customer', recordId: customerId, body: `note ${i}` }).id);
      now += 60_000;
      expected.push(
        app.call(
          'activities.create',
          activity({ subject: `call ${i}`, status: 'done', dueAt: new Date(now).toISOString() }),
        ).id,
      );
    }
    now += 60_000;
    app.call('customers.update', { id: customerId, kind: 'organization', name: 'Aria Trading Co.' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: TimelinePage = app.call('customers.timeline', { id: customerId, limit: 3, cursor });
      for (const item of page.items) {
        seen.push(
          item.kind === 'note'
            ? item.note.id
            : item.kind === 'activity'
              ? item.activity.id
              : item.kind === 'change'
                ? `change:${item.changes[0]?.field}`
                : item.kind,
        );
      }
      cursor = page.nextCursor;
    } while (cursor);
    // The newest item is the rename; the creation of the customer is the oldest.
    expect(seen[0]).toBe('change:name');
    expect(seen.slice(1, -1)).toEqual([...expected].reverse());
    expect(seen.at(-1)).toMatch(/^change:/);
    expect(new Set(seen).size).toBe(seen.length);

    const notesOnly = app.call('customers.timeline', { id: customerId, kinds: ['note'], limit: 50 });
    expect(notesOnly.items.map((i) => i.kind)).toEqual(Array(7).fill('note'));
    expect(notesOnly.nextCursor).toBeNull();
  });

  it('shows activities where a person took part on that person’s timeline too', () => {
    const sara = app.call('customers.create', { kind: 'person', name: 'Sara', organizationId: customerId });
    const call = app.call(
      'activities.create',
      activity({ personId: sara.id, status: 'done', dueAt: '2026-11-21T07:00:00Z' }),
    );
    const items = app.call('customers.timeline', { id: sara.id, kinds: ['activity'] }).items;
    expect(items.map((i) => (i.kind === 'activity' ? i.activity.id : ''))).toEqual([call.id]);
  });

  it('summarizes last contact, next activity, open and overdue tasks', () => {
    app.call('activities.create', activity({ status: 'done', dueAt: '2026-11-20T07:00:00Z' }));
    app.call(
      'activities.create',
      activity({ type: 'email', subject: 'Sent prices', status: 'done', dueAt: '2026-11-21T07:00:00Z' }),
    );
    const next = app.call('activities.create', activity({ type: 'meeting', dueAt: '2026-11-23T07:00:00Z' }));
    app.call('activities.create', activity({ type: 'task', subject: 'Late', dueAt: '2026-11-19T07:00:00Z' }));
    app.call('activities.create', activity({ type: 'task', subject: 'Open' }));
    app.call('notes.create', { recordType: 'customer', recordId: customerId, body: 'Prefers mornings' });
    expect(app.call('customers.summary', { id: customerId })).toMatchObject({
      lastContact: { at: at('2026-11-21T07:00:00Z'), type: 'email' },
      nextActivity: { id: next.id },
      openTasks: 2,
      overdue: 1,
      notes: 1,
    });
  });

  it('keeps notes with line breaks, edits and deletes them through the write path', () => {
    const note = app.call('notes.create', { recordType: 'customer', recordId: customerId, body: 'Line one\nLine two' });
    expect(app.call('notes.update', { id: note.id, body: 'Line one\nLine 2' }).body).toBe('Line one\nLine 2');
    expect(
      app.fail('notes.create', { recordType: 'customer', recordId: customerId, body: '  \n ' }).issues?.[0],
    ).toMatchObject({
      field: 'body',
      code: 'required',
    });
    app.call('notes.delete', { id: note.id });
    expect(app.call('notes.list', { recordType: 'customer', recordId: customerId })).toEqual([]);
    const log = app.db.sqlite.prepare("SELECT count(*) AS n FROM change_log WHERE table_name = 'notes'").get() as {
      n: number;
    };
    expect(log.n).toBe(3);
  });
});

describe('global search', () => {
  it('finds customers by phone digits, activities by subject and notes by body, grouped', () => {
    const ali = app.call('customers.create', {
      kind: 'person',
      name: 'علی رضایی',
      phones: [{ number: '09121234567' }],
    });
    app.call('activities.create', activity({ customerId: ali.id, subject: 'پیگیری سفارش میز' }));
    app.call('notes.create', { recordType: 'customer', recordId: ali.id, body: 'سفارش میز ناهارخوری' });
    const byPhone = app.call('search.global', { query: '۴۵۶۷' });
    expect(byPhone.people.map((p) => p.name)).toEqual(['علی رضایی']);
    const byWord = app.call('search.global', { query: 'سفارش' });
    expect(byWord.activities.map((a) => [a.subject, a.customerName])).toEqual([['پیگیری سفارش میز', 'علی رضایی']]);
    expect(byWord.notes.map((n) => n.customerName)).toEqual(['علی رضایی']);
    expect(app.call('search.global', { query: 'علي رضائي' }).people).toHaveLength(1);
    expect(app.call('search.global', { query: 'Aria' }).organizations.map((o) => o.name)).toEqual(['Aria Trading']);
    expect(app.call('search.global', { query: '  ' })).toMatchObject({ people: [], activities: [] });
  });

  it('leaves deleted activities and notes out', () => {
    const a = app.call('activities.create', activity({ subject: 'Quarterly review' }));
    app.call('activities.delete', { id: a.id });
    expect(app.call('search.global', { query: 'quarterly' }).activities).toEqual([]);
    app.call('activities.restore', { id: a.id });
    expect(app.call('search.global', { query: 'quarterly' }).activities).toHaveLength(1);
  });
});

describe('trash', () => {
  it('lists deleted activities and notes with their customer, and each restores through its own method', () => {
    const call = app.call('activities.create', activity({ subject: 'Call back' }));
    const note = app.call('notes.create', { recordType: 'customer', recordId: customerId, body: 'Line one\nLine two' });
    app.call('activities.delete', { id: call.id });
    app.call('notes.delete', { id: note.id });
    const items = app.call('trash.list', {});
    expect(items.map((i) => [i.recordType, i.name, i.kind, i.customerId])).toEqual(
      expect.arrayContaining([
        ['activity', 'Call back', 'call', customerId],
        ['note', 'Line one Line two', 'note', customerId],
      ]),
    );
    app.call('notes.restore', { id: note.id });
    app.call('activities.restore', { id: call.id });
    expect(app.call('trash.list', {})).toEqual([]);
  });
});
