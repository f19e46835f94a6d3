/**
 * Display formatting by the user's preferences. The database holds UTC ISO-8601 and ASCII
 * digits; the calendar and digit script are applied only here, at display time.
 */
import type { Calendar, DigitSet, Language } from '../preferences';
import { foldDigits } from '../text/normalize';

export interface DisplayOptions {
  language: Language;
  calendar: Calendar;
  digits: DigitSet;
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** ASCII digits → the chosen digit set. Input already in Persian digits is left as it is. */
export function localizeDigits(text: string, digits: DigitSet): string {
  return digits === 'persian' ? text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)] ?? d) : foldDigits(text);
}

/** BCP 47 locale with calendar and numbering-system extensions, e.g. `fa-IR-u-ca-persian-nu-arabext`. */
export function intlLocale(options: DisplayOptions): string {
  const base = options.language === 'fa' ? 'fa-IR' : 'en-GB';
  const ca = options.calendar === 'jalali' ? 'persian' : 'gregory';
  const nu = options.digits === 'persian' ? 'arabext' : 'latn';
  return `${base}-u-ca-${ca}-nu-${nu}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function cachedFormat(locale: string, style: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const cacheKey = `${locale}|${key}`;
  let format = dateFormats.get(cacheKey);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, style);
    dateFormats.set(cacheKey, format);
  }
  return format;
}

/** A date (no time) in the chosen calendar, e.g. `1 Azar 1405` or `۱ آذر ۱۴۰۵`. */
export function formatDate(iso: string, options: DisplayOptions, timeZone?: string): string {
  const style: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', timeZone };
  return cachedFormat(intlLocale(options), style, `date|${timeZone ?? ''}`).format(new Date(iso));
}

/** A date and time in the chosen calendar, in the local time zone unless one is given. */
export function formatDateTime(iso: string, options: DisplayOptions, timeZone?: string): string {
  const style: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  };
  return cachedFormat(intlLocale(options), style, `datetime|${timeZone ?? ''}`).format(new Date(iso));
}

export function formatNumber(value: number, options: DisplayOptions): string {
  return new Intl.NumberFormat(intlLocale(options)).format(value);
}

/**
 * Reads a whole number typed with Latin, Persian or Arabic-Indic digits and either script's
 * separators (`۱٬۲۳۴`, `1,234`). Returns null for anything that is not a number.
 */
export function parseInteger(text: string): number | null {
  const folded = foldDigits(text)
    .replace(/[\s,٬،']/g, '')
    .replace('−', '-');
  if (!/^-?\d+$/.test(folded)) return null;
  const value = Number(folded);
  return Number.isSafeInteger(value) ? value : null;
}
