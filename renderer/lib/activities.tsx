/** Display helpers for activities: icons, labels, local dates and the time zone dates are entered in. */
import {
  IconCalendarEvent,
  IconChecklist,
  IconMail,
  IconMailbox,
  IconPhone,
  type IconProps,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import type { Activity, ActivityType } from '../../shared/activities/activity.schema';
import { addDays, localDateOf, type LocalDate } from '../../shared/calendar/calendar';
import { formatDate, formatDateTime, intlLocale, type DisplayOptions } from '../../shared/format/format';
import type { Translator } from '../../shared/i18n';

/** The IANA zone of this machine; every date the window sends is entered in it. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Today as a local `YYYY-MM-DD`. */
export function today(timeZone = localTimeZone()): LocalDate {
  return localDateOf(new Date().toISOString(), timeZone);
}

/** A picked day (a `Date` at local midnight) ↔ `YYYY-MM-DD`. */
export function toLocalDate(date: Date): LocalDate {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
export function fromLocalDate(date: LocalDate): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(y, m - 1, d);
}

export const ACTIVITY_ICONS: Record<ActivityType, ComponentType<IconProps>> = {
  call: IconPhone,
  email: IconMail,
  meeting: IconCalendarEvent,
  letter: IconMailbox,
  task: IconChecklist,
};

export const ACTIVITY_COLORS: Record<ActivityType, string> = {
  call: 'teal',
  email: 'blue',
  meeting: 'grape',
  letter: 'orange',
  task: 'cyan',
};

/** Planned and due before now (all-day: before today). */
export function isOverdue(activity: Activity, now = new Date()): boolean {
  if (activity.status !== 'planned' || !activity.dueAt) return false;
  if (activity.allDay) return localDateOf(activity.dueAt, localTimeZone()) < today();
  return Date.parse(activity.dueAt) < now.getTime();
}

/** When an activity happens, as short text: a day for all-day ones, else day and time. */
export function whenText(activity: Activity, t: Translator, display: DisplayOptions): string {
  if (!activity.dueAt) return t('activity.noDate');
  return activity.allDay ? formatDate(activity.dueAt, display) : formatDateTime(activity.dueAt, display);
}

const shortDateTimes = new Map<string, Intl.DateTimeFormat>();
/** Day, short month and time, without the year: `22 Nov, 16:38`. */
export function formatShortDateTime(iso: string, display: DisplayOptions): string {
  const locale = intlLocale(display);
  let format = shortDateTimes.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    shortDateTimes.set(locale, format);
  }
  return format.format(new Date(iso));
}

/** The next morning at 09:00 local time, for "snooze until tomorrow". */
export function tomorrowMorning(timeZone = localTimeZone()): LocalDate {
  return addDays(today(timeZone), 1);
}
