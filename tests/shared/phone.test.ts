import fc from 'fast-check';
import examples from 'libphonenumber-js/examples.mobile.json';
import {
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  parsePhoneNumberWithError,
} from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { displayPhone, nationalDigits, parsePhone } from '../../shared/customers/phone';
import { digitsOnly } from '../../shared/text/normalize';

/** What the search text held before the shortcut: the full parse, then the national format. */
function parsedNationalDigits(e164: string): string | null {
  try {
    return digitsOnly(parsePhoneNumberWithError(e164).formatNational());
  } catch {
    return null;
  }
}

const callingCodes = [...new Set(getCountries().map((country) => getCountryCallingCode(country)))];
const exampleNumbers = getCountries()
  .map((country) => getExampleNumber(country, examples)?.number)
  .filter((n): n is NonNullable<typeof n> => n !== undefined);

describe('nationalDigits', () => {
  it('gives the digits of the national format (09121234567)', () => {
    expect(nationalDigits('+989121234567')).toBe('09121234567');
    expect(nationalDigits('+982188776655')).toBe('02188776655');
    expect(nationalDigits('+12133734253')).toBe('2133734253');
    expect(nationalDigits('+74951234567')).toBe('84951234567');
    expect(nationalDigits('+5491123456789')).toBe('01115' + '23456789');
  });

  it('equals the full parse for every country’s example mobile number', () => {
    expect(exampleNumbers.length).toBeGreaterThan(200);
    for (const e164 of exampleNumbers) expect([e164, nationalDigits(e164)]).toEqual([e164, parsedNationalDigits(e164)]);
  });

  it('equals the full parse for any digits after any calling code (property)', () => {
    // Lengths from far too short to far too long: the shortcut must refuse exactly what the parse refuses.
    const number = fc
      .tuple(fc.constantFrom(...callingCodes), fc.stringMatching(/^[0-9]{0,16}$/))
      .map(([code, digits]) => `+${code}${digits}`);
    fc.assert(
      fc.property(number, (e164) => nationalDigits(e164) === parsedNationalDigits(e164)),
      { numRuns: 20_000 },
    );
  });

  it('equals the full parse for variations of real numbers (property)', () => {
    const varied = fc
      .tuple(fc.constantFrom(...exampleNumbers), fc.stringMatching(/^[0-9]{1,4}$/))
      .map(([e164, tail]) => e164.slice(0, Math.max(4, e164.length - tail.length)) + tail);
    fc.assert(
      fc.property(varied, (e164) => nationalDigits(e164) === parsedNationalDigits(e164)),
      { numRuns: 20_000 },
    );
  });

  it('gives null for text that is not a number', () => {
    expect(nationalDigits('')).toBeNull();
    expect(nationalDigits('+')).toBeNull();
    expect(nationalDigits('09121234567x')).toBe(parsedNationalDigits('09121234567x'));
  });
});

describe('parsePhone', () => {
  it('reads national, international and Persian-digit input to one E.164 number', () => {
    expect(parsePhone('0912 123 4567', 'IR')).toBe('+989121234567');
    expect(parsePhone('۰۹۱۲۱۲۳۴۵۶۷', 'IR')).toBe('+989121234567');
    expect(parsePhone('+98 912 123 4567', 'DE')).toBe('+989121234567');
    expect(parsePhone('0912', 'IR')).toBeNull();
  });

  it('checks its own result again the same way (the cached path)', () => {
    const e164 = parsePhone('09351112233', 'IR');
    expect(e164).toBe('+989351112233');
    expect(parsePhone(e164 ?? '', 'IR')).toBe(e164);
    expect(displayPhone(e164 ?? '', 'IR')).toBe('0935 111 2233');
    expect(displayPhone(e164 ?? '', 'DE')).toBe('+98 935 111 2233');
  });
});
