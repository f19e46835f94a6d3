import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocate,
  divRound,
  documentTotals,
  lineGross,
  minorDigits,
  MoneyError,
  parseAmount,
  rialToToman,
  toDecimalString,
  type Discount,
  type LineInput,
} from '../../shared/money/money';
import { amountInWords, numberToWords } from '../../shared/money/words';

const discount = (max: number): fc.Arbitrary<Discount> =>
  fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 10_000 }).map((basisPoints) => ({ kind: 'percent' as const, basisPoints })),
    fc.integer({ min: 0, max }).map((minor) => ({ kind: 'amount' as const, minor })),
  );

/** Lines whose amount discounts never exceed their gross. */
const line = (maxPrice: number): fc.Arbitrary<LineInput> =>
  fc
    .record({
      unitPriceMinor: fc.integer({ min: 0, max: maxPrice }),
      quantityMilli: fc.integer({ min: 0, max: 1_000_000 }),
      taxBasisPoints: fc.constantFrom(0, 900, 1000, 1500, 2000),
    })
    .chain((l) => discount(lineGross(l)).map((d) => ({ ...l, discount: d })));

const documents = (maxPrice: number) =>
  fc.array(line(maxPrice), { minLength: 1, maxLength: 12 }).chain((lines) => {
    const subtotal = documentTotals(lines, null).net;
    return discount(subtotal).map((doc) => ({ lines, doc }));
  });

describe('document totals (property)', () => {
  for (const [currency, maxPrice] of [
    ['IRR', 5_000_000_000],
    ['USD', 10_000_000],
  ] as const) {
    it(`add up to the unit in ${currency}: lines + tax − discounts = total`, () => {
      fc.assert(
        fc.property(documents(maxPrice), ({ lines, doc }) => {
          const t = documentTotals(lines, doc);
          expect(t.gross - t.discount + t.tax).toBe(t.total);
          expect(t.lines.reduce((s, l) => s + l.total, 0)).toBe(t.total);
          expect(t.lines.reduce((s, l) => s + l.gross, 0)).toBe(t.gross);
          for (const l of t.lines) {
            expect(l.gross - l.lineDiscount - l.documentDiscount).toBe(l.net);
            expect(l.net).toBeGreaterThanOrEqual(0);
            expect(Number.isInteger(l.tax)).toBe(true);
          }
          // The whole document discount is spread over the lines, no unit lost or invented.
          const docDiscount = t.lines.reduce((s, l) => s + l.documentDiscount, 0);
          const subtotal = t.lines.reduce((s, l) => s + l.gross - l.lineDiscount, 0);
          if (doc?.kind === 'amount') expect(docDiscount).toBe(doc.minor);
          if (doc?.kind === 'percent')
            expect(docDiscount).toBe(Number(divRound(BigInt(subtotal) * BigInt(doc.basisPoints), 10_000n)));
        }),
      );
    });
  }

  it('allocates exactly and in proportion (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 20 }),
        fc.nat(1e9),
        (weights, amount) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const shares = allocate(amount, weights);
          if (total === 0) {
            // Not `return expect(…)`: fast-check reads a returned false as a failed property.
            expect(shares).toEqual(weights.map(() => 0));
            return;
          }
          expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
          shares.forEach((share, i) => expect(Math.abs(share - (amount * (weights[i] ?? 0)) / total)).toBeLessThan(1));
        },
      ),
    );
  });
});

describe('rounding rules', () => {
  it('rounds line amounts half away from zero', () => {
    expect(lineGross({ unitPriceMinor: 333, quantityMilli: 1500 })).toBe(500); // 499.5 → 500
    expect(lineGross({ unitPriceMinor: 1, quantityMilli: 499 })).toBe(0);
    expect(divRound(-5n, 2n)).toBe(-3n);
  });

  it('computes tax per line after the document discount', () => {
    const t = documentTotals(
      [
        {
          unitPriceMinor: 100_000,
          quantityMilli: 2000,
          discount: { kind: 'percent', basisPoints: 1000 },
          taxBasisPoints: 1000,
        },
        { unitPriceMinor: 50_000, quantityMilli: 1000, discount: null, taxBasisPoints: 0 },
      ],
      { kind: 'amount', minor: 23_000 },
    );
    // 200,000 − 20,000 = 180,000 and 50,000; 23,000 split 18,000 / 5,000.
    expect(t.lines.map((l) => [l.net, l.tax])).toEqual([
      [162_000, 16_200],
      [45_000, 0],
    ]);
    expect(t).toMatchObject({ gross: 250_000, discount: 43_000, net: 207_000, tax: 16_200, total: 223_200 });
  });

  it('refuses a discount above what it discounts, naming the line', () => {
    expect(() =>
      documentTotals(
        [{ unitPriceMinor: 100, quantityMilli: 1000, discount: { kind: 'amount', minor: 101 }, taxBasisPoints: 0 }],
        null,
      ),
    ).toThrow(new MoneyError('discount_above_total', 0));
    expect(() =>
      documentTotals([{ unitPriceMinor: 100, quantityMilli: 1000, discount: null, taxBasisPoints: 0 }], {
        kind: 'amount',
        minor: 101,
      }),
    ).toThrow(/discount_above_total/);
    expect(() =>
      documentTotals([{ unitPriceMinor: -1, quantityMilli: 1000, discount: null, taxBasisPoints: 0 }], null),
    ).toThrow(/negative_amount/);
  });
});

describe('display and input', () => {
  it('knows minor units', () => {
    expect([minorDigits('IRR'), minorDigits('USD'), minorDigits('BHD')]).toEqual([0, 2, 3]);
  });

  it('shows Toman as Rial / 10, exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (rial) => {
        expect(Number(rialToToman(rial)) * 10).toBeCloseTo(rial, 6);
        expect(parseAmount(rialToToman(rial), 1)).toBe(rial);
      }),
    );
    expect(rialToToman(12_500_000)).toBe('1250000');
    expect(rialToToman(12_345)).toBe('1234.5');
  });

  it('reads typed amounts in any digits, and never floats', () => {
    expect(parseAmount('1,250.50', 2)).toBe(125050);
    expect(parseAmount('۱٬۲۵۰٫۵', 2)).toBe(125050);
    expect(parseAmount('0.1', 2)).toBe(10);
    expect(parseAmount('1.005', 2)).toBeNull();
    expect(parseAmount('abc', 0)).toBeNull();
    expect(toDecimalString(5, 2)).toBe('0.05');
    expect(toDecimalString(-12345, 2)).toBe('-123.45');
  });

  it('writes amounts in Persian and English words', () => {
    expect(numberToWords(1_250_000, 'fa')).toBe('یک میلیون و دویست و پنجاه هزار');
    expect(numberToWords(1_250_000, 'en')).toBe('one million two hundred fifty thousand');
    expect(numberToWords(21, 'en')).toBe('twenty-one');
    expect(amountInWords(12_500_000, 'IRR', 'fa')).toBe('دوازده میلیون و پانصد هزار ریال');
    expect(amountInWords(12_500_005, 'IRR', 'fa', 'toman')).toBe('یک میلیون و دویست و پنجاه هزار تومان و پنج ریال');
    expect(amountInWords(12_345, 'USD', 'en')).toBe('one hundred twenty-three US dollars and 45/100');
  });
});
