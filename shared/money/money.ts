/**
 * Money as integers: amounts in minor units of an ISO 4217 currency (IRR has none, USD has
 * cents), quantities in thousandths, rates in basis points. No floating point touches an amount.
 *
 * Rounding rules (explicit, tested):
 *  1. A line's gross = unit price × quantity, rounded half away from zero to the minor unit.
 *  2. A line discount is a percentage of the gross (rounded the same way) or an amount.
 *  3. A document discount is spread over the lines in proportion to their net, by the largest
 *     remainder, so the shares add up to the discount exactly.
 *  4. Tax is computed per line on the line's net after both discounts, rounded per line.
 *  5. The document total is the sum of the lines' nets after discounts plus the sum of their taxes.
 */

export const QUANTITY_SCALE = 1000;
export const BASIS_POINTS = 10_000;

/** Minor-unit digits of a currency (IRR 0, USD 2, BHD 3), from ICU's currency data. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** `numerator / denominator` rounded half away from zero, on integers (BigInt for safety). */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = (n * 2n + d) / (d * 2n);
  return negative ? -rounded : rounded;
}

function toSafe(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} is too large`);
  }
  return Number(value);
}

export type Discount = { kind: 'percent'; basisPoints: number } | { kind: 'amount'; minor: number } | null;

export interface LineInput {
  unitPriceMinor: number;
  quantityMilli: number;
  discount: Discount;
  taxBasisPoints: number;
}

export interface LineTotals {
  gross: number;
  lineDiscount: number;
  /** This line's share of the document discount. */
  documentDiscount: number;
  /** Gross minus both discounts: the tax base. */
  net: number;
  tax: number;
  /** Net plus tax. */
  total: number;
}

export interface DocumentTotals {
  lines: LineTotals[];
  gross: number;
  discount: number;
  net: number;
  tax: number;
  total: number;
}

export class MoneyError extends Error {
  constructor(
    readonly code: 'discount_above_total' | 'negative_amount' | 'too_large',
    readonly line: number | null,
  ) {
    super(`${code}${line === null ? '' : ` (line ${line + 1})`}`);
  }
}

export function lineGross(line: Pick<LineInput, 'unitPriceMinor' | 'quantityMilli'>): number {
  return toSafe(
    divRound(BigInt(line.unitPriceMinor) * BigInt(line.quantityMilli), BigInt(QUANTITY_SCALE)),
    'line amount',
  );
}

function lineDiscountOf(gross: number, discount: Discount): number {
  if (!discount) return 0;
  if (discount.kind === 'amount') return discount.minor;
  return toSafe(divRound(BigInt(gross) * BigInt(discount.basisPoints), BigInt(BASIS_POINTS)), 'discount');
}

/** Splits `amount` over `weights` in proportion, by the largest remainder: shares sum to amount. */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total === 0) return weights.map(() => 0);
  const exact = weights.map((w) => BigInt(amount) * BigInt(w));
  const shares = exact.map((e) => e / BigInt(total));
  let left = amount - shares.reduce((sum, s) => sum + Number(s), 0);
  const order = exact
    .map((e, i) => ({ i, remainder: e % BigInt(total) }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  const result = shares.map(Number);
  for (const { i } of order) {
    if (left <= 0) break;
    result[i] = (result[i] ?? 0) + 1;
    left -= 1;
  }
  return result;
}

/** Totals of a quote or invoice; throws MoneyError for a discount above what it discounts. */
export function documentTotals(lines: readonly LineInput[], documentDiscount: Discount): DocumentTotals {
  const partial = lines.map((line, index) => {
    if (line.unitPriceMinor < 0 || line.quantityMilli < 0) throw new MoneyError('negative_amount', index);
    const gross = lineGross(line);
    const lineDiscount = lineDiscountOf(gross, line.discount);
    if (lineDiscount < 0) throw new MoneyError('negative_amount', index);
    if (lineDiscount > gross) throw new MoneyError('discount_above_total', index);
    return { line, gross, lineDiscount, afterLine: gross - lineDiscount };
  });
  const subtotal = partial.reduce((sum, p) => sum + p.afterLine, 0);
  const docDiscount = lineDiscountOf(subtotal, documentDiscount);
  if (docDiscount < 0) throw new MoneyError('negative_amount', null);
  if (docDiscount > subtotal) throw new MoneyError('discount_above_total', null);
  const shares = allocate(
    docDiscount,
    partial.map((p) => p.afterLine),
  );
  const totals = partial.map((p, i): LineTotals => {
    const documentShare = shares[i] ?? 0;
    const net = p.afterLine - documentShare;
    const tax = toSafe(divRound(BigInt(net) * BigInt(p.line.taxBasisPoints), BigInt(BASIS_POINTS)), 'tax');
    return {
      gross: p.gross,
      lineDiscount: p.lineDiscount,
      documentDiscount: documentShare,
      net,
      tax,
      total: net + tax,
    };
  });
  const sum = (pick: (t: LineTotals) => number) => totals.reduce((s, t) => s + pick(t), 0);
  return {
    lines: totals,
    gross: sum((t) => t.gross),
    discount: sum((t) => t.lineDiscount + t.documentDiscount),
    net: sum((t) => t.net),
    tax: sum((t) => t.tax),
    total: sum((t) => t.total),
  };
}

/**
 * Minor units → a decimal string in the major unit, e.g. 12345 USD → "123.45", 12345 IRR
 * shown as Toman → "1234.5". No grouping: display code adds separators for amounts only.
 */
export function toDecimalString(minor: number, digits: number): string {
  const negative = minor < 0;
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = digits > 0 ? abs.slice(0, -digits) : abs;
  const fraction = digits > 0 ? abs.slice(-digits) : '';
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Rial amounts shown in Toman: one Toman is ten Rials (exact; a leftover Rial shows as .x). */
export function rialToToman(minorRial: number): string {
  return toDecimalString(minorRial, 1).replace(/\.0$/, '');
}

/** Reads a typed decimal amount ("1,250.50", "۱۲۵۰٫۵") into minor units; null when not a number. */
export function parseAmount(text: string, digits: number): number | null {
  const folded = text
    .replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)))
    .replace(/[٠-٩]/g, (d) => String('٠١٢٣٤٥٦٧٨٩'.indexOf(d)))
    .replace(/[\s,٬']/g, '')
    .replace('٫', '.');
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(folded);
  if (!match) return null;
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (fraction.length > digits) return null;
  const value = BigInt(whole + fraction.padEnd(digits, '0')) * (sign ? -1n : 1n);
  return value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER) ? null : Number(value);
}
