import { afterEach, describe, expect, it } from 'vitest';
import { localDateOf } from '../../shared/calendar/calendar';
import { seedActivities, seedNotes, SEED_TIME_ZONE } from '../../main/seed/activity.seed';
import { seedCustomers } from '../../main/seed/customer.seed';
import { openTestApp, type TestApp } from '../helpers/temp-app';

interface ActivityRow {
  id: string;
  type: string;
  subject: string;
  description: string;
  record_type: string;
  record_id: string;
  customer_id: string;
  person_id: string | null;
  due_at: string | null;
  all_day: number;
  duration_minutes: number | null;
  status: string;
  completed_at: string | null;
  outcome: string;
  remind_at: string | null;
  reminder_dismissed_at: string | null;
  recurrence: string | null;
  recurrence_calendar: string | null;
  series_id: string | null;
  series_start: string | null;
  series_index: number | null;
  time_zone: string | null;
  owner_id: string;
  created_at: string;
  deleted_at: string | null;
}

interface NoteRow {
  id: string;
  record_type: string;
  record_id: string;
  customer_id: string;
  body: string;
  owner_id: string;
  created_at: string;
}

interface CustomerRow {
  id: string;
  kind: string;
  name: string;
  organization_id: string | null;
  created_at: string;
}

const NOW = Date.parse('2026-03-20T08:30:00.000Z');
const CUSTOMERS = 400;
const opened: TestApp[] = [];

afterEach(() => {
  for (const app of opened.splice(0)) app.dispose();
});

function seededApp(customerSeed = 3): TestApp {
  const app = openTestApp({ wallClock: () => NOW });
  opened.push(app);
  seedCustomers(app.writer, CUSTOMERS, { seed: customerSeed, now: NOW });
  return app;
}

const activities = (app: TestApp): ActivityRow[] =>
  app.db.sqlite.prepare('SELECT * FROM activities ORDER BY seq').all() as ActivityRow[];
const notes = (app: TestApp): NoteRow[] => app.db.sqlite.prepare('SELECT * FROM notes ORDER BY seq').all() as NoteRow[];
const customers = (app: TestApp): Map<string, CustomerRow> =>
  new Map(
    (
      app.db.sqlite.prepare('SELECT id, kind, name, organization_id, created_at FROM customers').all() as CustomerRow[]
    ).map((c) => [c.id, c]),
  );

/** What a seed decides, with customer links by name instead of by (fresh) id. */
function content(app: TestApp): unknown[] {
  const byId = customers(app);
  const name = (id: string | null) => (id ? byId.get(id)?.name : null);
  return [
    ...activities(app).map(({ id, record_id, customer_id, person_id, series_id, ...rest }) => ({
      ...rest,
      record: name(record_id),
      customer: name(customer_id),
      person: name(person_id),
      ownSeries: series_id === null ? null : series_id === id,
    })),
    ...notes(app).map(({ id: _id, record_id, customer_id, ...rest }) => ({
      ...rest,
      record: name(record_id),
      customer: name(customer_id),
    })),
  ];
}

describe('seedActivities', () => {
  it('inserts exactly the requested total, in batches, with a realistic mix', () => {
    const app = seededApp();
    const result = seedActivities(app.writer, { total: 3000, seed: 7, batchSize: 250, now: NOW });
    const rows = activities(app);
    expect(rows).toHaveLength(3000);
    expect(result.activities).toBe(3000);
    expect(result.done + result.cancelled + result.upcoming + result.overdue + result.undated).toBe(3000);

    const share = (predicate: (r: ActivityRow) => boolean) => rows.filter(predicate).length / rows.length;
    expect(share((r) => r.status === 'done')).toBeGreaterThan(0.65);
    expect(share((r) => r.status === 'done')).toBeLessThan(0.75);
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['call', 'email', 'meeting', 'letter', 'task']));
    for (const r of rows) {
      if (r.status === 'done') {
        expect(r.completed_at).not.toBeNull();
        expect(Date.parse(r.completed_at ?? '')).toBeLessThanOrEqual(NOW);
        expect(Date.parse(r.due_at ?? '')).toBeLessThan(NOW);
      } else expect(r.completed_at).toBeNull();
      expect(Date.parse(r.created_at)).toBeLessThanOrEqual(NOW);
      expect(r.time_zone).toBe(SEED_TIME_ZONE);
      expect([0, 1]).toContain(r.all_day);
      if (r.due_at === null) expect(r.type).toBe('task');
    }
    const planned = rows.filter((r) => r.status === 'planned' && r.due_at !== null);
    // An all-day task due today is due from local midnight: upcoming, not overdue.
    const today = localDateOf(new Date(NOW).toISOString(), SEED_TIME_ZONE);
    const upcoming = (r: ActivityRow) =>
      Date.parse(r.due_at ?? '') > NOW || (r.all_day === 1 && localDateOf(r.due_at ?? '', SEED_TIME_ZONE) === today);
    expect(planned.filter(upcoming)).toHaveLength(result.upcoming);
    expect(planned.filter((r) => !upcoming(r))).toHaveLength(result.overdue);
    expect(result.upcoming).toBeGreaterThan(300);
    expect(result.overdue).toBeGreaterThan(30);
    expect(result.undated).toBeGreaterThan(30);
    // Upcoming within the next six weeks.
    for (const r of planned) expect(Date.parse(r.due_at ?? '')).toBeLessThan(NOW + 44 * 24 * 3600 * 1000);

    const ringing = rows.filter(
      (r) =>
        r.status === 'planned' &&
        r.remind_at !== null &&
        r.reminder_dismissed_at === null &&
        Date.parse(r.remind_at) <= NOW,
    );
    expect(ringing.length).toBe(result.remindersDue);
    expect(result.remindersDue).toBeGreaterThan(0);
    expect(result.withReminder).toBeGreaterThan(result.remindersDue);

    expect(rows.some((r) => /[\u0600-\u06ff]/.test(r.subject))).toBe(true);
    expect(rows.some((r) => /^[A-Za-z]/.test(r.subject))).toBe(true);
    expect(rows.some((r) => r.outcome !== '')).toBe(true);
    expect(rows.some((r) => r.description !== '')).toBe(true);
  });

  it('shapes repeating tasks like the app does: own series, local start date, index 0', () => {
    const app = seededApp();
    const result = seedActivities(app.writer, { total: 6000, seed: 11, now: NOW });
    const recurring = activities(app).filter((r) => r.recurrence !== null);
    expect(recurring.length).toBe(result.recurring);
    expect(recurring.length).toBeGreaterThan(5);
    for (const r of recurring) {
      expect(r.type).toBe('task');
      expect(r.status).toBe('planned');
      expect(r.series_id).toBe(r.id);
      expect(r.series_index).toBe(0);
      expect(r.series_start).toBe(localDateOf(r.due_at ?? '', SEED_TIME_ZONE));
      expect(['jalali', 'gregorian']).toContain(r.recurrence_calendar);
    }
    for (const r of activities(app).filter((a) => a.recurrence === null)) {
      expect(r.series_id).toBeNull();
      expect(r.series_start).toBeNull();
      expect(r.series_index).toBeNull();
      expect(r.recurrence_calendar).toBeNull();
    }
  });

  it('links every activity to a live customer, and people only to their own organization', () => {
    const app = seededApp();
    const result = seedActivities(app.writer, { perCustomer: 5, seed: 5, now: NOW });
    const byId = customers(app);
    const rows = activities(app);
    expect(rows).toHaveLength(CUSTOMERS * 5);
    for (const r of rows) {
      const customer = byId.get(r.customer_id);
      expect(customer).toBeDefined();
      expect(r.record_type).toBe('customer');
      expect(r.record_id).toBe(r.customer_id);
      expect(r.owner_id).toBe(app.writer.userId);
      expect(Date.parse(r.created_at)).toBeGreaterThanOrEqual(Date.parse(customer?.created_at ?? ''));
      if (r.person_id !== null) {
        const person = byId.get(r.person_id);
        expect(customer?.kind).toBe('organization');
        expect(person?.kind).toBe('person');
        expect(person?.organization_id).toBe(r.customer_id);
      }
    }
    expect(result.withPerson).toBeGreaterThan(0);
    expect(rows.filter((r) => r.person_id !== null)).toHaveLength(result.withPerson);
    // Spread over many customers, organizations busier than people.
    const perCustomer = new Map<string, number>();
    for (const r of rows) perCustomer.set(r.customer_id, (perCustomer.get(r.customer_id) ?? 0) + 1);
    expect(perCustomer.size).toBeGreaterThan(CUSTOMERS * 0.6);
  });

  it('gives one customer exactly N activities within the total', () => {
    const app = seededApp();
    const result = seedActivities(app.writer, { total: 2500, seed: 2, now: NOW, focus: { count: 1000 } });
    const focus = result.focusCustomerId ?? '';
    expect(customers(app).get(focus)?.kind).toBe('organization');
    const count = (id: string) =>
      (app.db.sqlite.prepare('SELECT count(*) AS n FROM activities WHERE customer_id = ?').get(id) as { n: number }).n;
    expect(count(focus)).toBe(1000);
    expect(activities(app)).toHaveLength(2500);

    const other = [...customers(app).values()].find((c) => c.kind === 'person' && c.id !== focus)?.id ?? '';
    const again = seedActivities(app.writer, { total: 10, seed: 2, now: NOW, focus: { customerId: other, count: 10 } });
    expect(again.focusCustomerId).toBe(other);
    expect(count(other)).toBeGreaterThanOrEqual(10);
    expect(() => seedActivities(app.writer, { total: 5, now: NOW, focus: { count: 6 } })).toThrow(
      /more than the total/,
    );
  });

  it('is deterministic for a seed (ids aside) and differs between seeds', () => {
    const a = seededApp(3);
    const b = seededApp(3);
    const c = seededApp(3);
    for (const [app, seed, batchSize] of [
      [a, 9, 1000],
      [b, 9, 37],
      [c, 10, 1000],
    ] as const) {
      seedActivities(app.writer, { total: 1200, seed, batchSize, now: NOW, focus: { count: 100 } });
      seedNotes(app.writer, { perCustomer: 0.5, seed, batchSize, now: NOW });
    }
    expect(content(a)).toEqual(content(b));
    expect(content(a)).not.toEqual(content(c));
  });

  it('writes one change record and one clock row per activity and note', () => {
    const app = seededApp();
    seedActivities(app.writer, { total: 800, seed: 4, now: NOW });
    seedNotes(app.writer, { total: 300, seed: 4, now: NOW });
    for (const table of ['activities', 'notes']) {
      const perRow = app.db.sqlite
        .prepare(
          `SELECT (SELECT count(*) FROM change_log l WHERE l.table_name = ? AND l.row_id = t.id) AS changes,
                  (SELECT count(*) FROM record_clocks k WHERE k.table_name = ? AND k.row_id = t.id) AS clocks
           FROM ${table} t`,
        )
        .all(table, table) as { changes: number; clocks: number }[];
      expect(perRow).toHaveLength(table === 'activities' ? 800 : 300);
      expect(perRow.every((r) => r.changes === 1 && r.clocks === 1)).toBe(true);
      const logged = app.db.sqlite.prepare('SELECT count(*) AS n FROM change_log WHERE table_name = ?').get(table) as {
        n: number;
      };
      expect(logged.n).toBe(perRow.length);
    }
  });

  it('interleaves customers in order of creation, as years of use would', () => {
    const app = seededApp();
    seedActivities(app.writer, { total: 2000, seed: 8, now: NOW });
    const rows = activities(app);
    const created = rows.map((r) => r.created_at);
    expect(created).toEqual([...created].sort());
    let switches = 0;
    for (let i = 1; i < rows.length; i++) if (rows[i]?.customer_id !== rows[i - 1]?.customer_id) switches++;
    expect(switches).toBeGreaterThan(rows.length * 0.9);
  });
});

describe('seedNotes', () => {
  it('inserts notes in Persian and English on live customers, created after the customer', () => {
    const app = seededApp();
    const result = seedNotes(app.writer, { total: 600, seed: 6, now: NOW, focus: { count: 50 } });
    const rows = notes(app);
    const byId = customers(app);
    expect(rows).toHaveLength(600);
    expect(result.notes).toBe(600);
    expect(rows.filter((n) => n.customer_id === result.focusCustomerId)).toHaveLength(50);
    for (const n of rows) {
      const customer = byId.get(n.customer_id);
      expect(customer).toBeDefined();
      expect(n.record_type).toBe('customer');
      expect(n.record_id).toBe(n.customer_id);
      expect(n.body.trim()).not.toBe('');
      expect(Date.parse(n.created_at)).toBeGreaterThanOrEqual(Date.parse(customer?.created_at ?? ''));
      expect(Date.parse(n.created_at)).toBeLessThanOrEqual(NOW);
    }
    expect(rows.some((n) => /[\u0600-\u06ff]/.test(n.body))).toBe(true);
    expect(rows.some((n) => /^[A-Za-z]/.test(n.body))).toBe(true);
  });
});
