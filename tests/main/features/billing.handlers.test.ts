import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LineInput } from '../../../shared/billing/billing.schema';
import { insertRecord, updateRecord } from '../../../main/sync/mutate';
import type { Fields } from '../../../main/sync/tables';
import { openTestApp, type TestApp } from '../../helpers/temp-app';

const TZ = 'Asia/Tehran';
let now = Date.parse('2026-11-22T08:00:00.000Z'); // 1 Azar 1405
let app: TestApp;
let customerId: string;

beforeEach(() => {
  now = Date.parse('2026-11-22T08:00:00.000Z');
  app = openTestApp({ wallClock: () => now, timeZone: TZ });
  customerId = app.call('customers.create', { kind: 'organization', name: 'Aria Trading' }).id;
});
afterEach(() => app.dispose());

const line = (extra: Partial<LineInput> = {}): LineInput => ({
  description: 'Tea, 500 g',
  quantityMilli: 1000,
  unitPriceMinor: 1_250_000,
  taxBasisPoints: 1000,
  ...extra,
});

const threeLines = (): LineInput[] => [
  line({ quantityMilli: 3000, unitPriceMinor: 1_250_000, discount: { kind: 'percent', basisPoints: 1000 } }),
  line({ description: 'Delivery', quantityMilli: 1000, unitPriceMinor: 333_333, taxBasisPoints: 0 }),
  line({
    description: 'Saffron',
    quantityMilli: 2500,
    unitPriceMinor: 777_777,
    discount: { kind: 'amount', minor: 1 },
  }),
];

function draft(lines: LineInput[] = threeLines(), extra: Record<string, unknown> = {}) {
  return app.call('invoices.create', {
    customerId,
    currency: 'IRR',
    lines,
    discount: { kind: 'amount', minor: 100_000 },
    ...extra,
  });
}

describe('money through the handlers', () => {
  it('stores line and document totals to the unit, by the documented rounding rules', () => {
    const invoice = draft();
    // Line 1: 3 × 1,250,000 = 3,750,000; 10% off = 375,000 → 3,375,000
    // Line 2: 333,333; Line 3: 2.5 × 777,777 = 1,944,442.5 → 1,944,443 (half away from zero) − 1 = 1,944,442
    // Subtotal 5,652,775; document discount 100,000 spread by largest remainder.
    expect(invoice.lines.map((l) => l.gross)).toEqual([3_750_000, 333_333, 1_944_443]);
    expect(invoice.lines.map((l) => l.lineDiscount)).toEqual([375_000, 0, 1]);
    const shares = invoice.lines.map((l) => l.documentDiscount);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(shares).toEqual([59_705, 5_897, 34_398]);
    expect(invoice.lines.map((l) => l.tax)).toEqual([331_530, 0, 191_004]);
    expect(invoice.totals).toEqual({
      gross: 6_027_776,
      discount: 475_001,
      net: 5_552_775,
      tax: 522_534,
      total: 6_075_309,
    });
    const sum = invoice.lines.reduce((s, l) => s + l.net + l.tax, 0);
    expect(sum).toBe(invoice.totals.total);
  });

  it('handles USD cents and decimal quantities', () => {
    const usd = app.call('quotes.create', {
      customerId,
      currency: 'USD',
      lines: [line({ quantityMilli: 1500, unitPriceMinor: 1999, taxBasisPoints: 825 })],
    });
    // 1.5 × 19.99 = 29.985 → 29.99; tax 8.25% = 2.474 → 2.47
    expect(usd.totals).toMatchObject({ gross: 2999, tax: 247, total: 3246 });
  });
});

describe('numbering', () => {
  it('numbers only when issued, gapless, with the Jalali year, and drafts never consume a number', () => {
    expect(app.call('billing.series.get', {})).toEqual({ prefix: 'A-{year}-', next: 'A-1405-00001' });
    const first = draft();
    const second = draft();
    expect(first.number).toBeNull();
    const issued2 = app.call('invoices.issue', { id: second.id });
    expect(issued2).toMatchObject({ number: 'A-1405-00001', state: 'issued', status: 'issued' });
    draft(); // another draft takes nothing
    app.call('invoices.delete', { id: draft().id }); // nor does a deleted draft
    expect(app.call('invoices.issue', { id: first.id }).number).toBe('A-1405-00002');
    expect(app.call('billing.series.get', {}).next).toBe('A-1405-00003');
  });

  it('uses the prefix from Settings, restarting the counter per prefix, never grouped', () => {
    app.call('billing.series.update', { prefix: 'B-{year}/' });
    expect(app.call('invoices.issue', { id: draft().id }).number).toBe('B-1405/00001');
    now = Date.parse('2027-03-22T08:00:00.000Z'); // 1 Farvardin 1406
    expect(app.call('invoices.issue', { id: draft().id }).number).toBe('B-1406/00001');
  });
});

describe('issued invoices', () => {
  it('cannot be edited, issued twice or deleted', () => {
    const invoice = app.call('invoices.issue', { id: draft().id });
    const edit = app.fail('invoices.update', { id: invoice.id, customerId, currency: 'IRR', lines: [line()] });
    expect(edit.issues?.[0]).toMatchObject({
      field: 'id',
      code: 'invoice_not_editable',
      params: { number: invoice.number },
    });
    expect(app.fail('invoices.issue', { id: invoice.id }).issues?.[0]?.code).toBe('invoice_not_editable');
    expect(app.fail('invoices.delete', { id: invoice.id }).issues?.[0]?.code).toBe('invoice_not_editable');
    expect(app.call('invoices.get', { id: invoice.id }).totals).toEqual(invoice.totals);
  });

  it('keeps the customer as issued in the printable document', () => {
    const invoice = app.call('invoices.issue', { id: draft().id });
    app.call('customers.update', { id: customerId, kind: 'organization', name: 'Aria Trading Co.' });
    const printable = app.call('documents.printable', { kind: 'invoice', number: invoice.number ?? '' });
    expect(printable.document).toMatchObject({
      kind: 'invoice',
      number: invoice.number,
      customer: { name: 'Aria Trading' },
      totals: { total: invoice.totals.total, paid: 0, balance: invoice.totals.total },
    });
    expect(printable.document.lines).toHaveLength(3);
    expect(printable.document.lines[0]).toMatchObject({ discountMinor: 375_000 + 59_705, taxMinor: 331_530 });
    expect(printable.profile).toMatchObject({ defaultCurrency: 'IRR', rialDisplay: 'rial' });
  });
});

describe('payments and statuses', () => {
  it('moves from issued to partially paid to paid; refuses a payment above the balance', () => {
    const invoice = app.call('invoices.issue', { id: draft([line()], { discount: null }).id });
    expect(invoice.totals.total).toBe(1_375_000);
    const partial = app.call('payments.add', {
      invoiceId: invoice.id,
      paidAt: '2026-11-22T09:00:00Z',
      amountMinor: 375_000,
      method: 'cash',
    });
    expect(partial).toMatchObject({ status: 'partially_paid', paid: 375_000, balance: 1_000_000 });
    const above = app.fail('payments.add', {
      invoiceId: invoice.id,
      paidAt: '2026-11-22T09:00:00Z',
      amountMinor: 1_000_001,
      method: 'card',
    });
    expect(above.issues?.[0]).toMatchObject({ field: 'amountMinor', code: 'payment_above_balance' });
    const cheque = app.fail('payments.add', {
      invoiceId: invoice.id,
      paidAt: '2026-11-22T09:00:00Z',
      amountMinor: 1_000_000,
      method: 'cheque',
    });
    expect(cheque.issues?.[0]).toMatchObject({ field: 'chequeNumber', code: 'required' });
    const paid = app.call('payments.add', {
      invoiceId: invoice.id,
      paidAt: '2026-11-22T09:00:00Z',
      amountMinor: 1_000_000,
      method: 'cheque',
      chequeNumber: '123456',
      chequeDueAt: '2026-12-22T00:00:00Z',
    });
    expect(paid).toMatchObject({ status: 'paid', balance: 0 });
    expect(paid.payments.map((p) => p.method)).toEqual(['cash', 'cheque']);
    expect(app.call('invoices.list', { status: 'paid' }).rows.map((r) => r.id)).toEqual([invoice.id]);
  });

  it('derives overdue from the due date and the balance; lists filter by it', () => {
    const invoice = app.call('invoices.issue', {
      id: draft([line()], { discount: null, dueAt: '2026-11-30T00:00:00Z' }).id,
    });
    expect(invoice.status).toBe('issued');
    now = Date.parse('2026-12-01T08:00:00.000Z');
    expect(app.call('invoices.get', { id: invoice.id }).status).toBe('overdue');
    const list = app.call('invoices.list', { status: 'overdue' });
    expect(list).toMatchObject({ total: 1, rows: [{ id: invoice.id, status: 'overdue', balance: 1_375_000 }] });
    expect(app.call('invoices.list', { status: 'issued' }).total).toBe(0);
  });

  it('refuses payments on drafts, and voids only unpaid issued invoices', () => {
    const d = draft();
    expect(
      app.fail('payments.add', { invoiceId: d.id, paidAt: '2026-11-22T09:00:00Z', amountMinor: 1, method: 'cash' })
        .issues?.[0]?.code,
    ).toBe('invoice_not_issued');
    const issued = app.call('invoices.issue', { id: d.id });
    app.call('payments.add', { invoiceId: issued.id, paidAt: '2026-11-22T09:00:00Z', amountMinor: 1, method: 'cash' });
    expect(app.fail('invoices.void', { id: issued.id }).issues?.[0]?.code).toBe('invoice_has_payments');
    const other = app.call('invoices.issue', { id: draft().id });
    expect(app.call('invoices.void', { id: other.id, reason: 'typo' })).toMatchObject({ status: 'void', balance: 0 });
  });

  it('a credit note lowers the balance of the invoice it corrects and takes the next number', () => {
    const invoice = app.call('invoices.issue', { id: draft([line(), line()], { discount: null }).id });
    const credit = app.call('invoices.creditNote', { id: invoice.id, lines: [line()] });
    expect(credit).toMatchObject({
      kind: 'credit_note',
      creditOfId: invoice.id,
      number: 'A-1405-00002',
      state: 'issued',
    });
    const after = app.call('invoices.get', { id: invoice.id });
    expect(after).toMatchObject({ credited: 1_375_000, balance: 1_375_000, status: 'issued' });
    expect(app.fail('invoices.creditNote', { id: invoice.id, lines: [line(), line()] }).issues?.[0]?.code).toBe(
      'credit_above_balance',
    );
    expect(app.call('invoices.creditNote', { id: invoice.id }).totals.total).toBe(1_375_000);
    expect(app.call('invoices.get', { id: invoice.id })).toMatchObject({ balance: 0, status: 'paid' });
  });
});

describe('quotes', () => {
  it('an accepted quote converts to a draft invoice once', () => {
    const quote = app.call('quotes.create', {
      customerId,
      currency: 'IRR',
      lines: threeLines(),
      discount: { kind: 'percent', basisPoints: 500 },
      validUntil: '2026-12-01T20:30:00Z',
    });
    expect(app.fail('quotes.convert', { id: quote.id }).issues?.[0]?.code).toBe('quote_not_accepted');
    app.call('quotes.setStatus', { id: quote.id, status: 'accepted' });
    const invoice = app.call('quotes.convert', { id: quote.id });
    expect(invoice).toMatchObject({ state: 'draft', number: null, quoteId: quote.id, customerId });
    expect(invoice.totals).toEqual(quote.totals);
    expect(app.call('quotes.get', { id: quote.id }).invoiceId).toBe(invoice.id);
    expect(app.fail('quotes.convert', { id: quote.id }).issues?.[0]?.code).toBe('already_converted');
  });

  it('an edit that names its changed fields keeps the others as stored (quotes and draft invoices)', () => {
    const quote = app.call('quotes.create', { customerId, currency: 'IRR', lines: threeLines() });
    // Another window marks it sent and adds a line while an editor opened before changes the notes.
    app.call('quotes.update', { id: quote.id, customerId, currency: 'IRR', lines: [...threeLines(), line()] });
    app.call('quotes.setStatus', { id: quote.id, status: 'sent' });
    const stale = {
      customerId,
      currency: 'IRR',
      lines: threeLines(),
      notes: 'Deliver Saturday',
      status: 'draft' as const,
    };
    const edited = app.call('quotes.update', { id: quote.id, ...stale, changed: ['notes'] });
    expect(edited).toMatchObject({ notes: 'Deliver Saturday', status: 'sent' });
    expect(edited.lines).toHaveLength(4);

    const invoice = draft();
    app.call('invoices.update', {
      id: invoice.id,
      customerId,
      currency: 'IRR',
      lines: [line()],
      dueAt: '2026-12-01T20:30:00Z',
    });
    const changed = app.call('invoices.update', {
      id: invoice.id,
      customerId,
      currency: 'IRR',
      lines: threeLines(),
      notes: 'Thanks',
      changed: ['notes'],
    });
    expect(changed).toMatchObject({ notes: 'Thanks', dueAt: '2026-12-01T20:30:00Z' });
    expect(changed.lines).toHaveLength(1);
    expect(app.fail('invoices.update', { id: invoice.id, ...stale, changed: ['number'] }).issues?.[0]).toMatchObject({
      field: 'changed.0',
      code: 'invalid_choice',
    });
  });

  it('a product edit that names its changed fields keeps the description and price stored meanwhile', () => {
    const tea = app.call('products.create', {
      name: 'Tea',
      priceMinor: 1_000_000,
      currency: 'IRR',
      description: 'Lahijan',
    });
    app.call('products.update', {
      id: tea.id,
      name: 'Tea',
      priceMinor: 1_200_000,
      currency: 'IRR',
      description: 'Lahijan',
    });
    const renamed = app.call('products.update', {
      id: tea.id,
      name: 'Green tea',
      priceMinor: 1_000_000,
      currency: 'IRR',
      changed: ['name'],
    });
    expect(renamed).toMatchObject({ name: 'Green tea', priceMinor: 1_200_000, description: 'Lahijan' });
  });

  it('shows a sent quote past its validity as expired', () => {
    const quote = app.call('quotes.create', {
      customerId,
      currency: 'IRR',
      lines: [line()],
      status: 'sent',
      validUntil: '2026-11-25T20:30:00Z',
    });
    expect(quote.status).toBe('sent');
    now = Date.parse('2026-11-26T08:00:00.000Z');
    expect(app.call('quotes.get', { id: quote.id }).status).toBe('expired');
    expect(app.call('quotes.list', { status: 'expired' }).map((q) => q.id)).toEqual([quote.id]);
  });
});

describe('bad input: a clear code naming the field, nothing saved', () => {
  const count = (table: string) => (app.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it.each([
    ['zero lines', { lines: [] }, 'lines', 'no_lines'],
    ['negative quantity', { lines: [line({ quantityMilli: -1000 })] }, 'lines.0.quantityMilli', 'negative_amount'],
    ['zero quantity', { lines: [line({ quantityMilli: 0 })] }, 'lines.0.quantityMilli', 'zero_quantity'],
    ['negative price', { lines: [line(), line({ unitPriceMinor: -5 })] }, 'lines.1.unitPriceMinor', 'negative_amount'],
    [
      'line discount above the line',
      { lines: [line({ discount: { kind: 'amount', minor: 1_250_001 } })] },
      'lines.0.discount',
      'discount_above_total',
    ],
    [
      'document discount above the total',
      { lines: [line()], discount: { kind: 'percent', basisPoints: 10_000 + 1 } },
      'discount.basisPoints',
      'too_big',
    ],
    [
      'document discount amount above the subtotal',
      { lines: [line()], discount: { kind: 'amount', minor: 1_250_001 } },
      'discount',
      'discount_above_total',
    ],
    [
      'unknown product',
      { lines: [line({ productId: '01900000-0000-7000-8000-000000000000' })] },
      'lines.0.productId',
      'unknown_product',
    ],
    ['unknown customer', { customerId: '01900000-0000-7000-8000-000000000001' }, 'customerId', 'unknown_customer'],
  ])('%s', (_name, patch, field, code) => {
    const before = [count('invoices'), count('change_log')];
    const error = app.fail('invoices.create', { customerId, currency: 'IRR', lines: [line()], ...patch });
    expect(error.code).toBe('validation');
    expect(error.issues).toContainEqual(expect.objectContaining({ field, code }));
    expect([count('invoices'), count('change_log')]).toEqual(before);
  });

  it('products: unique SKU among live products, price not negative', () => {
    const tea = app.call('products.create', { name: 'Tea', sku: 'T-1', priceMinor: 1000, currency: 'IRR' });
    expect(
      app.fail('products.create', { name: 'Tea 2', sku: 'T-1', priceMinor: 1, currency: 'IRR' }).issues?.[0],
    ).toMatchObject({
      field: 'sku',
      code: 'duplicate_sku',
    });
    expect(app.fail('products.create', { name: 'X', priceMinor: -1, currency: 'IRR' }).issues?.[0]).toMatchObject({
      field: 'priceMinor',
      code: 'negative_amount',
    });
    app.call('products.delete', { id: tea.id });
    expect(app.call('products.create', { name: 'Tea 3', sku: 'T-1', priceMinor: 1, currency: 'IRR' }).sku).toBe('T-1');
    expect(app.call('products.list', { query: 'tea' }).map((p) => p.name)).toEqual(['Tea 3']);
  });
});

describe('business profile', () => {
  it('is a set of synced settings, one per field, written through the change log', () => {
    const profile = {
      name: 'فروشگاه آریا',
      address: 'تهران، خیابان ولیعصر',
      phone: '021 8888 0000',
      taxCode: '10101234567',
      logoDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
      defaultCurrency: 'IRR',
      defaultTaxBasisPoints: 1000,
      rialDisplay: 'toman' as const,
      footer: 'با سپاس از خرید شما',
    };
    expect(app.call('billing.profile.update', profile)).toEqual(profile);
    expect(app.call('billing.profile.get', {})).toEqual(profile);
    // One setting per field that differs from the defaults (currency and tax rate do not).
    const logged = app.db
      .prepare("SELECT row_id FROM change_log WHERE table_name = 'settings' ORDER BY row_id")
      .pluck()
      .all();
    expect(logged).toEqual(
      ['address', 'footer', 'logoDataUrl', 'name', 'phone', 'rialDisplay', 'taxCode'].map(
        (f) => `business_profile.${f}`,
      ),
    );
    expect(
      app.fail('billing.profile.update', { ...profile, logoDataUrl: 'http://x/logo.png' }).issues?.[0]?.field,
    ).toBe('logoDataUrl');

    // A page loaded before another window changed the footer saves only its new phone number.
    app.call('billing.profile.update', { ...profile, footer: 'Thank you' });
    const saved = app.call('billing.profile.update', { ...profile, phone: '021 8888 1111', changed: ['phone'] });
    expect(saved).toMatchObject({ phone: '021 8888 1111', footer: 'Thank you' });
    // Saving the same values again writes nothing.
    const before = app.db.prepare('SELECT count(*) FROM change_log').pluck().get();
    app.call('billing.profile.update', saved);
    expect(app.db.prepare('SELECT count(*) FROM change_log').pluck().get()).toBe(before);
  });

  it('reads a profile stored whole by an older version, field by field by the newer stamp', () => {
    // What files written before the profile was split hold: one setting with the whole value.
    const whole = (value: Fields) => {
      const exists = app.db.prepare("SELECT 1 FROM settings WHERE id = 'business_profile'").get();
      if (exists) updateRecord(app.writer, 'settings', 'business_profile', { value });
      else insertRecord(app.writer, 'settings', 'business_profile', { value });
    };
    whole({ name: 'Old Shop', phone: '021 1111', footer: 'Old footer', rialDisplay: 'tooman-typo' });
    expect(app.call('billing.profile.get', {})).toMatchObject({
      name: 'Old Shop',
      phone: '021 1111',
      footer: 'Old footer',
      rialDisplay: 'rial', // a stored value the schema refuses falls back to the default
    });
    const current = app.call('billing.profile.get', {});
    app.call('billing.profile.update', { ...current, footer: 'New footer', changed: ['footer'] });
    expect(app.call('billing.profile.get', {})).toMatchObject({ name: 'Old Shop', footer: 'New footer' });
    // An older copy of the app on another computer later saves the whole value: it is newer.
    whole({ name: 'Old Shop 2', phone: '021 1111', footer: 'Footer from the old app' });
    expect(app.call('billing.profile.get', {})).toMatchObject({
      name: 'Old Shop 2',
      footer: 'Footer from the old app',
    });
  });
});
