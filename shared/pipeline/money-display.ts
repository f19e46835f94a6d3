/**
 * Amounts for display: minor units → grouped decimal in the user's digits, with the currency.
 * IRR is shown in Toman by default (one Toman is ten Rials), as Iranian shops speak of prices.
 * Exact: the decimal string is built from integers and grouped by Intl as a string.
 */
import { intlLocale, localizeDigits, type DisplayOptions } from '../format/format';
import { minorDigits, rialToToman, toDecimalString } from '../money/money';

export type IrrUnit = 'rial' | 'toman';

const UNIT_NAMES: Record<string, { en: string; fa: string }> = {
  toman: { en: 'Toman', fa: 'تومان' },
  IRR: { en: 'Rial', fa: 'ریال' },
  USD: { en: 'USD', fa: 'دلار' },
  EUR: { en: 'EUR', fa: 'یورو' },
  AED: { en: 'AED', fa: 'درهم' },
};

/** Groups a plain decimal string ("-1234567.5") with the locale's separators and digits. */
function group(decimal: string, options: DisplayOptions): string {
  const [whole = '0', fraction] = decimal.replace('-', '').split('.');
  const grouped = new Intl.NumberFormat(intlLocale(options), { useGrouping: true, maximumFractionDigits: 0 }).format(
    BigInt(whole),
  );
  const separator = options.language === 'fa' ? '٫' : '.';
  const sign = decimal.startsWith('-') ? '−' : '';
  return sign + grouped + (fraction ? separator + localizeDigits(fraction, options.digits) : '');
}

/** `12500000 IRR` → "1,250,000 Toman" / "۱٬۲۵۰٬۰۰۰ تومان"; `12345 USD` → "123.45 USD". */
export function formatAmount(
  minor: number,
  currency: string,
  options: DisplayOptions,
  irrUnit: IrrUnit = 'toman',
): string {
  const code = currency.toUpperCase();
  let decimal: string;
  let unit: string;
  if (code === 'IRR' && irrUnit === 'toman') {
    decimal = rialToToman(minor);
    unit = 'toman';
  } else {
    let digits = 2;
    try {
      digits = minorDigits(code);
    } catch {
      // Unknown to ICU: show two decimals, the common case.
    }
    decimal = toDecimalString(minor, digits);
    unit = code;
  }
  const name = UNIT_NAMES[unit]?.[options.language] ?? unit;
  return `${group(decimal, options)} ${name}`;
}

/** Basis points as a percentage: 2500 → "25%" / "۲۵٪". */
export function formatPercent(basisPoints: number, options: DisplayOptions): string {
  return new Intl.NumberFormat(intlLocale(options), { style: 'percent', maximumFractionDigits: 2 }).format(
    basisPoints / 10_000,
  );
}

/** The name of the unit an amount is typed and shown in: Toman or Rial for IRR, else the currency. */
export function unitName(currency: string, language: 'en' | 'fa', irrUnit: IrrUnit): string {
  const code = currency.toUpperCase();
  const names = code === 'IRR' && irrUnit === 'toman' ? UNIT_NAMES.toman : UNIT_NAMES[code];
  return names ? names[language] : code;
}
