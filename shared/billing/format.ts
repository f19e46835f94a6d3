/** Amounts for display: grouped digits in the chosen digit set, Rial or Toman, currency label. */
import { minorDigits, rialToToman, toDecimalString } from '../money/money';
import type { RialDisplay } from '../money/words';
import { localizeDigits } from '../format/format';
import type { DigitSet, Language } from '../preferences';

export interface MoneyDisplay {
  language: Language;
  digits: DigitSet;
  rialDisplay: RialDisplay;
}

function group(decimal: string, language: Language): string {
  const [whole = '0', fraction] = decimal.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const grouped = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, language === 'fa' ? '٬' : ',');
  return `${sign}${grouped}${fraction ? `${language === 'fa' ? '٫' : '.'}${fraction}` : ''}`;
}

/** The amount without the currency: `1,250,000` or `۱۲۵٬۰۰۰` (Toman) or `12.50`. */
export function formatAmount(minor: number, currency: string, options: MoneyDisplay): string {
  const decimal =
    currency === 'IRR' && options.rialDisplay === 'toman'
      ? rialToToman(minor)
      : toDecimalString(minor, minorDigits(currency));
  return localizeDigits(group(decimal, options.language), options.digits);
}

export function currencyLabel(currency: string, options: Pick<MoneyDisplay, 'language' | 'rialDisplay'>): string {
  if (currency === 'IRR') {
    if (options.rialDisplay === 'toman') return options.language === 'fa' ? 'تومان' : 'Toman';
    return options.language === 'fa' ? 'ریال' : 'Rial';
  }
  return currency;
}

/** `1,250,000 Rial`, `۱۲۵٬۰۰۰ تومان`, `12.50 USD`. */
export function formatMoney(minor: number, currency: string, options: MoneyDisplay): string {
  return `${formatAmount(minor, currency, options)} ${currencyLabel(currency, options)}`;
}

/** Thousandths → `2.5`, `۱٫۲۵`. */
export function formatQuantity(milli: number, options: Pick<MoneyDisplay, 'language' | 'digits'>): string {
  const text = toDecimalString(milli, 3).replace(/\.?0+$/, '');
  return localizeDigits(options.language === 'fa' ? text.replace('.', '٫') : text, options.digits);
}

/** Basis points → `9`, `9.5` (percent, without the sign). */
export function formatRate(basisPoints: number, options: Pick<MoneyDisplay, 'language' | 'digits'>): string {
  const text = toDecimalString(basisPoints, 2).replace(/\.?0+$/, '');
  return localizeDigits(options.language === 'fa' ? text.replace('.', '٫') : text, options.digits);
}
