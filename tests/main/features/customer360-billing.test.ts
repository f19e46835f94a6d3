import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LineInput } from '../../../shared/billing/billing.schema';
import type { TimelineItem, TimelineKind, TimelinePage } from '../../../shared/customers/customer360';
import { openTestApp, type TestApp } from '../../helpers/temp-app';

const TZ = 'Asia/Tehran';
let now = Date.parse('2026-11-22T08:00:00.000Z');
let app: TestApp;
let customerId: string;

const minute = (n: number) => new Date(Date.parse('2026-11-22T08:00:00.000Z') + n * 60_000).toISOString();
const line = (unitPriceMinor: number, taxBasisPoints = 0): LineInput[] => [
  { description: 'Tea, 500 g', quantityMilli: 1000, unitPriceMinor, taxBasisPoints },
];

beforeEach(() => {
  now = Date.parse('2026-11-22T08:00:00.000Z');
  app = openTestApp({ wallClock: () => now, timeZone: TZ });
  customerId = app.call('customers.create', { kind: 'organization', name: 'Aria Trading' }).id;
});
afterEach(() => app.dispose());

const itemId = (item: TimelineItem): string => {
  switch (item.kind) {
    case 'note':
      return `note:${item.note.id}`;
    case 'activity':
      return `activity:${item.activity.id}`;
    case 'change':
      return `change:${item.changes[0]?.hlc ?? ''}`;
    case 'quote':
      return `quote:${item.quote.id}`;
    case 'invoice':
      return `invoice:${item.invoice.id}`;
    case 'payment':
      return `payment:${item.payment.id}`;
  }
};

function walk(limit: number, kinds?: TimelineKind[]): string[] {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: TimelinePage = app.call('customers.timeline', {
      id: customerId,
      limit,
      cursor,
      ...(kinds ? { kinds } : {}),
    });
    seen.push(...page.items.map(itemId));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

/**
 * 08:01 a quote; 08:02 invoice A drafted, issued 08:03; 08:04 invoice B drafted, issued 08:05;
 * A paid in part at 08:05 (the same time as B's issue); B paid in full at 08:06; a note at 08:07;
 * a draft C at 08:08; a USD invoice issued 08:09.
 */
function seed() {
  now = Date.parse(minute(1));
  const quote = app.call('quotes.create', { customerId, currency: 'IRR', lines: line(500_000) });
  now = Date.parse(minute(2));
  const a = app.call('invoices.create', { customerId, currency: 'IRR', lines: line(1_000_000) });
  now = Date.parse(minute(3));
  const issuedA = app.call('invoices.issue', { id: a.id });
  now = Date.parse(minute(4));
  const b = app.call('invoices.create', { customerId, currency: 'IRR', lines: line(2_500_000, 1000) });
  now = Date.parse(minute(5));
  const issuedB = app.call('invoices.issue', { id: b.id });
  const payA = app.call('payments.add', { invoiceId: a.id, paidAt: minute(5), amountMinor: 400_000, method: 'cash' });
  now = Date.parse(minute(6));
  const payB = app.call('payments.add', {
    invoiceId: b.id,
    paidAt: minute(6),
    amountMinor: 2_750_000,
    method: 'cheque',
    chequeNumber: '123456',
    chequeDueAt: minute(60 * 24 * 30),
  });
  now = Date.parse(minute(7));
  const note = app.call('notes.create', {
    recordType: 'customer',
    recordId: customerId,
    body: 'Wants monthly billing',
  });
  now = Date.parse(minute(8));
  const c = app.call('invoices.create', { customerId, currency: 'IRR', lines: line(9_000_000) });
  const usd = app.call('invoices.create', { customerId, currency: 'USD', lines: line(1999) });
  now = Date.parse(minute(9));
  const issuedUsd = app.call('invoices.issue', { id: usd.id });
  now = Date.parse(minute(10));
  return {
    quote,
    a: issuedA,
    b: issuedB,
    c,
    usd: issuedUsd,
    payA: payA.payments.at(-1)?.id ?? '',
    payB: payB.payments.at(-1)?.id ?? '',
    note,
  };
}

describe('customer 360 with billing', () => {
  it('sums open balance, purchases, invoice count and last invoice per currency, to the unit', () => {
    const s = seed();
    expect(s.a.totals.total).toBe(1_000_000);
    expect(s.b.totals.total).toBe(2_750_000);
    const summary = app.call('customers.summary', { id: customerId });
    expect(summary.billing).toEqual([
      {
        currency: 'IRR',
        openBalance: 600_000,
        purchases: 3_750_000,
        invoices: 2,
        lastInvoiceAt: s.b.issuedAt,
      },
      { currency: 'USD', openBalance: 1999, purchases: 1999, invoices: 1, lastInvoiceAt: s.usd.issuedAt },
    ]);

    // A credit note for the rest of A closes it: the balance goes, purchases net of the credit.
    app.call('invoices.creditNote', { id: s.a.id });
    // Voiding the USD invoice removes it from the header.
    app.call('invoices.void', { id: s.usd.id, reason: 'Wrong currency' });
    expect(app.call('customers.summary', { id: customerId }).billing).toEqual([
      { currency: 'IRR', openBalance: 0, purchases: 3_150_000, invoices: 2, lastInvoiceAt: s.b.issuedAt },
    ]);
  });

  it('has no billing facts for a customer without invoices', () => {
    expect(app.call('customers.summary', { id: customerId }).billing).toEqual([]);
  });

  it('merges quotes, invoices and payments into the timeline newest first, paging without gaps or repeats', () => {
    const s = seed();
    const all = walk(200);
    const billingAndNotes = all.filter((id) => !id.startsWith('change:'));
    expect(billingAndNotes).toEqual([
      `invoice:${s.usd.id}`,
      `invoice:${s.c.id}`,
      `note:${s.note.id}`,
      `payment:${s.payB}`,
      // Same time as B's issue: payments come before invoices.
      `payment:${s.payA}`,
      `invoice:${s.b.id}`,
      `invoice:${s.a.id}`,
      `quote:${s.quote.id}`,
    ]);
    // The customer's creation is the oldest item.
    expect(all.at(-1)).toMatch(/^change:/);
    for (const limit of [1, 2, 3, 5]) expect(walk(limit)).toEqual(all);
    expect(new Set(all).size).toBe(all.length);

    const first = app.call('customers.timeline', { id: customerId, kinds: ['invoice', 'payment'], limit: 50 });
    const byId = new Map(first.items.map((item) => [itemId(item), item]));
    expect(byId.get(`invoice:${s.a.id}`)).toMatchObject({
      kind: 'invoice',
      at: s.a.issuedAt,
      invoice: { number: s.a.number, status: 'partially_paid', total: 1_000_000, paid: 400_000, balance: 600_000 },
    });
    expect(byId.get(`invoice:${s.b.id}`)).toMatchObject({ invoice: { status: 'paid', balance: 0 } });
    expect(byId.get(`invoice:${s.c.id}`)).toMatchObject({
      at: s.c.createdAt,
      invoice: { number: null, status: 'draft', total: 9_000_000 },
    });
    expect(byId.get(`payment:${s.payB}`)).toMatchObject({
      at: minute(6),
      payment: {
        amount: 2_750_000,
        method: 'cheque',
        chequeNumber: '123456',
        invoiceNumber: s.b.number,
        currency: 'IRR',
      },
    });
  });

  it('filters by the billing kinds and pages each alone', () => {
    const s = seed();
    expect(walk(1, ['quote'])).toEqual([`quote:${s.quote.id}`]);
    expect(walk(1, ['payment'])).toEqual([`payment:${s.payB}`, `payment:${s.payA}`]);
    expect(walk(2, ['invoice'])).toEqual([
      `invoice:${s.usd.id}`,
      `invoice:${s.c.id}`,
      `invoice:${s.b.id}`,
      `invoice:${s.a.id}`,
    ]);
    expect(walk(2, ['note', 'quote'])).toEqual([`note:${s.note.id}`, `quote:${s.quote.id}`]);
  });

  it('reads each kind and the header through an index, never a scan', () => {
    const plan = (sql: string) =>
      (app.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    const invoices = plan(
      `SELECT * FROM invoices WHERE customer_id = 'x' AND deleted_at IS NULL
       AND (coalesce(issued_at, created_at), seq) < ('2026', 5)
       ORDER BY coalesce(issued_at, created_at) DESC, seq DESC LIMIT 10`,
    );
    expect(invoices).toMatch(/invoices_by_customer_time/);
    expect(invoices).not.toMatch(/TEMP B-TREE/);
    const payments = plan(
      `SELECT p.* FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id
       WHERE p.customer_id = 'x' AND p.deleted_at IS NULL AND (p.paid_at, p.seq) < ('2026', 5)
       ORDER BY p.paid_at DESC, p.seq DESC LIMIT 10`,
    );
    expect(payments).toMatch(/payments_by_customer/);
    expect(payments).not.toMatch(/TEMP B-TREE|SCAN p\b/);
    const quotes = plan(
      `SELECT * FROM quotes WHERE customer_id = 'x' AND deleted_at IS NULL AND created_at <= '2026'
       ORDER BY created_at DESC, seq DESC LIMIT 10`,
    );
    expect(quotes).toMatch(/quotes_by_customer/);
    expect(quotes).not.toMatch(/TEMP B-TREE/);
    const header = plan(
      `SELECT i.total_minor,
         (SELECT sum(p.amount_minor) FROM payments p WHERE p.invoice_id = i.id AND p.deleted_at IS NULL),
         (SELECT sum(c.total_minor) FROM invoices c WHERE c.credit_of_id = i.id AND c.state = 'issued' AND c.deleted_at IS NULL)
       FROM invoices i WHERE i.customer_id = 'x' AND i.deleted_at IS NULL AND i.state = 'issued'`,
    );
    expect(header).not.toMatch(/^SCAN/m);
  });
});
