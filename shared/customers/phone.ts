/**
 * Phone numbers: read with libphonenumber-js ("max" metadata, so validity is checked against
 * real number ranges, not just length), stored as E.164, shown in the national or
 * international form. Digits typed in Persian or Arabic-Indic script are accepted.
 */
// The core entry with explicit metadata, because the metadata-bound `max` entry binds
// `PhoneNumber` and exports `Metadata` only in its ES module build, not in its CommonJS one.
import { Metadata, PhoneNumber } from 'libphonenumber-js/core';
import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberWithError,
  type CountryCode,
} from 'libphonenumber-js/max';
import metadataMax from 'libphonenumber-js/metadata.max.json';
import { digitsOnly, foldDigits } from '../text/normalize';

/**
 * The numbers parsed lately, by what was typed and by E.164. Parsing is the costly step (about
 * 6 µs), and one write parses each number up to three times: an import cleans it, the customer
 * service checks the E.164 it got back, and the search text needs its national form. A few
 * hundred entries cover one write at a time; a full map is simply emptied (cheaper than keeping
 * an order).
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
    if (parsed) {
      // The E.164 form is what the next check of the same number is handed.
      remember(recentTyped, `${region}\u0000${parsed.number}`, parsed);
      remember(recentE164, parsed.number, parsed);
    }
  }
  return parsed ? parsed.number : null;
}

/** National form for numbers of the user's region (`0912 123 4567`), international otherwise. */
export function displayPhone(e164: string, region: string): string {
  const parsed = parseE164(e164);
  if (!parsed) return e164;
  return parsed.country === region.toUpperCase() ? parsed.formatNational() : parsed.formatInternational();
}

/**
 * Per calling code owned by one country (+98, +49; not +1, +7, +44): the pattern of a national
 * prefix at the start of the national number, which a parse would strip or rewrite (`+98 0912…`).
 * A number that starts with it is left to the full parse.
 */
let singleCountryPlans: Map<string, RegExp | null> | undefined;

/** What this module reads of a numbering plan; older or newer library versions may lack it. */
interface PrefixPlan {
  nationalPrefixForParsing?(): string | undefined;
}

function planPrefixes(): Map<string, RegExp | null> {
  if (singleCountryPlans) return singleCountryPlans;
  const countries = new Map<string, CountryCode[]>();
  for (const country of getCountries()) {
    const code = getCountryCallingCode(country);
    countries.set(code, [...(countries.get(code) ?? []), country]);
  }
  singleCountryPlans = new Map();
  for (const [code, owners] of countries) {
    const [country] = owners;
    if (owners.length !== 1 || !country) continue;
    const metadata = new Metadata(metadataMax);
    metadata.selectNumberingPlan(country);
    const plan = metadata.numberingPlan as PrefixPlan | undefined;
    // Without a way to read the prefix the shortcut cannot be proved safe: such codes always parse.
    if (typeof plan?.nationalPrefixForParsing !== 'function') continue;
    const prefix = plan.nationalPrefixForParsing();
    singleCountryPlans.set(code, prefix ? new RegExp(`^(?:${prefix})`) : null);
  }
  return singleCountryPlans;
}

/**
 * The national digits of an E.164 number straight from its digits, or undefined when only the
 * full parse can tell: a shared calling code, a national number that starts like a national
 * prefix, or one too short to be a number.
 */
function quickNationalDigits(e164: string): string | undefined {
  if (!/^\+\d{4,17}$/.test(e164)) return undefined;
  const plans = planPrefixes();
  // Calling codes are a prefix code (ITU E.164): at most one of the first 1–3 digits is one.
  for (let length = 1; length <= 3; length++) {
    const code = e164.slice(1, 1 + length);
    const prefix = plans.get(code);
    if (prefix === undefined) continue;
    const national = e164.slice(1 + length);
    if (national.length < 2 || prefix?.test(national)) return undefined;
    return digitsOnly(new PhoneNumber(e164, metadataMax).formatNational());
  }
  return undefined;
}

/**
 * The digits a number is dialled with inside its own country (`09121234567`), for search.
 * Every customer write and every synced change recomputes these, so the usual case skips the full
 * parse: a stored E.164 number whose calling code has a single country is formatted straight
 * from its digits (half the time, same metadata, same result; tests/shared/phone.test.ts
 * compares the two). Shared codes (+1, +7, +44) need
 * the parse to find the country whose formats apply.
 */
export function nationalDigits(e164: string): string | null {
  const known = recentE164.get(e164);
  if (known !== undefined) return known ? digitsOnly(known.formatNational()) : null;
  const quick = quickNationalDigits(e164);
  if (quick !== undefined) return quick;
  const parsed = parseE164(e164);
  return parsed ? digitsOnly(parsed.formatNational()) : null;
}
