/**
 * Rules for activities: links to a live customer (and a person of it), logging calls and
 * meetings after the fact, completion, rescheduling, and recurring tasks whose next occurrence
 * is computed in the calendar the user works in (a monthly task on 31 Shahrivar is next due on
 * 30 Mehr, and back on the 31st when a month has one).
 */
import { v7 as uuidv7 } from 'uuid';
import type { ActivityRow } from '../../../db/schema';
import type { Activity, ActivityValues, CompleteResult, Recurrence } from '../../../shared/activities/activity.schema';
import {
  addDays,
  addMonths,
  localDateOf,
  localTimeOf,
  toParts,
  zonedTimeToUtc,
  type LocalDate,
} from '../../../shared/calendar/calendar';
import { withChanged } from '../../../shared/changed-fields';
import { AppError, type FieldIssue } from '../../../shared/errors';
import type { Calendar } from '../../../shared/preferences';
import { deleteRecord, insertRecord, restoreRecord, updateRecord, type Writer } from '../../sync/mutate';
import type { Fields } from '../../sync/tables';
import { customerRef } from '../customers/customer.repository';
import { findActivity, findActivityRow } from './activity.repository';

export interface ActivityContext {
  writer: Writer;
  calendar: Calendar;
  timeZone: string;
  now(): number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function checkLinks(ctx: ActivityContext, values: ActivityValues): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const customer = customerRef(ctx.writer.db, values.customerId);
  if (!customer || customer.deleted) issues.push({ field: 'customerId', code: 'unknown_customer' });
  if (values.personId) {
    const person = ctx.writer.db
      .prepare('SELECT kind, organization_id, deleted_at FROM customers WHERE id = ?')
      .get(values.personId) as { kind: string; organization_id: string | null; deleted_at: string | null } | undefined;
    const belongs =
      person && !person.deleted_at && person.kind === 'person' && person.organization_id === values.customerId;
    if (!belongs && values.personId !== values.customerId) issues.push({ field: 'personId', code: 'unknown_person' });
  }
  if (values.recurrence && values.type !== 'task') issues.push({ field: 'recurrence', code: 'recurrence_only_tasks' });
  else if (values.recurrence && !values.dueAt) issues.push({ field: 'recurrence', code: 'recurrence_needs_due_date' });
  return issues;
}

function toFields(ctx: ActivityContext, values: ActivityValues, timeZone: string): Fields {
  return {
    type: values.type,
    subject: values.subject,
    description: values.description,
    record_type: 'customer',
    record_id: values.customerId,
    customer_id: values.customerId,
    person_id: values.personId === values.customerId ? null : values.personId,
    due_at: values.dueAt ? iso(Date.parse(values.dueAt)) : null,
    all_day: values.allDay ? 1 : 0,
    duration_minutes: values.durationMinutes,
    outcome: values.outcome,
    remind_at: values.remindAt ? iso(Date.parse(values.remindAt)) : null,
    recurrence: values.recurrence,
    recurrence_calendar: values.recurrence ? ctx.calendar : null,
    time_zone: timeZone,
  };
}

function mustFind(ctx: ActivityContext, id: string): ActivityRow {
  const row = findActivityRow(ctx.writer.db, id);
  if (!row) throw new AppError('not_found', { params: { id } });
  return row;
}

function result(ctx: ActivityContext, id: string): Activity {
  const activity = findActivity(ctx.writer.db, id);
  if (!activity) throw new AppError('not_found', { params: { id } });
  return activity;
}

export function createActivity(ctx: ActivityContext, values: ActivityValues): Activity {
  const issues = checkLinks(ctx, values);
  if (issues.length) throw AppError.validation(issues);
  const id = uuidv7();
  const timeZone = values.timeZone ?? ctx.timeZone;
  const fields: Fields = {
    ...toFields(ctx, values, timeZone),
    status: values.status,
    completed_at: values.status === 'done' ? iso(ctx.now()) : null,
    owner_id: ctx.writer.userId,
  };
  if (values.recurrence && values.dueAt) {
    fields.series_id = id;
    fields.series_start = localDateOf(values.dueAt, timeZone);
    fields.series_index = 0;
  }
  insertRecord(ctx.writer, 'activities', id, fields);
  return result(ctx, id);
}

/** A stored activity's values, in the shape they are edited in. */
function storedValues(row: ActivityRow, fallbackCustomerId: string): ActivityValues {
  return {
    type: row.type,
    subject: row.subject,
    description: row.description,
    // A customer merged away meanwhile moved the activity to the survivor: that link stands.
    customerId: row.customer_id ?? fallbackCustomerId,
    personId: row.person_id,
    dueAt: row.due_at,
    allDay: row.all_day === 1,
    durationMinutes: row.duration_minutes,
    status: row.status,
    outcome: row.outcome,
    remindAt: row.remind_at,
    recurrence: row.recurrence,
    ...(row.time_zone ? { timeZone: row.time_zone } : {}),
  };
}

/**
 * With `changed`, only those fields come from `edited`; the rest keep what is stored now, which a
 * synced computer or another window may have written since the form opened.
 */
export function updateActivity(
  ctx: ActivityContext,
  id: string,
  edited: ActivityValues,
  changed?: readonly (keyof ActivityValues)[],
): Activity {
  ctx.writer.db.transaction(() => {
    const row = mustFind(ctx, id);
    if (row.deleted_at) throw new AppError('not_found', { params: { id } });
    const values = changed ? withChanged(storedValues(row, edited.customerId), edited, changed) : edited;
    const issues = checkLinks(ctx, values);
    if (issues.length) throw AppError.validation(issues);
    const timeZone = values.timeZone ?? row.time_zone ?? ctx.timeZone;
    const fields: Fields = { ...toFields(ctx, values, timeZone), status: values.status };
    if (values.status === 'done' && row.status !== 'done') fields.completed_at = iso(ctx.now());
    if (values.status !== 'done') fields.completed_at = null;
    if (values.recurrence && !row.series_id && values.dueAt) {
      fields.series_id = id;
      fields.series_start = localDateOf(values.dueAt, timeZone);
      fields.series_index = 0;
    }
    if (values.dueAt !== row.due_at || values.remindAt !== row.remind_at) fields.reminder_dismissed_at = null;
    updateRecord(ctx.writer, 'activities', id, fields);
  });
  return result(ctx, id);
}

/** The local day of occurrence `index` of a series that started on `start`. */
export function occurrenceDate(start: LocalDate, recurrence: Recurrence, index: number, calendar: Calendar): LocalDate {
  const anchorDay = toParts(start, calendar).day;
  switch (recurrence) {
    case 'daily':
      return addDays(start, index);
    case 'weekly':
      return addDays(start, 7 * index);
    case 'monthly':
      return addMonths(start, index, calendar, anchorDay);
    case 'yearly':
      return addMonths(start, 12 * index, calendar, anchorDay);
  }
}

/** Creates the occurrence after `row` in its series; its reminder keeps the same lead time. */
function scheduleNext(ctx: ActivityContext, row: ActivityRow): string | null {
  if (!row.recurrence || !row.series_start || row.series_index === null || !row.due_at) return null;
  const zone = row.time_zone ?? ctx.timeZone;
  const calendar = row.recurrence_calendar ?? 'gregorian';
  const index = row.series_index + 1;
  const day = occurrenceDate(row.series_start, row.recurrence, index, calendar);
  const dueAt = zonedTimeToUtc(day, localTimeOf(row.due_at, zone), zone);
  const lead = row.remind_at ? Date.parse(row.due_at) - Date.parse(row.remind_at) : null;
  const id = uuidv7();
  insertRecord(ctx.writer, 'activities', id, {
    type: row.type,
    subject: row.subject,
    description: row.description,
    record_type: row.record_type,
    record_id: row.record_id,
    customer_id: row.customer_id,
    person_id: row.person_id,
    due_at: dueAt,
    all_day: row.all_day,
    duration_minutes: row.duration_minutes,
    status: 'planned',
    completed_at: null,
    outcome: '',
    remind_at: lead === null ? null : iso(Date.parse(dueAt) - lead),
    reminder_dismissed_at: null,
    recurrence: row.recurrence,
    recurrence_calendar: calendar,
    series_id: row.series_id,
    series_start: row.series_start,
    series_index: index,
    time_zone: zone,
    owner_id: row.owner_id,
  });
  return id;
}

function finish(
  ctx: ActivityContext,
  id: string,
  status: 'done' | 'cancelled',
  outcome: string | undefined,
): CompleteResult {
  const nextId = ctx.writer.db.transaction(() => {
    const row = mustFind(ctx, id);
    if (row.deleted_at) throw new AppError('not_found', { params: { id } });
    if (row.status !== 'planned') throw AppError.validation([{ field: 'id', code: 'not_planned' }]);
    const fields: Fields = { status, completed_at: status === 'done' ? iso(ctx.now()) : null };
    if (outcome !== undefined) fields.outcome = outcome;
    updateRecord(ctx.writer, 'activities', id, fields);
    // A skipped (cancelled) occurrence of a repeating task still leads to the next one.
    return scheduleNext(ctx, row);
  });
  return { activity: result(ctx, id), next: nextId ? result(ctx, nextId) : null };
}

export const completeActivity = (ctx: ActivityContext, id: string, outcome?: string) =>
  finish(ctx, id, 'done', outcome);
export const cancelActivity = (ctx: ActivityContext, id: string) => finish(ctx, id, 'cancelled', undefined);

/** Moves an activity; its reminder moves with it and rings again. */
export function rescheduleActivity(ctx: ActivityContext, id: string, dueAt: string, allDay?: boolean): Activity {
  ctx.writer.db.transaction(() => {
    const row = mustFind(ctx, id);
    if (row.deleted_at) throw new AppError('not_found', { params: { id } });
    const next = iso(Date.parse(dueAt));
    const fields: Fields = { due_at: next, reminder_dismissed_at: null };
    if (allDay !== undefined) fields.all_day = allDay ? 1 : 0;
    if (row.remind_at && row.due_at)
      fields.remind_at = iso(Date.parse(row.remind_at) + Date.parse(next) - Date.parse(row.due_at));
    updateRecord(ctx.writer, 'activities', id, fields);
  });
  return result(ctx, id);
}

export function dismissReminder(ctx: ActivityContext, id: string): Activity {
  mustFind(ctx, id);
  updateRecord(ctx.writer, 'activities', id, { reminder_dismissed_at: iso(ctx.now()) });
  return result(ctx, id);
}

export function snoozeReminder(ctx: ActivityContext, id: string, until: string): Activity {
  mustFind(ctx, id);
  updateRecord(ctx.writer, 'activities', id, { remind_at: iso(Date.parse(until)), reminder_dismissed_at: null });
  return result(ctx, id);
}

export function deleteActivity(ctx: ActivityContext, id: string): void {
  const row = mustFind(ctx, id);
  if (!row.deleted_at) deleteRecord(ctx.writer, 'activities', id);
}

export function restoreActivity(ctx: ActivityContext, id: string): Activity {
  mustFind(ctx, id);
  restoreRecord(ctx.writer, 'activities', id);
  return result(ctx, id);
}
