import type { HandlerContext, HandlerGroup } from '../../rpc/handler.types';
import type { Agenda } from '../../../shared/activities/activity.schema';
import { addDays, localDateOf, zonedTimeToUtc } from '../../../shared/calendar/calendar';
import { AppError } from '../../../shared/errors';
import { doneBetween, dueReminders, findActivity, listActivities, plannedBetween } from './activity.repository';
import {
  cancelActivity,
  completeActivity,
  createActivity,
  deleteActivity,
  dismissReminder,
  rescheduleActivity,
  restoreActivity,
  snoozeReminder,
  updateActivity,
  type ActivityContext,
} from './activity.service';

const serviceContext = (ctx: HandlerContext): ActivityContext => ({
  writer: ctx.writer,
  calendar: ctx.preferences().calendar,
  timeZone: ctx.timeZone,
  now: ctx.now,
});

/** Today, overdue and the coming days, counted in local days of the given time zone. */
export function agenda(ctx: HandlerContext, days: number, timeZone: string): Agenda {
  const date = localDateOf(new Date(ctx.now()).toISOString(), timeZone);
  const startOfToday = zonedTimeToUtc(date, '00:00', timeZone);
  const startOfTomorrow = zonedTimeToUtc(addDays(date, 1), '00:00', timeZone);
  const end = zonedTimeToUtc(addDays(date, 1 + days), '00:00', timeZone);
  const dueToday = plannedBetween(ctx.db, startOfToday, startOfTomorrow, 500);
  const doneToday = doneBetween(ctx.db, startOfToday, startOfTomorrow, 500);
  return {
    date,
    overdue: plannedBetween(ctx.db, null, startOfToday, 500),
    today: [...dueToday, ...doneToday.filter((a) => !dueToday.some((d) => d.id === a.id))],
    upcoming: plannedBetween(ctx.db, startOfTomorrow, end, 500),
  };
}

function validZone(timeZone: string | undefined, fallback: string): string {
  if (!timeZone) return fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    throw AppError.validation([{ field: 'timeZone', code: 'invalid_choice', params: { value: timeZone } }]);
  }
}

export const activityHandlers: HandlerGroup<
  | 'activities.get'
  | 'activities.list'
  | 'activities.create'
  | 'activities.update'
  | 'activities.complete'
  | 'activities.cancel'
  | 'activities.reschedule'
  | 'activities.delete'
  | 'activities.restore'
  | 'agenda.get'
  | 'reminders.due'
  | 'reminders.dismiss'
  | 'reminders.snooze'
> = {
  'activities.get': ({ id }, ctx) => {
    const activity = findActivity(ctx.db, id);
    if (!activity) throw new AppError('not_found', { params: { id } });
    return activity;
  },
  'activities.list': (input, ctx) => listActivities(ctx.db, input),
  'activities.create': (input, ctx) =>
    createActivity(serviceContext(ctx), { ...input, timeZone: validZone(input.timeZone, ctx.timeZone) }),
  'activities.update': ({ id, changed, ...values }, ctx) =>
    updateActivity(serviceContext(ctx), id, { ...values, timeZone: validZone(values.timeZone, ctx.timeZone) }, changed),
  'activities.complete': ({ id, outcome }, ctx) => completeActivity(serviceContext(ctx), id, outcome),
  'activities.cancel': ({ id }, ctx) => cancelActivity(serviceContext(ctx), id),
  'activities.reschedule': ({ id, dueAt, allDay }, ctx) => rescheduleActivity(serviceContext(ctx), id, dueAt, allDay),
  'activities.delete': ({ id }, ctx) => {
    deleteActivity(serviceContext(ctx), id);
    return { id };
  },
  'activities.restore': ({ id }, ctx) => restoreActivity(serviceContext(ctx), id),
  'agenda.get': ({ days, timeZone }, ctx) => agenda(ctx, days, validZone(timeZone, ctx.timeZone)),
  'reminders.due': (_input, ctx) => dueReminders(ctx.db, new Date(ctx.now()).toISOString()),
  'reminders.dismiss': ({ id }, ctx) => dismissReminder(serviceContext(ctx), id),
  'reminders.snooze': ({ id, until }, ctx) => snoozeReminder(serviceContext(ctx), id, until),
};
