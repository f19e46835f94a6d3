/**
 * Phone numbers: read with libphonenumber-js ("max" metadata, so validity is checked against
 * real number ranges, not just length), stored as E.164, shown in the national or
 * international form. Digits typed in Persian or Arabic-Indic script are accepted.
 */
import { parsePhoneNumberWithError, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { digitsOnly, foldDigits } from '../text/normalize';

/**
 * The numbers parsed lately, by what was typed and by E.164. Parsing is the costly step (about
 * 9 µs), and one write parses each number up to three times: an import cleans it, the customer
 * service checks it, and the search text needs its national form. A few hundred entries cover
 * one write at a time; a full map is simply emptied (cheaper than keeping an order).
 */
const RECENT = 256;
const recentTyped = new Map<string, PhoneNumber | null>();
const recentE164 = new Map<string, PhoneNumber | null>();

function remember(cache: Map<string, PhoneNumber | null>, key: string, parsed: PhoneNumber | null): void {
  if (cache.size >= RECENT) cache.clear();
  cache.set(key, parsed);
}

function parse(text: string, region?: string): PhoneNumber | null {
  try {
    return parsePhoneNumberWithError(text, region ? (region.toUpperCase() as CountryCode) : undefined);
  } catch {
    return null;
  }
}

function parseE164(e164: string): PhoneNumber | null {
  const known = recentE164.get(e164);
  if (known !== undefined) return known;
  const parsed = parse(e164);
  remember(recentE164, e164, parsed);
  return parsed;
}

export function parsePhone(raw: string, region: string): string | null {
  const key = `${region}\u0000${raw}`;
  let parsed = recentTyped.get(key);
  if (parsed === undefined) {
    const read = parse(foldDigits(raw), region);
    parsed = read?.isValid() ? read : null;
    remember(recentTyped, key, parsed);
    if (parsed) remember(recentE164, parsed.number, parsed);
  }
  return parsed ? parsed.number : null;
}

/** National form for numbers of the user's region (`0912 123 4567`), international otherwise. */
export function displayPhone(e164: string, region: string): string {
  const parsed = parseE164(e164);
  if (!parsed) return e164;
  return parsed.country === region.toUpperCase() ? parsed.formatNational() : parsed.formatInternational();
}

/** The digits a number is dialled with inside its own country (`09121234567`), for search. */
export function nationalDigits(e164: string): string | null {
  const parsed = parseE164(e164);
  return parsed ? digitsOnly(parsed.formatNational()) : null;
}
