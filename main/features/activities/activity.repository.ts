/** Reads of activities, with the names of the customer and person they belong to. */
import { sql, type Db } from '../../../db/database';
import type { ActivityRow } from '../../../db/schema';
import type { Activity, ActivityListQuery, ActivityListResult } from '../../../shared/activities/activity.schema';
import { activityListQuerySchema } from '../../../shared/activities/activity.schema';
import { keysetBefore, type KeysetBefore } from '../timeline/keyset';

type ActivityWithNames = ActivityRow & { customer_name: string | null; person_name: string | null };

export function toActivity(row: ActivityWithNames): Activity {
  return {
    id: row.id,
    type: row.type,
    subject: row.subject,
    description: row.description,
    customerId: row.customer_id,
    customerName: row.customer_name ?? '',
    personId: row.person_id,
    personName: row.person_name,
    dueAt: row.due_at,
    allDay: row.all_day === 1,
    durationMinutes: row.duration_minutes,
    status: row.status,
    completedAt: row.completed_at,
    outcome: row.outcome,
    remindAt: row.remind_at,
    reminderDismissedAt: row.reminder_dismissed_at,
    recurrence: row.recurrence,
    recurrenceCalendar: row.recurrence_calendar,
    seriesId: row.series_id,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

/** Activities joined with their customer's and person's names; callers add filters. */
export function activitiesWithNames() {
  return sql
    .selectFrom('activities as a')
    .leftJoin('customers as c', 'c.id', 'a.customer_id')
    .leftJoin('customers as p', 'p.id', 'a.person_id')
    .selectAll('a')
    .select(['c.name as customer_name', 'p.name as person_name']);
}

export function findActivity(db: Db, id: string): Activity | null {
  const row = db.first(activitiesWithNames().where('a.id', '=', id));
  return row ? toActivity(row) : null;
}

export function findActivityRow(db: Db, id: string): ActivityRow | undefined {
  return db.first(sql.selectFrom('activities').selectAll().where('id', '=', id));
}

export function listActivities(db: Db, input: ActivityListQuery): ActivityListResult {
  const q = activityListQuerySchema.parse(input);
  let base = activitiesWithNames().where('a.deleted_at', 'is', null);
  if (q.customerId) {
    const id = q.customerId;
    base = base.where((eb) => eb.or([eb('a.customer_id', '=', id), eb('a.person_id', '=', id)]));
  }
  if (q.status) base = base.where('a.status', '=', q.status);
  if (q.type) base = base.where('a.type', '=', q.type);
  if (q.from) base = base.where('a.due_at', '>=', q.from);
  if (q.to) base = base.where('a.due_at', '<', q.to);
  const total = db.first(base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const rows = db.all(base.orderBy('a.due_at').orderBy('a.seq').limit(q.limit).offset(q.offset));
  return { total, rows: rows.map(toActivity) };
}

/**
 * Planned activities due in [from, to), earliest first; with no lower bound (the overdue list),
 * the most recently due first, so a long backlog still shows what slipped this week.
 */
export function plannedBetween(db: Db, from: string | null, to: string, limit: number): Activity[] {
  let query = activitiesWithNames()
    .where('a.deleted_at', 'is', null)
    .where('a.status', '=', 'planned')
    .where('a.due_at', '<', to);
  if (from) query = query.where('a.due_at', '>=', from);
  const direction = from ? 'asc' : 'desc';
  return db.all(query.orderBy('a.due_at', direction).orderBy('a.seq', direction).limit(limit)).map(toActivity);
}

export function doneBetween(db: Db, from: string, to: string, limit: number): Activity[] {
  return db
    .all(
      activitiesWithNames()
        .where('a.deleted_at', 'is', null)
        .where('a.status', '=', 'done')
        .where('a.completed_at', '>=', from)
        .where('a.completed_at', '<', to)
        .orderBy('a.completed_at')
        .limit(limit),
    )
    .map(toActivity);
}

export function dueReminders(db: Db, now: string): Activity[] {
  return db
    .all(
      activitiesWithNames()
        .where('a.deleted_at', 'is', null)
        .where('a.status', '=', 'planned')
        .where('a.remind_at', 'is not', null)
        .where('a.reminder_dismissed_at', 'is', null)
        .where('a.remind_at', '<=', now)
        .orderBy('a.remind_at')
        .limit(200),
    )
    .map(toActivity);
}

/** Activities of a customer (or where they took part as the person), newest first on the timeline. */
export function activitiesForTimeline(
  db: Db,
  customerId: string,
  column: 'customer_id' | 'person_id',
  before: KeysetBefore | null,
  limit: number,
): (Activity & { seq: number; timelineAt: string })[] {
  let query = activitiesWithNames()
    .select(['a.seq', 'a.timeline_at'])
    .where(`a.${column}`, '=', customerId)
    .where('a.deleted_at', 'is', null);
  // An activity with this customer as both customer and person is listed once.
  if (column === 'person_id') query = query.where('a.customer_id', '!=', customerId);
  if (before) query = query.where(keysetBefore('a.timeline_at', 'a.seq', before));
  return db
    .all(query.orderBy('a.timeline_at', 'desc').orderBy('a.seq', 'desc').limit(limit))
    .map((row) => ({ ...toActivity(row), seq: row.seq, timelineAt: row.timeline_at }));
}
