/**
 * Demo and benchmark invoices for the customers already in the database: a small catalog, then
 * issued invoices with 2–6 lines (catalog and free text), line and document discounts, tax, and
 * payments on about half (some in full, some partial, some by cheque) — all through the same
 * handlers as the window, so totals and numbers follow exactly the app's rules.
 */
import type { App } from '../app';
import type { LineInput } from '../../shared/billing/billing.schema';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { describeError, createTranslator } from '../../shared/i18n/index';
import { Random } from './random';

const CATALOG: { name: string; sku: string; unit: string; priceMinor: number; taxBasisPoints: number }[] = [
  { name: 'چای سبز ۵۰۰ گرمی', sku: 'TEA-500', unit: 'بسته', priceMinor: 1_250_000, taxBasisPoints: 1000 },
  { name: 'زعفران نیم‌مثقالی', sku: 'SAF-2', unit: 'عدد', priceMinor: 3_900_000, taxBasisPoints: 1000 },
  { name: 'Espresso beans 1 kg', sku: 'COF-1K', unit: 'kg', priceMinor: 7_800_000, taxBasisPoints: 1000 },
  { name: 'نصب و راه‌اندازی', sku: 'SRV-INST', unit: 'ساعت', priceMinor: 2_500_000, taxBasisPoints: 1000 },
  { name: 'Delivery', sku: 'DLV', unit: '', priceMinor: 450_000, taxBasisPoints: 0 },
  { name: 'پشتیبانی سالانه', sku: 'SRV-YEAR', unit: 'سال', priceMinor: 48_000_000, taxBasisPoints: 1000 },
  { name: 'Printer paper A4 (box)', sku: 'PAP-A4', unit: 'box', priceMinor: 1_650_000, taxBasisPoints: 1000 },
];
const FREE_TEXT = ['هزینه‌ی بسته‌بندی', 'Custom engraving', 'خدمات مشاوره', 'Rush handling'];

const t = createTranslator('en');

function call<K extends MethodName>(app: App, method: K, input: MethodInput<K>): MethodOutput<K> {
  const result = app.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${describeError(t, result.error)}`);
  return result.value as MethodOutput<K>;
}

export interface InvoiceSeedResult {
  invoices: number;
  payments: number;
  firstNumber: string | null;
  lastNumber: string | null;
}

export function seedInvoices(app: App, count: number, options: { seed?: number } = {}): InvoiceSeedResult {
  const random = new Random(options.seed ?? 1);
  const customers = app.db
    .prepare('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY seq LIMIT 5000')
    .all() as { id: string }[];
  if (customers.length === 0) throw new Error('seed --invoices needs customers first (seed --customers N)');
  let products = call(app, 'products.list', { limit: 1000 });
  if (products.length === 0) {
    for (const p of CATALOG) call(app, 'products.create', { ...p, currency: 'IRR' });
    products = call(app, 'products.list', { limit: 1000 });
  }
  const result: InvoiceSeedResult = { invoices: 0, payments: 0, firstNumber: null, lastNumber: null };
  const issuedAt = Date.now();
  for (let i = 0; i < count; i++) {
    const lines: LineInput[] = [];
    const n = random.int(2, 6);
    for (let l = 0; l < n; l++) {
      const discount = random.chance(0.3)
        ? random.chance(0.5)
          ? { kind: 'percent' as const, basisPoints: random.pick([500, 1000, 1500]) }
          : { kind: 'amount' as const, minor: random.pick([10_000, 50_000, 100_000]) }
        : null;
      if (random.chance(0.8)) {
        const p = random.pick(products);
        lines.push({
          productId: p.id,
          description: p.name,
          sku: p.sku,
          unit: p.unit,
          quantityMilli: random.pick([1000, 2000, 3000, 500, 1500, 12_000]),
          unitPriceMinor: p.priceMinor,
          discount: discount && discount.kind === 'amount' && discount.minor > p.priceMinor / 2 ? null : discount,
          taxBasisPoints: p.taxBasisPoints,
        });
      } else {
        lines.push({
          description: random.pick(FREE_TEXT),
          quantityMilli: 1000,
          unitPriceMinor: random.int(20, 400) * 10_000,
          taxBasisPoints: random.pick([0, 1000]),
        });
      }
    }
    const draft = call(app, 'invoices.create', {
      customerId: random.pick(customers).id,
      currency: 'IRR',
      lines,
      discount: random.chance(0.2) ? { kind: 'percent', basisPoints: 500 } : null,
      dueAt: new Date(issuedAt + random.int(-20, 40) * 86_400_000).toISOString(),
    });
    const invoice = call(app, 'invoices.issue', { id: draft.id });
    result.invoices += 1;
    result.firstNumber ??= invoice.number;
    result.lastNumber = invoice.number;
    if (random.chance(0.5)) {
      const full = random.chance(0.5);
      const amount = full ? invoice.balance : Math.max(1, Math.floor(invoice.balance / random.int(2, 4)));
      const cheque = random.chance(0.2);
      call(app, 'payments.add', {
        invoiceId: invoice.id,
        paidAt: new Date(issuedAt).toISOString(),
        amountMinor: amount,
        method: cheque ? 'cheque' : random.pick(['cash', 'card', 'bank_transfer'] as const),
        chequeNumber: cheque ? String(random.int(100_000, 999_999)) : '',
        chequeDueAt: cheque ? new Date(issuedAt + 30 * 86_400_000).toISOString() : null,
      });
      result.payments += 1;
    }
  }
  return result;
}
