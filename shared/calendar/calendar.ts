/**
 * Calendar arithmetic for agenda views and recurring tasks, in the Gregorian or the Jalali
 * (Solar Hijri) calendar. Dates are local calendar days written as Gregorian `YYYY-MM-DD`
 * (`LocalDate`); instants in the database stay UTC ISO-8601. jalaali-js does the conversions.
 */
import { jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';
import type { Calendar } from '../preferences';

export type LocalDate = string;
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function isLocalDate(value: string): value is LocalDate {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

function gregorianParts(date: LocalDate): DateParts {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return { year, month, day };
}

function fromGregorian({ year, month, day }: DateParts): LocalDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The year, month and day of a local date in the given calendar. */
export function toParts(date: LocalDate, calendar: Calendar): DateParts {
  const g = gregorianParts(date);
  if (calendar === 'gregorian') return g;
  const j = toJalaali(g.year, g.month, g.day);
  return { year: j.jy, month: j.jm, day: j.jd };
}

export function fromParts(parts: DateParts, calendar: Calendar): LocalDate {
  if (calendar === 'gregorian') return fromGregorian(parts);
  const g = toGregorian(parts.year, parts.month, parts.day);
  return fromGregorian({ year: g.gy, month: g.gm, day: g.gd });
}

export function daysInMonth(year: number, month: number, calendar: Calendar): number {
  if (calendar === 'jalali') return jalaaliMonthLength(year, month);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Adds months in the given calendar. The day is kept when the target month has it and clamped
 * to the month's last day otherwise; `anchorDay` (the series' original day) lets a monthly
 * task on the 31st come back to the 31st after shorter months.
 */
export function addMonths(date: LocalDate, months: number, calendar: Calendar, anchorDay?: number): LocalDate {
  const { year, month, day } = toParts(date, calendar);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const wanted = anchorDay ?? day;
  return fromParts(
    { year: targetYear, month: targetMonth, day: Math.min(wanted, daysInMonth(targetYear, targetMonth, calendar)) },
    calendar,
  );
}

export function addYears(date: LocalDate, years: number, calendar: Calendar, anchorDay?: number): LocalDate {
  return addMonths(date, years * 12, calendar, anchorDay);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The first day of the week containing `date`; Persian weeks start on Saturday (6). */
export function startOfWeek(date: LocalDate, firstDay: number): LocalDate {
  return addDays(date, -((weekday(date) - firstDay + 7) % 7));
}

export function firstDayOfWeek(calendar: Calendar, language: string): number {
  return calendar === 'jalali' || language === 'fa' ? 6 : 1;
}

/** Weeks (rows of 7 dates) covering one month of the calendar, padded with neighbouring days. */
export function monthGrid(year: number, month: number, calendar: Calendar, firstDay: number): LocalDate[][] {
  const first = fromParts({ year, month, day: 1 }, calendar);
  const last = fromParts({ year, month, day: daysInMonth(year, month, calendar) }, calendar);
  const weeks: LocalDate[][] = [];
  for (let start = startOfWeek(first, firstDay); start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(start, i)));
  }
  return weeks;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/** Minutes to add to UTC to get local time in `timeZone` at `instant`. */
function zoneOffsetMinutes(instant: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The local calendar day of an instant in a time zone. */
export function localDateOf(iso: string, timeZone: string): LocalDate {
  const instant = Date.parse(iso);
  return new Date(instant + zoneOffsetMinutes(instant, timeZone) * 60_000).toISOString().slice(0, 10);
}

/** Local wall time `HH:MM` of an instant in a time zone. */
export function localTimeOf(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  return new Date(instant + zoneOffsetMinutes(instant, timeZone) * 60_000).toISOString().slice(11, 16);
}

/** The UTC instant of a local date and wall time (`HH:MM`) in a time zone. */
export function zonedTimeToUtc(date: LocalDate, time: string, timeZone: string): string {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  const { year, month, day } = gregorianParts(date);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes settle the offset across a daylight-saving change.
  let instant = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  instant = wall - zoneOffsetMinutes(instant, timeZone) * 60_000;
  return new Date(instant).toISOString();
}
