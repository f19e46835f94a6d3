/**
 * Amounts in words, as printed on Persian and English invoices:
 * 1,250,000 → «یک میلیون و دویست و پنجاه هزار», "one million two hundred fifty thousand".
 */
import type { Language } from '../preferences';
import { minorDigits } from './money';

const FA_ONES = ['', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه'];
const FA_TEENS = ['ده', 'یازده', 'دوازده', 'سیزده', 'چهارده', 'پانزده', 'شانزده', 'هفده', 'هجده', 'نوزده'];
const FA_TENS = ['', '', 'بیست', 'سی', 'چهل', 'پنجاه', 'شصت', 'هفتاد', 'هشتاد', 'نود'];
const FA_HUNDREDS = ['', 'صد', 'دویست', 'سیصد', 'چهارصد', 'پانصد', 'ششصد', 'هفتصد', 'هشتصد', 'نهصد'];
const FA_SCALES = ['', 'هزار', 'میلیون', 'میلیارد', 'تریلیون', 'کوادریلیون'];

const EN_ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const EN_TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['', 'thousand', 'million', 'billion', 'trillion', 'quadrillion'];

function faBelowThousand(n: number): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds) parts.push(FA_HUNDREDS[hundreds] ?? '');
  if (rest >= 10 && rest < 20) parts.push(FA_TEENS[rest - 10] ?? '');
  else {
    if (rest >= 20) parts.push(FA_TENS[Math.floor(rest / 10)] ?? '');
    if (rest % 10) parts.push(FA_ONES[rest % 10] ?? '');
  }
  return parts.join(' و ');
}

function enBelowThousand(n: number): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds) parts.push(`${EN_ONES[hundreds]} hundred`);
  if (rest >= 10 && rest < 20) parts.push(EN_TEENS[rest - 10] ?? '');
  else if (rest >= 20)
    parts.push(rest % 10 ? `${EN_TENS[Math.floor(rest / 10)]}-${EN_ONES[rest % 10]}` : (EN_TENS[rest / 10] ?? ''));
  else if (rest) parts.push(EN_ONES[rest] ?? '');
  return parts.join(' ');
}

/** A whole number (0 … 10^18) in words. */
export function numberToWords(value: number, language: Language): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} cannot be written in words`);
  if (value === 0) return language === 'fa' ? 'صفر' : 'zero';
  if (value < 0) return `${language === 'fa' ? 'منفی' : 'minus'} ${numberToWords(-value, language)}`;
  const groups: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
  const words: string[] = [];
  for (let scale = groups.length - 1; scale >= 0; scale--) {
    const group = groups[scale] ?? 0;
    if (!group) continue;
    if (language === 'fa') words.push([faBelowThousand(group), FA_SCALES[scale]].filter(Boolean).join(' '));
    else words.push([enBelowThousand(group), EN_SCALES[scale]].filter(Boolean).join(' '));
  }
  return words.join(language === 'fa' ? ' و ' : ' ');
}

export type RialDisplay = 'rial' | 'toman';

/** An amount with its currency in words; Rial amounts may be read in Toman (ten Rials each). */
export function amountInWords(
  minor: number,
  currency: string,
  language: Language,
  rialDisplay: RialDisplay = 'rial',
): string {
  if (currency === 'IRR') {
    if (rialDisplay === 'toman') {
      const toman = Math.trunc(minor / 10);
      const rial = minor % 10;
      const main = `${numberToWords(toman, language)} ${language === 'fa' ? 'تومان' : 'tomans'}`;
      if (!rial) return main;
      return language === 'fa'
        ? `${main} و ${numberToWords(rial, 'fa')} ریال`
        : `${main} and ${numberToWords(rial, 'en')} rials`;
    }
    return `${numberToWords(minor, language)} ${language === 'fa' ? 'ریال' : 'rials'}`;
  }
  const digits = minorDigits(currency);
  const scale = 10 ** digits;
  const major = Math.trunc(minor / scale);
  const fraction = Math.abs(minor % scale);
  // The currency's name in the right plural form ("US dollars", «دلار آمریکا»).
  const name =
    new Intl.NumberFormat(language === 'fa' ? 'fa' : 'en', { style: 'currency', currency, currencyDisplay: 'name' })
      .formatToParts(major)
      .find((part) => part.type === 'currency')?.value ?? currency;
  const main = `${numberToWords(major, language)} ${name}`;
  if (!fraction) return main;
  const cents = `${fraction}/${scale}`;
  return language === 'fa' ? `${main} و ${cents}` : `${main} and ${cents}`;
}
