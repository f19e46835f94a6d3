/**
 * Demo and benchmark activities and notes for the customers already in the database: calls,
 * e-mails, meetings, letters and tasks in Persian or English (following the customer's name),
 * about 70% done in the past, some cancelled, some planned over the coming weeks, some overdue,
 * undated tasks, reminders (a few already due), a few repeating tasks shaped exactly like the
 * ones the app creates, and people of an organization named on some of its activities.
 *
 * Busy customers get more: organizations and long-standing customers weigh more, with a long
 * tail. One customer can be given exactly N activities (the "customer with 10,000 activities").
 * Records are generated in order of creation, so activities of different customers interleave
 * in the table as they would after years of use, and inserted through the one write path,
 * `batchSize` per transaction. The same seed over the same customers gives the same records
 * (ids aside).
 */
import { v7 as uuidv7 } from 'uuid';
import type { ActivityType, Recurrence } from '../../shared/activities/activity.schema';
import { addDays, localDateOf, zonedTimeToUtc, type LocalDate } from '../../shared/calendar/calendar';
import { bulkWrite, insertRecord, type Writer } from '../sync/mutate';
import type { Fields } from '../sync/tables';
import { ACTIVITY_DESCRIPTIONS, NOTE_BODIES, OUTCOMES, RECURRING_TASKS, SUBJECTS, type Texts } from './activity.data';
import { Random } from './random';

export const SEED_TIME_ZONE = 'Asia/Tehran';

export interface FocusOption {
  /** The customer to give exactly `count` records; default: the organization with most people. */
  customerId?: string;
  count: number;
}

export interface RecordSeedOptions {
  /** Average records per customer (the total is rounded). Ignored when `total` is given. */
  perCustomer?: number;
  /** Exact number of records, the focus customer's included. */
  total?: number;
  /** PRNG seed; the same seed over the same customers gives the same records. Default 1. */
  seed?: number;
  /** Records per transaction. Default 1000. */
  batchSize?: number;
  /** "Now" for past, overdue and upcoming (ms since epoch). Default now. */
  now?: number;
  /** One customer with exactly this many records (within `total`). */
  focus?: FocusOption;
}

export interface ActivitySeedResult {
  activities: number;
  done: number;
  cancelled: number;
  /** Planned, due later (all-day tasks due today included). */
  upcoming: number;
  /** Planned and due before now. */
  overdue: number;
  /** Planned tasks without a due date. */
  undated: number;
  withReminder: number;
  /** Reminders of planned activities that are due (remind_at ≤ now, not dismissed). */
  remindersDue: number;
  recurring: number;
  withPerson: number;
  /** The focus customer, when one was asked for. */
  focusCustomerId: string | null;
}

export interface NoteSeedResult {
  notes: number;
  focusCustomerId: string | null;
}

interface SeedTarget {
  id: string;
  organization: boolean;
  english: boolean;
  createdMs: number;
  /** Live people whose organization is this customer. */
  people: string[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What happens to an activity; decided first, as it decides its dates. */
const Fate = { Done: 0, Cancelled: 1, Upcoming: 2, Overdue: 3, Undated: 4 } as const;
type Fate = (typeof Fate)[keyof typeof Fate];
const FATES: readonly (readonly [Fate, number])[] = [
  [Fate.Done, 70],
  [Fate.Cancelled, 7],
  [Fate.Upcoming, 17],
  [Fate.Overdue, 3],
  [Fate.Undated, 3],
];
const TYPES: readonly (readonly [ActivityType, number])[] = [
  ['call', 40],
  ['task', 20],
  ['email', 18],
  ['meeting', 15],
  ['letter', 7],
];
const DURATIONS: Record<ActivityType, readonly number[]> = {
  call: [5, 10, 15, 20, 30],
  meeting: [30, 45, 60, 90, 120],
  email: [],
  letter: [],
  task: [],
};
const REMINDER_LEADS = [10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, DAY] as const;

function readTargets(writer: Writer): SeedTarget[] {
  const rows = writer.db
    .prepare(
      `SELECT id, kind, name, organization_id, created_at FROM customers
       WHERE deleted_at IS NULL AND merged_into_id IS NULL ORDER BY seq`,
    )
    .all() as { id: string; kind: string; name: string; organization_id: string | null; created_at: string }[];
  const targets = rows.map((r): SeedTarget => ({
    id: r.id,
    organization: r.kind === 'organization',
    english: /^[A-Za-z]/.test(r.name),
    createdMs: Date.parse(r.created_at),
    people: [],
  }));
  const byId = new Map(targets.map((t) => [t.id, t]));
  for (const r of rows) {
    if (r.kind === 'person' && r.organization_id) byId.get(r.organization_id)?.people.push(r.id);
  }
  return targets;
}

function focusIndex(targets: readonly SeedTarget[], focus: FocusOption | undefined): number {
  if (!focus) return -1;
  if (!Number.isInteger(focus.count) || focus.count < 0) throw new Error('focus.count must be an integer ≥ 0');
  if (focus.customerId !== undefined) {
    const index = targets.findIndex((t) => t.id === focus.customerId);
    if (index < 0) throw new Error(`focus customer ${focus.customerId} is not a live customer`);
    return index;
  }
  let best = -1;
  targets.forEach((t, i) => {
    if (t.organization && (best < 0 || t.people.length > (targets[best]?.people.length ?? 0))) best = i;
  });
  return best >= 0 ? best : 0;
}

/**
 * How many records each customer gets: exactly `total` in all, the focus customer exactly its
 * count, the rest by weight (organizations ×3, older customers more, a long tail of busy ones).
 */
function allocate(
  rng: Random,
  targets: readonly SeedTarget[],
  total: number,
  focus: number,
  focusCount: number,
  now: number,
): Uint32Array {
  const counts = new Uint32Array(targets.length);
  if (targets.length === 0) {
    if (total > 0) throw new Error('no customers to attach records to; seed customers first');
    return counts;
  }
  const rest = total - (focus >= 0 ? focusCount : 0);
  if (rest < 0) throw new Error(`focus.count ${focusCount} is more than the total ${total}`);
  const weights = new Float64Array(targets.length);
  let sum = 0;
  targets.forEach((t, i) => {
    if (i === focus) return;
    const age = Math.min(1, Math.max(0.05, (now - t.createdMs) / (3 * 365 * DAY)));
    const w = (t.organization ? 3 : 1) * age * (1 / (0.05 + rng.next()));
    weights[i] = w;
    sum += w;
  });
  if (sum === 0 && rest > 0) throw new Error('no customers besides the focus customer to attach records to');
  // Systematic rounding of the cumulative share: the counts add up to `rest` exactly.
  let cumulative = 0;
  let given = 0;
  for (let i = 0; i < targets.length; i++) {
    cumulative += weights[i] ?? 0;
    const upTo = sum === 0 ? 0 : Math.floor((cumulative / sum) * rest + 1e-9);
    counts[i] = Math.max(0, Math.min(rest, upTo) - given);
    given += counts[i] ?? 0;
  }
  if (given < rest) {
    const last = targets.length - 1 === focus ? targets.length - 2 : targets.length - 1;
    counts[last] = (counts[last] ?? 0) + rest - given;
  }
  if (focus >= 0) counts[focus] = focusCount;
  return counts;
}

function totalOf(options: RecordSeedOptions, customers: number): number {
  const total = options.total ?? Math.round((options.perCustomer ?? 0) * customers);
  if (!Number.isInteger(total) || total < 0) throw new Error('total must be an integer ≥ 0');
  return total;
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
}

const text = (rng: Random, texts: Texts, english: boolean): string =>
  rng.pick(english !== rng.chance(0.1) ? texts.en : texts.fa);

/** Local days in the shop's time zone, with their midnights cached (a few thousand at most). */
class LocalDays {
  private readonly today: LocalDate;
  private readonly midnights = new Map<number, number>();

  constructor(now: number) {
    this.today = localDateOf(new Date(now).toISOString(), SEED_TIME_ZONE);
  }

  /** UTC ms of local midnight `offset` days from today. */
  midnight(offset: number): number {
    let ms = this.midnights.get(offset);
    if (ms === undefined) {
      ms = Date.parse(zonedTimeToUtc(addDays(this.today, offset), '00:00', SEED_TIME_ZONE));
      this.midnights.set(offset, ms);
    }
    return ms;
  }

  /** The local day (as an offset from today) containing `ms`. */
  dayOf(ms: number): number {
    let offset = Math.floor((ms - this.midnight(0)) / DAY);
    while (this.midnight(offset) > ms) offset--;
    while (this.midnight(offset + 1) <= ms) offset++;
    return offset;
  }

  date(offset: number): LocalDate {
    return addDays(this.today, offset);
  }
}

/** The plan of one record: whose it is and when it was created (the insertion order). */
interface Plan {
  customer: Uint32Array;
  fate: Uint8Array;
  /** When it happens or is due (ms); NaN for undated tasks. */
  at: Float64Array;
  created: Float64Array;
  order: Uint32Array;
}

function orderByCreation(plan: Omit<Plan, 'order'>): Uint32Array {
  const order = new Uint32Array(plan.created.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (plan.created[a] ?? 0) - (plan.created[b] ?? 0) || a - b);
  return order;
}

/** A business-hours instant on the local day containing `ms`, 08:30–19:00. */
function businessTime(rng: Random, days: LocalDays, ms: number): number {
  return days.midnight(days.dayOf(ms)) + (8 * 60 + 30 + rng.int(0, 21) * 30) * MINUTE;
}

function planActivities(
  rng: Random,
  targets: readonly SeedTarget[],
  counts: Uint32Array,
  now: number,
  days: LocalDays,
): Plan {
  const total = counts.reduce((s, c) => s + c, 0);
  const customer = new Uint32Array(total);
  const fate = new Uint8Array(total);
  const at = new Float64Array(total);
  const created = new Float64Array(total);
  let n = 0;
  targets.forEach((t, ci) => {
    const start = Math.min(t.createdMs, now - HOUR);
    for (let k = 0; k < (counts[ci] ?? 0); k++, n++) {
      customer[n] = ci;
      const f = rng.weighted(FATES);
      fate[n] = f;
      let when: number;
      let made: number;
      switch (f) {
        case Fate.Done:
        case Fate.Cancelled: {
          when = businessTime(rng, days, start + rng.next() * (now - start));
          if (when >= now) when -= DAY;
          // Logged after the fact, or planned some days ahead.
          made = rng.chance(0.6) ? when + rng.int(1, 120) * MINUTE : when - rng.int(0, 14 * 24) * HOUR;
          break;
        }
        case Fate.Upcoming: {
          when = businessTime(rng, days, now + rng.next() * 42 * DAY);
          if (when <= now) when += DAY;
          made = now - rng.next() * 20 * DAY;
          break;
        }
        case Fate.Overdue: {
          // Mostly days late, a few forgotten for months.
          const late = rng.chance(0.8) ? rng.next() * 14 * DAY : rng.next() * 120 * DAY;
          when = businessTime(rng, days, now - HOUR - late);
          if (when >= now) when -= DAY;
          made = when - rng.int(1, 14 * 24) * HOUR;
          break;
        }
        default: {
          when = Number.NaN;
          made = now - rng.next() * 90 * DAY;
        }
      }
      at[n] = when;
      created[n] = Math.min(now, Math.max(t.createdMs, made));
    }
  });
  const plan = { customer, fate, at, created };
  return { ...plan, order: orderByCreation(plan) };
}

const iso = (ms: number): string => new Date(ms).toISOString();

class ActivityWriter {
  readonly result: ActivitySeedResult;

  constructor(
    private readonly rng: Random,
    private readonly days: LocalDays,
    private readonly now: number,
    private readonly ownerId: string,
    focusCustomerId: string | null,
  ) {
    this.result = {
      activities: 0,
      done: 0,
      cancelled: 0,
      upcoming: 0,
      overdue: 0,
      undated: 0,
      withReminder: 0,
      remindersDue: 0,
      recurring: 0,
      withPerson: 0,
      focusCustomerId,
    };
  }

  fields(id: string, target: SeedTarget, fate: Fate, at: number, created: number): Fields {
    const { rng, now } = this;
    const type: ActivityType = fate === Fate.Undated ? 'task' : rng.weighted(TYPES);
    const recurring =
      type === 'task' && (fate === Fate.Upcoming || fate === Fate.Overdue) && rng.chance(0.06)
        ? rng.pick(RECURRING_TASKS)
        : null;
    const allDay = type === 'task' && fate !== Fate.Undated && (recurring !== null || rng.chance(0.5));
    // An all-day task is due from its local midnight; an overdue one is due yesterday at the latest.
    const dueMs = allDay
      ? this.days.midnight(Math.min(this.days.dayOf(at), fate === Fate.Overdue ? -1 : Number.POSITIVE_INFINITY))
      : at;
    const dueAt = Number.isNaN(dueMs) ? null : iso(dueMs);
    const planned = fate === Fate.Upcoming || fate === Fate.Overdue || fate === Fate.Undated;
    const durations = DURATIONS[type];
    const subject = recurring ? recurring[target.english ? 1 : 0] : text(rng, SUBJECTS[type], target.english);

    let completedAt: string | null = null;
    if (fate === Fate.Done) {
      const finished = type === 'task' ? at + rng.int(0, 72) * HOUR : at + (durations.length ? 30 : 5) * MINUTE;
      completedAt = iso(Math.min(now, Math.max(created, finished)));
    }

    let remindAt: string | null = null;
    let dismissedAt: string | null = null;
    if (dueAt !== null && rng.chance(planned ? 0.35 : 0.1)) {
      remindAt = iso(dueMs - (allDay ? rng.pick([0, DAY, 2 * DAY]) : rng.pick(REMINDER_LEADS)));
      // Past reminders were mostly seen; a few of the overdue ones still ring.
      const rang = Date.parse(remindAt) <= now;
      if (rang && (fate === Fate.Done || fate === Fate.Cancelled || rng.chance(0.7)))
        dismissedAt = iso(Math.min(now, Date.parse(remindAt) + rng.int(1, 60) * MINUTE));
    }

    let recurrence: Recurrence | null = null;
    let calendar: 'jalali' | 'gregorian' | null = null;
    let seriesStart: string | null = null;
    if (recurring && dueAt) {
      recurrence = recurring[2];
      calendar = target.english && rng.chance(0.7) ? 'gregorian' : 'jalali';
      seriesStart = localDateOf(dueAt, SEED_TIME_ZONE);
    }

    const personId =
      target.organization && target.people.length > 0 && rng.chance(0.4) ? rng.pick(target.people) : null;

    const r = this.result;
    r.activities++;
    if (fate === Fate.Done) r.done++;
    else if (fate === Fate.Cancelled) r.cancelled++;
    else if (fate === Fate.Upcoming) r.upcoming++;
    else if (fate === Fate.Overdue) r.overdue++;
    else r.undated++;
    if (remindAt) r.withReminder++;
    if (remindAt && planned && !dismissedAt && Date.parse(remindAt) <= now) r.remindersDue++;
    if (recurrence) r.recurring++;
    if (personId) r.withPerson++;

    return {
      type,
      subject,
      description: rng.chance(0.35) ? text(rng, ACTIVITY_DESCRIPTIONS, target.english) : '',
      record_type: 'customer',
      record_id: target.id,
      customer_id: target.id,
      person_id: personId,
      due_at: dueAt,
      all_day: allDay ? 1 : 0,
      duration_minutes: durations.length ? rng.pick(durations) : null,
      status: fate === Fate.Done ? 'done' : fate === Fate.Cancelled ? 'cancelled' : 'planned',
      completed_at: completedAt,
      outcome: fate === Fate.Done && rng.chance(0.7) ? text(rng, OUTCOMES, target.english) : '',
      remind_at: remindAt,
      reminder_dismissed_at: dismissedAt,
      recurrence,
      recurrence_calendar: calendar,
      series_id: recurrence ? id : null,
      series_start: seriesStart,
      series_index: recurrence ? 0 : null,
      time_zone: SEED_TIME_ZONE,
      owner_id: this.ownerId,
      created_at: iso(created),
    };
  }
}

function insertPlanned(
  writer: Writer,
  table: 'activities' | 'notes',
  order: Uint32Array,
  batchSize: number,
  make: (index: number, id: string) => Fields,
): void {
  for (let start = 0; start < order.length; start += batchSize) {
    const end = Math.min(order.length, start + batchSize);
    writer.db.transaction(() =>
      bulkWrite(writer, () => {
        for (let k = start; k < end; k++) {
          const id = uuidv7();
          insertRecord(writer, table, id, make(order[k] ?? 0, id));
        }
      }),
    );
  }
}

/**
 * Seeds activities for the live customers in the database (seed customers first). Give either
 * `perCustomer` or `total`; `focus` gives one customer exactly N of them.
 */
export function seedActivities(writer: Writer, options: RecordSeedOptions): ActivitySeedResult {
  const batchSize = options.batchSize ?? 1000;
  checkBatchSize(batchSize);
  const now = options.now ?? Date.now();
  const rng = new Random(options.seed ?? 1);
  const targets = readTargets(writer);
  const focus = focusIndex(targets, options.focus);
  const counts = allocate(rng, targets, totalOf(options, targets.length), focus, options.focus?.count ?? 0, now);
  const days = new LocalDays(now);
  const plan = planActivities(rng, targets, counts, now, days);
  const out = new ActivityWriter(rng, days, now, writer.userId, focus >= 0 ? (targets[focus]?.id ?? null) : null);
  insertPlanned(writer, 'activities', plan.order, batchSize, (i, id) => {
    const target = targets[plan.customer[i] ?? 0];
    if (!target) throw new Error('planned activity without a customer');
    return out.fields(
      id,
      target,
      (plan.fate[i] ?? Fate.Done) as Fate,
      plan.at[i] ?? Number.NaN,
      plan.created[i] ?? now,
    );
  });
  return out.result;
}

/** Seeds notes for the live customers in the database, created between the customer's creation and now. */
export function seedNotes(writer: Writer, options: RecordSeedOptions): NoteSeedResult {
  const batchSize = options.batchSize ?? 1000;
  checkBatchSize(batchSize);
  const now = options.now ?? Date.now();
  const rng = new Random(options.seed ?? 1);
  const targets = readTargets(writer);
  const focus = focusIndex(targets, options.focus);
  const counts = allocate(rng, targets, totalOf(options, targets.length), focus, options.focus?.count ?? 0, now);
  const total = counts.reduce((s, c) => s + c, 0);
  const customer = new Uint32Array(total);
  const created = new Float64Array(total);
  let n = 0;
  targets.forEach((t, ci) => {
    const start = Math.min(t.createdMs, now);
    for (let k = 0; k < (counts[ci] ?? 0); k++, n++) {
      customer[n] = ci;
      created[n] = Math.floor(start + rng.next() * (now - start));
    }
  });
  const order = orderByCreation({ customer, created, fate: new Uint8Array(0), at: new Float64Array(0) });
  insertPlanned(writer, 'notes', order, batchSize, (i) => {
    const target = targets[customer[i] ?? 0];
    if (!target) throw new Error('planned note without a customer');
    const body = text(rng, NOTE_BODIES, target.english);
    return {
      record_type: 'customer',
      record_id: target.id,
      customer_id: target.id,
      // Now and then two facts in one note.
      body: rng.chance(0.2) ? `${body}\n${text(rng, NOTE_BODIES, target.english)}` : body,
      owner_id: writer.userId,
      created_at: iso(created[i] ?? now),
    };
  });
  return { notes: total, focusCustomerId: focus >= 0 ? (targets[focus]?.id ?? null) : null };
}
