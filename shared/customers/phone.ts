/**
 * Phone numbers: read with libphonenumber-js ("max" metadata, so validity is checked against
 * real number ranges, not just length), stored as E.164, shown in the national or
 * international form. Digits typed in Persian or Arabic-Indic script are accepted.
 */
import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';
import { foldDigits } from '../text/normalize';

export function parsePhone(raw: string, region: string): string | null {
  try {
    const parsed = parsePhoneNumberWithError(foldDigits(raw), region.toUpperCase() as CountryCode);
    return parsed.isValid() ? parsed.number : null;
  } catch {
    return null;
  }
}

/** National form for numbers of the user's region (`0912 123 4567`), international otherwise. */
export function displayPhone(e164: string, region: string): string {
  try {
    const parsed = parsePhoneNumberWithError(e164);
    return parsed.country === region.toUpperCase() ? parsed.formatNational() : parsed.formatInternational();
  } catch {
    return e164;
  }
}
