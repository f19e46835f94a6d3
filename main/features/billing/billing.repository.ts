/**
 * Reading billing records: products, quotes, invoices with their paid and credited amounts,
 * and payments. Balances and shown statuses are computed in one SQL pass, so
 * a list filtered by "overdue" or "partially paid" pages in the database.
 */
import type { Db } from '../../../db/database';
import type { InvoicesTable, PaymentsTable, ProductsTable, QuotesTable } from '../../../db/schema';
import type {
  DocumentLine,
  Invoice,
  InvoiceListResult,
  InvoiceListRow,
  InvoiceStatus,
  LineValues,
  Payment,
  Product,
  Quote,
  QuoteListRow,
  QuoteStatus,
} from '../../../shared/billing/billing.schema';
import { invoiceStatus } from '../../../shared/billing/billing.schema';
import type { DocumentTotals } from '../../../shared/money/money';
import { normalizeForSearch } from '../../../shared/text/normalize';

type Row<T> = Omit<T, 'seq'> & { seq: number };
export type ProductRow = Row<ProductsTable>;
export type QuoteRow = Row<QuotesTable>;
export type InvoiceRow = Row<InvoicesTable>;
export type PaymentRow = Row<PaymentsTable>;

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    sku: row.sku,
    unit: row.unit,
    priceMinor: row.price_minor,
    currency: row.currency,
    taxBasisPoints: row.tax_basis_points,
    active: row.active === 1,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export function findProductRow(db: Db, id: string): ProductRow | undefined {
  return db.prepare('SELECT * FROM products WHERE id = ?').get(id) as ProductRow | undefined;
}

export function liveProductWithSku(db: Db, sku: string, exceptId: string | null): ProductRow | undefined {
  return db
    .prepare("SELECT * FROM products WHERE sku = ? AND sku != '' AND deleted_at IS NULL AND id IS NOT ?")
    .get(sku, exceptId) as ProductRow | undefined;
}

export function listProducts(db: Db, query: string, includeInactive: boolean, limit: number): Product[] {
  const needle = normalizeForSearch(query);
  const rows = db
    .prepare(
      `SELECT * FROM products WHERE deleted_at IS NULL ${includeInactive ? '' : 'AND active = 1'}
       AND (? = '' OR instr(search_text, ?) > 0) ORDER BY name COLLATE NOCASE, seq LIMIT ?`,
    )
    .all(needle, needle, limit) as ProductRow[];
  return rows.map(toProduct);
}

export function customerName(db: Db, id: string): string {
  const row = db.prepare('SELECT name FROM customers WHERE id = ?').get(id) as { name: string } | undefined;
  return row?.name ?? '';
}

function hasTable(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** The pipeline's opportunity title, when that table exists. */
export function opportunityName(db: Db, id: string | null): string | null {
  if (!id || !hasTable(db, 'opportunities')) return null;
  const row = db.prepare('SELECT title FROM opportunities WHERE id = ?').get(id) as { title: string } | undefined;
  return row?.title ?? null;
}

const parseJson = <T>(text: string): T => JSON.parse(text) as T;

/** A quote past its validity that was never answered is shown as expired. */
export function shownQuoteStatus(status: QuoteStatus, validUntil: string | null, now: string): QuoteStatus {
  return (status === 'draft' || status === 'sent') && validUntil !== null && validUntil < now ? 'expired' : status;
}

export function findQuoteRow(db: Db, id: string): QuoteRow | undefined {
  return db.prepare('SELECT * FROM quotes WHERE id = ?').get(id) as QuoteRow | undefined;
}

export function toQuote(db: Db, row: QuoteRow, now: string): Quote {
  const totals = parseJson<Omit<DocumentTotals, 'lines'>>(row.totals);
  const invoice = row.invoice_id
    ? (db.prepare('SELECT number FROM invoices WHERE id = ?').get(row.invoice_id) as
        { number: string | null } | undefined)
    : undefined;
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: customerName(db, row.customer_id),
    currency: row.currency,
    lines: parseJson<DocumentLine[]>(row.lines),
    discount: parseJson<LineValues['discount']>(row.discount),
    totals,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    opportunityId: row.opportunity_id,
    opportunityName: opportunityName(db, row.opportunity_id),
    validUntil: row.valid_until,
    status: shownQuoteStatus(row.status, row.valid_until, now),
    invoiceId: row.invoice_id,
    invoiceNumber: invoice?.number ?? null,
  };
}

export function listQuotes(
  db: Db,
  filter: { customerId: string | null; status: QuoteStatus | null; limit: number },
  now: string,
): QuoteListRow[] {
  const rows = db
    .prepare(
      `SELECT q.id, q.customer_id, c.name AS customer_name, q.currency, q.total_minor, q.status, q.valid_until,
              q.invoice_id, q.created_at
       FROM quotes q LEFT JOIN customers c ON c.id = q.customer_id
       WHERE q.deleted_at IS NULL AND (? IS NULL OR q.customer_id = ?)
       ORDER BY q.created_at DESC, q.seq DESC LIMIT ?`,
    )
    .all(filter.customerId, filter.customerId, filter.status ? 5000 : filter.limit) as {
    id: string;
    customer_id: string;
    customer_name: string | null;
    currency: string;
    total_minor: number;
    status: QuoteStatus;
    valid_until: string | null;
    invoice_id: string | null;
    created_at: string;
  }[];
  return rows
    .map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      customerName: r.customer_name ?? '',
      currency: r.currency,
      total: r.total_minor,
      status: shownQuoteStatus(r.status, r.valid_until, now),
      validUntil: r.valid_until,
      invoiceId: r.invoice_id,
      createdAt: r.created_at,
    }))
    .filter((r) => !filter.status || r.status === filter.status)
    .slice(0, filter.limit);
}

export function findInvoiceRow(db: Db, id: string): InvoiceRow | undefined {
  return db.prepare('SELECT * FROM invoices WHERE id = ?').get(id) as InvoiceRow | undefined;
}

export function findInvoiceByNumber(db: Db, number: string): InvoiceRow | undefined {
  return db.prepare('SELECT * FROM invoices WHERE number = ? AND deleted_at IS NULL').get(number) as
    InvoiceRow | undefined;
}

export function paidOf(db: Db, invoiceId: string): number {
  return (
    db
      .prepare('SELECT coalesce(sum(amount_minor), 0) AS n FROM payments WHERE invoice_id = ? AND deleted_at IS NULL')
      .get(invoiceId) as { n: number }
  ).n;
}

export function creditedOf(db: Db, invoiceId: string): number {
  return (
    db
      .prepare(
        "SELECT coalesce(sum(total_minor), 0) AS n FROM invoices WHERE credit_of_id = ? AND state = 'issued' AND deleted_at IS NULL",
      )
      .get(invoiceId) as { n: number }
  ).n;
}

/** What is still owed on an invoice: total − payments − issued credit notes; 0 unless issued. */
export function balanceOf(row: InvoiceRow, paid: number, credited: number): number {
  return row.state === 'issued' && row.kind === 'invoice' ? row.total_minor - paid - credited : 0;
}

export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    invoiceId: row.invoice_id,
    customerId: row.customer_id,
    paidAt: row.paid_at,
    amountMinor: row.amount_minor,
    method: row.method,
    chequeNumber: row.cheque_number,
    chequeDueAt: row.cheque_due_at,
    reference: row.reference,
    createdAt: row.created_at,
  };
}

export function paymentsOf(db: Db, invoiceId: string): Payment[] {
  return (
    db
      .prepare('SELECT * FROM payments WHERE invoice_id = ? AND deleted_at IS NULL ORDER BY paid_at, seq')
      .all(invoiceId) as PaymentRow[]
  ).map(toPayment);
}

export function toInvoice(db: Db, row: InvoiceRow, now: string): Invoice {
  const paid = paidOf(db, row.id);
  const credited = creditedOf(db, row.id);
  const balance = balanceOf(row, paid, credited);
  const creditOf = row.credit_of_id ? findInvoiceRow(db, row.credit_of_id) : undefined;
  const creditNotes = db
    .prepare(
      "SELECT id, number, total_minor FROM invoices WHERE credit_of_id = ? AND deleted_at IS NULL AND state != 'void' ORDER BY seq",
    )
    .all(row.id) as { id: string; number: string | null; total_minor: number }[];
  return {
    id: row.id,
    kind: row.kind,
    creditOfId: row.credit_of_id,
    creditOfNumber: creditOf?.number ?? null,
    quoteId: row.quote_id,
    customerId: row.customer_id,
    customerName: customerName(db, row.customer_id),
    currency: row.currency,
    lines: parseJson<DocumentLine[]>(row.lines),
    discount: parseJson<LineValues['discount']>(row.discount),
    totals: parseJson<Omit<DocumentTotals, 'lines'>>(row.totals),
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    number: row.number,
    state: row.state,
    status: invoiceStatus(row.state, row.kind, paid, balance, row.due_at, now),
    issuedAt: row.issued_at,
    dueAt: row.due_at,
    voidedAt: row.voided_at,
    voidReason: row.void_reason,
    paid,
    credited,
    balance,
    payments: paymentsOf(db, row.id),
    creditNotes: creditNotes.map((c) => ({ id: c.id, number: c.number, total: c.total_minor })),
  };
}

/** Balance and shown status of each invoice, as SQL (mirrors `invoiceStatus`). */
const INVOICE_VIEW = `
  WITH money AS (
    SELECT i.*,
      (SELECT coalesce(sum(p.amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id AND p.deleted_at IS NULL) AS paid,
      (SELECT coalesce(sum(c.total_minor), 0) FROM invoices c
        WHERE c.credit_of_id = i.id AND c.state = 'issued' AND c.deleted_at IS NULL) AS credited
    FROM invoices i WHERE i.deleted_at IS NULL AND (:customer IS NULL OR i.customer_id = :customer)
  ),
  shown AS (
    SELECT money.*,
      CASE WHEN state = 'issued' AND kind = 'invoice' THEN total_minor - paid - credited ELSE 0 END AS balance
    FROM money
  ),
  view AS (
    SELECT shown.*,
      CASE
        WHEN state != 'issued' THEN state
        WHEN kind = 'credit_note' THEN 'issued'
        WHEN balance <= 0 THEN 'paid'
        WHEN due_at IS NOT NULL AND due_at < :now THEN 'overdue'
        WHEN paid > 0 THEN 'partially_paid'
        ELSE 'issued'
      END AS status
    FROM shown
  )`;

export function listInvoices(
  db: Db,
  filter: { customerId: string | null; status: InvoiceStatus | null; query: string; limit: number; offset: number },
  now: string,
): InvoiceListResult {
  const where = `WHERE (:status IS NULL OR v.status = :status)
    AND (:query = '' OR instr(lower(coalesce(v.number, '')), lower(:query)) > 0 OR instr(c.search_text, :needle) > 0)`;
  const params = {
    customer: filter.customerId,
    now,
    status: filter.status,
    query: filter.query,
    needle: normalizeForSearch(filter.query),
    limit: filter.limit,
    offset: filter.offset,
  };
  const rows = db
    .prepare(
      `${INVOICE_VIEW}
      SELECT v.id, v.kind, v.number, v.customer_id, c.name AS customer_name, v.currency, v.total_minor, v.paid,
             v.balance, v.status, v.issued_at, v.due_at, v.created_at
      FROM view v LEFT JOIN customers c ON c.id = v.customer_id
      ${where}
      ORDER BY v.created_at DESC, v.seq DESC LIMIT :limit OFFSET :offset`,
    )
    .all(params) as {
    id: string;
    kind: InvoiceListRow['kind'];
    number: string | null;
    customer_id: string;
    customer_name: string | null;
    currency: string;
    total_minor: number;
    paid: number;
    balance: number;
    status: InvoiceStatus;
    issued_at: string | null;
    due_at: string | null;
    created_at: string;
  }[];
  const { limit: _limit, offset: _offset, ...countParams } = params;
  const total = (
    db
      .prepare(
        `${INVOICE_VIEW} SELECT count(*) AS n FROM view v LEFT JOIN customers c ON c.id = v.customer_id ${where}`,
      )
      .get(countParams) as { n: number }
  ).n;
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      number: r.number,
      customerId: r.customer_id,
      customerName: r.customer_name ?? '',
      currency: r.currency,
      total: r.total_minor,
      paid: r.paid,
      balance: r.balance,
      status: r.status,
      issuedAt: r.issued_at,
      dueAt: r.due_at,
      createdAt: r.created_at,
    })),
  };
}

/** Open balance and purchases of a customer, per currency (for the 360 header). */
export function customerBilling(
  db: Db,
  customerId: string,
): { currency: string; openBalance: number; purchases: number; invoices: number }[] {
  return db
    .prepare(
      `${INVOICE_VIEW}
      SELECT currency,
        sum(balance) AS open_balance,
        sum(CASE WHEN kind = 'invoice' THEN total_minor - credited ELSE 0 END) AS purchases,
        sum(CASE WHEN kind = 'invoice' THEN 1 ELSE 0 END) AS invoices
      FROM view WHERE state = 'issued' GROUP BY currency ORDER BY currency`,
    )
    .all({ customer: customerId, now: '' })
    .map((r) => {
      const row = r as { currency: string; open_balance: number; purchases: number; invoices: number };
      return {
        currency: row.currency,
        openBalance: row.open_balance,
        purchases: row.purchases,
        invoices: row.invoices,
      };
    });
}

/**
 * Invoice numbers that more than one invoice carries: issued on two computers in the same series
 * before they synced (each issues its own series only once sync is set up). Issued numbers never
 * change, so this is reported, not repaired. The first `limit` numbers, and how many there are.
 */
export function numbersIssuedTwice(db: Db, limit: number): { count: number; numbers: string[] } {
  const numbers = (
    db
      .prepare(
        'SELECT number FROM invoices WHERE number IS NOT NULL GROUP BY number HAVING count(*) > 1 ORDER BY number',
      )
      .all() as { number: string }[]
  ).map((r) => r.number);
  return { count: numbers.length, numbers: numbers.slice(0, limit) };
}

export function readLocal(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM local_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeLocal(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO local_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

// ---- Customer 360: billing facts for the header and keyset pages for the timeline ----
// Every query below starts from one customer's index (invoices_by_customer,
// invoices_by_customer_time, quotes_by_customer, payments_by_customer), never from a scan.

export interface CustomerBillingFact {
  currency: string;
  /** What the customer still owes: issued invoices' total − payments − issued credit notes. */
  openBalance: number;
  /** Invoiced, net of issued credit notes (void and draft invoices are not purchases). */
  purchases: number;
  /** Issued invoices (credit notes not counted). */
  invoices: number;
  /** The latest issue date of an invoice. */
  lastInvoiceAt: string | null;
}

export function customerBillingFacts(db: Db, customerId: string): CustomerBillingFact[] {
  const rows = db
    .prepare(
      `SELECT currency,
         sum(CASE WHEN kind = 'invoice' THEN total_minor - paid - credited ELSE 0 END) AS open_balance,
         sum(CASE WHEN kind = 'invoice' THEN total_minor - credited ELSE 0 END) AS purchases,
         sum(CASE WHEN kind = 'invoice' THEN 1 ELSE 0 END) AS invoices,
         max(CASE WHEN kind = 'invoice' THEN issued_at END) AS last_invoice_at
       FROM (
         SELECT i.currency, i.kind, i.total_minor, i.issued_at,
           (SELECT coalesce(sum(p.amount_minor), 0) FROM payments p
             WHERE p.invoice_id = i.id AND p.deleted_at IS NULL) AS paid,
           (SELECT coalesce(sum(c.total_minor), 0) FROM invoices c
             WHERE c.credit_of_id = i.id AND c.state = 'issued' AND c.deleted_at IS NULL) AS credited
         FROM invoices i
         WHERE i.customer_id = ? AND i.deleted_at IS NULL AND i.state = 'issued'
       )
       GROUP BY currency HAVING invoices > 0 ORDER BY currency`,
    )
    .all(customerId) as {
    currency: string;
    open_balance: number;
    purchases: number;
    invoices: number;
    last_invoice_at: string | null;
  }[];
  return rows.map((r) => ({
    currency: r.currency,
    openBalance: r.open_balance,
    purchases: r.purchases,
    invoices: r.invoices,
    lastInvoiceAt: r.last_invoice_at,
  }));
}

/** Rows strictly after a timeline page boundary, newest first (see timeline/keyset.ts). */
export interface BillingKeyset {
  at: string;
  seq: number;
  mode: 'lt' | 'lte' | 'tuple';
}

function keysetSql(atExpression: string, seqColumn: string, before: BillingKeyset | null): [string, unknown[]] {
  if (!before) return ['', []];
  if (before.mode === 'lt') return [`AND ${atExpression} < ?`, [before.at]];
  if (before.mode === 'lte') return [`AND ${atExpression} <= ?`, [before.at]];
  return [`AND (${atExpression}, ${seqColumn}) < (?, ?)`, [before.at, before.seq]];
}

/** Timeline time of an invoice: when it was issued; a draft's when it was created. */
export const INVOICE_TIMELINE_AT = 'coalesce(issued_at, created_at)';

export function quotesForTimeline(
  db: Db,
  customerId: string,
  before: BillingKeyset | null,
  limit: number,
  now: string,
): {
  seq: number;
  at: string;
  id: string;
  status: QuoteStatus;
  currency: string;
  total: number;
  validUntil: string | null;
  invoiceId: string | null;
}[] {
  const [condition, params] = keysetSql('created_at', 'seq', before);
  const rows = db
    .prepare(
      `SELECT seq, id, created_at, status, currency, total_minor, valid_until, invoice_id FROM quotes
       WHERE customer_id = ? AND deleted_at IS NULL ${condition}
       ORDER BY created_at DESC, seq DESC LIMIT ?`,
    )
    .all(customerId, ...params, limit) as {
    seq: number;
    id: string;
    created_at: string;
    status: QuoteStatus;
    currency: string;
    total_minor: number;
    valid_until: string | null;
    invoice_id: string | null;
  }[];
  return rows.map((r) => ({
    seq: r.seq,
    at: r.created_at,
    id: r.id,
    status: shownQuoteStatus(r.status, r.valid_until, now),
    currency: r.currency,
    total: r.total_minor,
    validUntil: r.valid_until,
    invoiceId: r.invoice_id,
  }));
}

export function invoicesForTimeline(
  db: Db,
  customerId: string,
  before: BillingKeyset | null,
  limit: number,
  now: string,
): {
  seq: number;
  at: string;
  id: string;
  kind: InvoiceRow['kind'];
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  total: number;
  paid: number;
  balance: number;
  dueAt: string | null;
}[] {
  const [condition, params] = keysetSql(INVOICE_TIMELINE_AT, 'seq', before);
  const rows = db
    .prepare(
      `SELECT * FROM invoices
       WHERE customer_id = ? AND deleted_at IS NULL ${condition}
       ORDER BY ${INVOICE_TIMELINE_AT} DESC, seq DESC LIMIT ?`,
    )
    .all(customerId, ...params, limit) as InvoiceRow[];
  return rows.map((row) => {
    const paid = paidOf(db, row.id);
    const balance = balanceOf(row, paid, creditedOf(db, row.id));
    return {
      seq: row.seq,
      at: row.issued_at ?? row.created_at,
      id: row.id,
      kind: row.kind,
      number: row.number,
      status: invoiceStatus(row.state, row.kind, paid, balance, row.due_at, now),
      currency: row.currency,
      total: row.total_minor,
      paid,
      balance,
      dueAt: row.due_at,
    };
  });
}

export function paymentsForTimeline(
  db: Db,
  customerId: string,
  before: BillingKeyset | null,
  limit: number,
): { seq: number; at: string; payment: Payment; invoiceNumber: string | null; currency: string }[] {
  const [condition, params] = keysetSql('p.paid_at', 'p.seq', before);
  const rows = db
    .prepare(
      `SELECT p.*, i.number AS invoice_number, i.currency AS invoice_currency
       FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id
       WHERE p.customer_id = ? AND p.deleted_at IS NULL ${condition}
       ORDER BY p.paid_at DESC, p.seq DESC LIMIT ?`,
    )
    .all(customerId, ...params, limit) as (PaymentRow & {
    invoice_number: string | null;
    invoice_currency: string | null;
  })[];
  return rows.map((r) => ({
    seq: r.seq,
    at: r.paid_at,
    payment: toPayment(r),
    invoiceNumber: r.invoice_number,
    currency: r.invoice_currency ?? '',
  }));
}
