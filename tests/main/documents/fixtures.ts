/**
 * Realistic printable documents built from the types (the billing service's `documents.printable`
 * returns the same shape): totals computed by shared/money so they add up to the unit.
 */
import type { BusinessProfile, PrintableDocument, PrintableLine } from '../../../shared/documents/printable';
import { documentTotals, type Discount, type LineInput } from '../../../shared/money/money';

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120"><rect width="120" height="120" rx="24" fill="#1f4e79"/><circle cx="60" cy="60" r="36" fill="none" stroke="#f2b233" stroke-width="10"/><rect x="54" y="30" width="12" height="60" rx="6" fill="#ffffff"/></svg>`;
export const LOGO_DATA_URL = `data:image/svg+xml;base64,${Buffer.from(LOGO_SVG).toString('base64')}`;

export const profileFa: BusinessProfile = {
  name: 'فروشگاه لوازم اداری نگین',
  address: 'تهران، خیابان ولیعصر، کوچهٔ بهار، پلاک ۱۲',
  phone: '021-88776655',
  taxCode: '411122233344',
  logoDataUrl: LOGO_DATA_URL,
  defaultCurrency: 'IRR',
  defaultTaxBasisPoints: 1000,
  rialDisplay: 'rial',
  footer: 'از خرید شما سپاسگزاریم. شماره حساب: ۰۱۰۰۰۰۴۰۰۱ بانک ملی',
};

const PRODUCTS: { description: string; sku: string; unit: string; price: number }[] = [
  { description: 'کاغذ A4 هشتاد گرمی (بسته ۵۰۰ برگی)', sku: 'PAP-A4-80', unit: 'بسته', price: 1_850_000 },
  { description: 'خودکار آبی بیک', sku: 'PEN-BIC-B', unit: 'عدد', price: 95_000 },
  { description: 'کارتریج تونر HP 85A', sku: 'TON-85A', unit: 'عدد', price: 12_400_000 },
  { description: 'پوشه فایل کش‌دار', sku: 'FLD-EL', unit: 'عدد', price: 145_000 },
  { description: 'ماشین حساب رومیزی Casio', sku: 'CAL-CAS-12', unit: 'عدد', price: 6_750_000 },
  { description: 'منگنه و سوزن ۲۴/۶', sku: 'STP-246', unit: 'بسته', price: 480_000 },
  { description: 'Installation and setup service', sku: 'SRV-INST', unit: 'ساعت', price: 3_500_000 },
  { description: 'چسب نواری شفاف', sku: 'TAP-CLR', unit: 'حلقه', price: 120_000 },
];

/** `count` lines cycling through the catalog, with varied quantities, discounts and tax. */
export function makeInvoice(count: number, overrides: Partial<PrintableDocument> = {}): PrintableDocument {
  const inputs: (LineInput & { product: (typeof PRODUCTS)[number] })[] = [];
  for (let i = 0; i < count; i++) {
    const product = PRODUCTS[i % PRODUCTS.length] ?? PRODUCTS[0]!;
    const quantityMilli = [1000, 2000, 12_000, 2500, 5000, 1000, 3000][i % 7] ?? 1000;
    const discount: Discount =
      i % 5 === 0 ? { kind: 'percent', basisPoints: 500 } : i % 7 === 3 ? { kind: 'amount', minor: 50_000 } : null;
    inputs.push({
      product,
      unitPriceMinor: product.price,
      quantityMilli,
      discount,
      taxBasisPoints: i % 9 === 4 ? 0 : 1000,
    });
  }
  const documentDiscount: Discount = { kind: 'amount', minor: 250_000 };
  const totals = documentTotals(inputs, documentDiscount);
  const lines: PrintableLine[] = inputs.map((input, i) => {
    const t = totals.lines[i]!;
    return {
      description: input.product.description,
      sku: input.product.sku,
      unit: input.product.unit,
      quantityMilli: input.quantityMilli,
      unitPriceMinor: input.unitPriceMinor,
      discountMinor: t.lineDiscount + t.documentDiscount,
      taxBasisPoints: input.taxBasisPoints,
      taxMinor: t.tax,
      totalMinor: t.total,
    };
  });
  const paid = Math.floor(totals.total / 3);
  return {
    kind: 'invoice',
    number: 'A-1405-00042',
    status: 'partially_paid',
    issuedAt: '2026-11-22T06:30:00.000Z',
    dueAt: '2026-12-22T06:30:00.000Z',
    currency: 'IRR',
    customer: {
      name: 'شرکت بازرگانی آرمان‌سازان پارس',
      address: 'اصفهان، خیابان چهارباغ بالا، ساختمان نور، طبقهٔ سوم',
      phone: '+98 31 3222 4455',
      email: 'info@armansazan.ir',
      taxCode: '10861234567',
    },
    lines,
    totals: {
      gross: totals.gross,
      discount: totals.discount,
      net: totals.net,
      tax: totals.tax,
      total: totals.total,
      paid,
      balance: totals.total - paid,
    },
    payments: [
      { date: '2026-11-25T08:00:00.000Z', method: 'bank_transfer', amountMinor: paid, reference: 'TRX-778812' },
    ],
    notes: 'تحویل کالا حداکثر سه روز کاری پس از پرداخت.',
    ...overrides,
  };
}
