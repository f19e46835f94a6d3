import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitsOnly, foldDigits, normalizeForSearch, sortKey } from '../../shared/text/normalize';

/** Ways people and keyboards write the same Persian text differently. */
const VARIANTS: [string, string][] = [
  ['ی', 'ي'],
  ['ی', 'ى'],
  ['ک', 'ك'],
  ['یی', 'ئی'],
  ['ا', 'أ'],
  ['ا', 'إ'],
  ['ا', 'آ'],
  ['و', 'ؤ'],
  ['ه', 'ة'],
  ['ه', 'ۀ'],
];
const persianLetters = fc.constantFrom(...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی '.split(''));
const persianText = fc.array(persianLetters, { minLength: 1, maxLength: 20 }).map((a) => a.join(''));
const anyText = fc.string({ unit: 'grapheme', maxLength: 40 });

describe('normalizeForSearch', () => {
  it('is idempotent (property)', () => {
    fc.assert(fc.property(anyText, (s) => normalizeForSearch(normalizeForSearch(s)) === normalizeForSearch(s)));
    fc.assert(fc.property(persianText, (s) => normalizeForSearch(normalizeForSearch(s)) === normalizeForSearch(s)));
  });

  it('treats letter variants as equal (property)', () => {
    fc.assert(
      fc.property(persianText, persianText, fc.constantFrom(...VARIANTS), (before, after, [standard, variant]) => {
        expect(normalizeForSearch(before + variant + after)).toBe(normalizeForSearch(before + standard + after));
      }),
    );
  });

  it('ignores harakat, tatweel, ZWNJ and bidi marks inserted anywhere (property)', () => {
    const noise = fc.constantFrom(
      '\u064B',
      '\u064E',
      '\u0650',
      '\u0651',
      '\u0652',
      '\u0640',
      '\u200C',
      '\u200F',
      '\u200E',
    );
    fc.assert(
      fc.property(persianText, fc.nat(20), noise, (text, at, mark) => {
        const i = Math.min(at, text.length);
        expect(normalizeForSearch(text.slice(0, i) + mark + text.slice(i))).toBe(normalizeForSearch(text));
      }),
    );
  });

  it('folds Persian and Arabic-Indic digits (property)', () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        const latin = String(n);
        const persian = latin.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] ?? d);
        const arabic = latin.replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)] ?? d);
        expect(normalizeForSearch(persian)).toBe(latin);
        expect(normalizeForSearch(arabic)).toBe(latin);
      }),
    );
  });

  it('handles the real cases', () => {
    expect(normalizeForSearch('علي رضائي')).toBe(normalizeForSearch('علی رضایی'));
    expect(normalizeForSearch('محمد‌علی')).toBe(normalizeForSearch('محمدعلی'));
    expect(normalizeForSearch('  José\u00A0 ÁLVAREZ ')).toBe('jose alvarez');
    expect(normalizeForSearch('مُحَمَّد')).toBe('محمد');
    expect(normalizeForSearch('ﻋﻠﻰ')).toBe('علی'); // presentation forms
    expect(normalizeForSearch('كتابـــخانه')).toBe('کتابخانه');
  });
});

describe('digits', () => {
  it('fold and extract', () => {
    expect(foldDigits('۰۹۱۲-٣٤٥')).toBe('0912-345');
    expect(digitsOnly('+98 (912) ۱۲۳-۴۵۶۷')).toBe('989121234567');
  });
});

describe('sortKey', () => {
  it('orders by the Persian alphabet, Latin before Persian', () => {
    const names = ['گل', 'کتاب', 'ژاله', 'زهرا', 'چای', 'پدر', 'بابا', 'آرش', 'Zoe', 'adam'];
    const sorted = [...names].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    expect(sorted).toEqual(['adam', 'Zoe', 'آرش', 'بابا', 'پدر', 'چای', 'زهرا', 'ژاله', 'کتاب', 'گل']);
  });

  it('gives variants the same key (property)', () => {
    fc.assert(
      fc.property(persianText, fc.constantFrom(...VARIANTS), (text, [standard, variant]) => {
        expect(sortKey(text + variant)).toBe(sortKey(text + standard));
      }),
    );
  });
});
