/**
 * Billing rules. Totals always come from shared/money `documentTotals` and are stored with the
 * document; an issued invoice is never edited (a credit note or void corrects it); numbers come
 * from this device's series, gapless, taken inside one IMMEDIATE transaction with the issue, so a
 * draft never consumes a number and two concurrent issues cannot take the same one.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../../db/database';
import {
  DEFAULT_SERIES_PREFIX,
  formatInvoiceNumber,
  type DocumentLine,
  type Invoice,
  type InvoiceValues,
  type LineValues,
  type PaymentInput,
  type Product,
  type ProductValues,
  type Quote,
  type QuoteStatus,
  type QuoteValues,
  type SeriesInfo,
} from '../../../shared/billing/billing.schema';
import { localDateOf, toParts } from '../../../shared/calendar/calendar';
import { withChanged } from '../../../shared/changed-fields';
import { AppError, type FieldIssue } from '../../../shared/errors';
import { documentTotals, MoneyError, type DocumentTotals } from '../../../shared/money/money';
import { deleteRecord, insertRecord, updateRecord, type Writer } from '../../sync/mutate';
import type { FieldValue, Fields } from '../../sync/tables';
import { customerRef } from '../customers/customer.repository';
import {
  balanceOf,
  creditedOf,
  findInvoiceRow,
  findProductRow,
  findQuoteRow,
  liveProductWithSku,
  paidOf,
  readLocal,
  toInvoice,
  toProduct,
  toQuote,
  writeLocal,
  type InvoiceRow,
  type QuoteRow,
} from './billing.repository';

export interface BillingContext {
  writer: Writer;
  timeZone: string;
  now(): number;
}

const nowIso = (ctx: BillingContext) => new Date(ctx.now()).toISOString();
const db = (ctx: BillingContext): Db => ctx.writer.db;

function fail(issues: FieldIssue[]): never {
  throw AppError.validation(issues);
}

// ---- Products -----------------------------------------------------------------------------

function productFields(values: ProductValues): Fields {
  return {
    name: values.name,
    sku: values.sku,
    unit: values.unit,
    price_minor: values.priceMinor,
    currency: values.currency,
    tax_basis_points: values.taxBasisPoints,
    active: values.active ? 1 : 0,
    description: values.description,
  };
}

function checkSku(ctx: BillingContext, sku: string, exceptId: string | null): void {
  if (sku && liveProductWithSku(db(ctx), sku, exceptId))
    fail([{ field: 'sku', code: 'duplicate_sku', params: { value: sku } }]);
}

function product(ctx: BillingContext, id: string): Product {
  const row = findProductRow(db(ctx), id);
  if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
  return toProduct(row);
}

export function createProduct(ctx: BillingContext, values: ProductValues): Product {
  const id = uuidv7();
  db(ctx).transaction(() => {
    checkSku(ctx, values.sku, null);
    insertRecord(ctx.writer, 'products', id, productFields(values));
  });
  return product(ctx, id);
}

/** With `changed`, as for documents: the other fields keep what is stored now. */
export function updateProduct(
  ctx: BillingContext,
  id: string,
  edited: ProductValues,
  changed?: readonly (keyof ProductValues)[],
): Product {
  db(ctx).transaction(() => {
    const stored = product(ctx, id);
    const values = changed ? withChanged<ProductValues>(stored, edited, changed) : edited;
    checkSku(ctx, values.sku, id);
    updateRecord(ctx.writer, 'products', id, productFields(values));
  });
  return product(ctx, id);
}

export function deleteProduct(ctx: BillingContext, id: string): void {
  product(ctx, id);
  deleteRecord(ctx.writer, 'products', id);
}

export { product as getProduct };

// ---- Documents (shared by quotes and invoices) ----------------------------------------------

interface Computed {
  lines: DocumentLine[];
  totals: Omit<DocumentTotals, 'lines'>;
}

/** Checks lines, customer and products, and computes every amount; throws one validation error. */
function computeDocument(
  ctx: BillingContext,
  values: { customerId: string; lines: LineValues[]; discount: LineValues['discount'] },
): Computed {
  const issues: FieldIssue[] = [];
  const customer = customerRef(db(ctx), values.customerId);
  if (!customer || customer.deleted) issues.push({ field: 'customerId', code: 'unknown_customer' });
  if (values.lines.length === 0) issues.push({ field: 'lines', code: 'no_lines' });
  values.lines.forEach((line, index) => {
    if (!line.productId) return;
    const row = findProductRow(db(ctx), line.productId);
    if (!row || row.deleted_at) issues.push({ field: `lines.${index}.productId`, code: 'unknown_product' });
  });
  if (issues.length) fail(issues);
  try {
    const totals = documentTotals(
      values.lines.map((l) => ({
        unitPriceMinor: l.unitPriceMinor,
        quantityMilli: l.quantityMilli,
        discount: l.discount,
        taxBasisPoints: l.taxBasisPoints,
      })),
      values.discount,
    );
    const { lines, ...rest } = totals;
    return { lines: values.lines.map((line, i) => ({ ...line, ...(lines[i] ?? zeroLine) })), totals: rest };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    const field = error.line === null ? 'discount' : `lines.${error.line}.discount`;
    if (error.code === 'too_large')
      fail([{ field: error.line === null ? 'lines' : `lines.${error.line}`, code: 'too_big' }]);
    if (error.code === 'negative_amount') fail([{ field, code: 'negative_amount' }]);
    return fail([{ field, code: 'discount_above_total' }]);
  }
}

const zeroLine = { gross: 0, lineDiscount: 0, documentDiscount: 0, net: 0, tax: 0, total: 0 };

function documentFields(
  values: { customerId: string; currency: string; discount: LineValues['discount']; notes: string },
  computed: Computed,
): Fields {
  return {
    customer_id: values.customerId,
    currency: values.currency,
    discount: values.discount as FieldValue,
    lines: computed.lines as unknown as FieldValue,
    totals: computed.totals as unknown as FieldValue,
    total_minor: computed.totals.total,
    notes: values.notes,
  };
}

/** What was entered on each line, without the computed amounts. */
function entered(lines: readonly DocumentLine[]): LineValues[] {
  return lines.map((l) => ({
    productId: l.productId,
    description: l.description,
    sku: l.sku,
    unit: l.unit,
    quantityMilli: l.quantityMilli,
    unitPriceMinor: l.unitPriceMinor,
    discount: l.discount,
    taxBasisPoints: l.taxBasisPoints,
  }));
}

// ---- Quotes -------------------------------------------------------------------------------

function quote(ctx: BillingContext, id: string): Quote {
  const row = findQuoteRow(db(ctx), id);
  if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
  return toQuote(db(ctx), row, nowIso(ctx));
}
export { quote as getQuote };

function quoteFields(ctx: BillingContext, values: QuoteValues): Fields {
  const computed = computeDocument(ctx, values);
  return {
    ...documentFields(values, computed),
    opportunity_id: values.opportunityId,
    valid_until: values.validUntil,
    status: values.status,
  };
}

export function createQuote(ctx: BillingContext, values: QuoteValues): Quote {
  const id = uuidv7();
  db(ctx).transaction(() => {
    insertRecord(ctx.writer, 'quotes', id, {
      ...quoteFields(ctx, values),
      invoice_id: null,
      owner_id: ctx.writer.userId,
    });
  });
  return quote(ctx, id);
}

/** What a stored quote or invoice holds of the fields both are edited with. */
function storedDocument(row: QuoteRow | InvoiceRow) {
  return {
    customerId: row.customer_id,
    currency: row.currency,
    lines: entered(JSON.parse(row.lines) as DocumentLine[]),
    discount: JSON.parse(row.discount) as LineValues['discount'],
    notes: row.notes,
  };
}

/**
 * With `changed`, only those fields come from `edited`; the rest keep what is stored now, which
 * another window or a synced computer may have written since the editor opened (as for customers).
 */
export function updateQuote(
  ctx: BillingContext,
  id: string,
  edited: QuoteValues,
  changed?: readonly (keyof QuoteValues)[],
): Quote {
  db(ctx).transaction(() => {
    const row = findQuoteRow(db(ctx), id);
    if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
    if (row.invoice_id) fail([{ field: 'id', code: 'already_converted' }]);
    const stored: QuoteValues = {
      ...storedDocument(row),
      opportunityId: row.opportunity_id,
      validUntil: row.valid_until,
      status: row.status,
    };
    const values = changed ? withChanged(stored, edited, changed) : edited;
    updateRecord(ctx.writer, 'quotes', id, quoteFields(ctx, values));
  });
  return quote(ctx, id);
}

export function setQuoteStatus(ctx: BillingContext, id: string, status: QuoteStatus): Quote {
  db(ctx).transaction(() => {
    const row = findQuoteRow(db(ctx), id);
    if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
    if (row.invoice_id) fail([{ field: 'id', code: 'already_converted' }]);
    updateRecord(ctx.writer, 'quotes', id, { status });
  });
  return quote(ctx, id);
}

export function deleteQuote(ctx: BillingContext, id: string): void {
  quote(ctx, id);
  deleteRecord(ctx.writer, 'quotes', id);
}

/** An accepted quote becomes a draft invoice with the same customer, lines and discount. */
export function convertQuote(ctx: BillingContext, id: string): Invoice {
  const invoiceId = db(ctx).transaction(() => {
    const row = findQuoteRow(db(ctx), id);
    if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
    if (row.invoice_id) fail([{ field: 'id', code: 'already_converted' }]);
    if (row.status !== 'accepted') fail([{ field: 'status', code: 'quote_not_accepted' }]);
    const created = insertInvoice(ctx, { ...storedDocument(row), dueAt: null }, { quote_id: id });
    updateRecord(ctx.writer, 'quotes', id, { invoice_id: created });
    return created;
  });
  return invoice(ctx, invoiceId);
}

// ---- Invoices -----------------------------------------------------------------------------

function invoice(ctx: BillingContext, id: string): Invoice {
  const row = findInvoiceRow(db(ctx), id);
  if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
  return toInvoice(db(ctx), row, nowIso(ctx));
}
export { invoice as getInvoice };

function insertInvoice(ctx: BillingContext, values: InvoiceValues, extra: Fields = {}): string {
  const computed = computeDocument(ctx, values);
  const id = uuidv7();
  insertRecord(ctx.writer, 'invoices', id, {
    ...documentFields(values, computed),
    kind: 'invoice',
    credit_of_id: null,
    quote_id: null,
    state: 'draft',
    number: null,
    series_prefix: null,
    series_seq: null,
    issued_at: null,
    due_at: values.dueAt,
    customer_snapshot: null,
    voided_at: null,
    void_reason: '',
    owner_id: ctx.writer.userId,
    ...extra,
  });
  return id;
}

export function createInvoice(ctx: BillingContext, values: InvoiceValues): Invoice {
  const id = db(ctx).transaction(() => insertInvoice(ctx, values));
  return invoice(ctx, id);
}

function draftRow(ctx: BillingContext, id: string): InvoiceRow {
  const row = findInvoiceRow(db(ctx), id);
  if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
  if (row.state !== 'draft')
    fail([{ field: 'id', code: 'invoice_not_editable', params: { number: row.number ?? '' } }]);
  return row;
}

export function updateInvoice(
  ctx: BillingContext,
  id: string,
  edited: InvoiceValues,
  changed?: readonly (keyof InvoiceValues)[],
): Invoice {
  db(ctx).transaction(() => {
    const row = draftRow(ctx, id);
    const values = changed ? withChanged({ ...storedDocument(row), dueAt: row.due_at }, edited, changed) : edited;
    const computed = computeDocument(ctx, values);
    updateRecord(ctx.writer, 'invoices', id, { ...documentFields(values, computed), due_at: values.dueAt });
  });
  return invoice(ctx, id);
}

export function deleteInvoice(ctx: BillingContext, id: string): void {
  db(ctx).transaction(() => {
    draftRow(ctx, id);
    deleteRecord(ctx.writer, 'invoices', id);
  });
}

// ---- Numbering series -----------------------------------------------------------------------

const SERIES_KEY = 'billing.series_prefix';

export function seriesTemplate(database: Db): string {
  return readLocal(database, SERIES_KEY) ?? DEFAULT_SERIES_PREFIX;
}

/** The prefix in force at `at`: `{year}` becomes the Jalali year there. */
export function resolvePrefix(template: string, at: string, timeZone: string): string {
  const year = toParts(localDateOf(at, timeZone), 'jalali').year;
  return template.replaceAll('{year}', String(year));
}

function nextSequence(database: Db, prefix: string): number {
  const row = database.prepare('SELECT max(series_seq) AS n FROM invoices WHERE series_prefix = ?').get(prefix) as {
    n: number | null;
  };
  return (row.n ?? 0) + 1;
}

export function seriesInfo(ctx: BillingContext): SeriesInfo {
  const template = seriesTemplate(db(ctx));
  const prefix = resolvePrefix(template, nowIso(ctx), ctx.timeZone);
  return { prefix: template, next: formatInvoiceNumber(prefix, nextSequence(db(ctx), prefix)) };
}

export function setSeries(ctx: BillingContext, prefix: string): SeriesInfo {
  writeLocal(db(ctx), SERIES_KEY, prefix);
  writeLocal(db(ctx), SERIES_OWNER_KEY, ctx.writer.deviceId);
  return seriesInfo(ctx);
}

/**
 * Which device id's numbers this data's series holds for sure. Sync writes it after every good
 * round; choosing a series writes it too. A copy restored from a backup gets a new device id: until
 * it has synced, the old id may have issued later numbers of the same series (published after the
 * backup), so issuing is refused rather than giving a number twice.
 */
export const SERIES_OWNER_KEY = 'billing.series_owner';

function assertSeriesCurrent(ctx: BillingContext): void {
  const owner = readLocal(db(ctx), SERIES_OWNER_KEY);
  if (readLocal(db(ctx), 'sync.folder') !== null && owner !== null && owner !== ctx.writer.deviceId) {
    throw AppError.validation([{ field: 'number', code: 'invoice_needs_sync' }]);
  }
}

/** Gives a draft the next number of the series; must run inside the issuing transaction. */
function assignNumber(ctx: BillingContext, id: string, extra: Fields): void {
  assertSeriesCurrent(ctx);
  const issuedAt = nowIso(ctx);
  const prefix = resolvePrefix(seriesTemplate(db(ctx)), issuedAt, ctx.timeZone);
  const sequence = nextSequence(db(ctx), prefix);
  updateRecord(ctx.writer, 'invoices', id, {
    state: 'issued',
    number: formatInvoiceNumber(prefix, sequence),
    series_prefix: prefix,
    series_seq: sequence,
    issued_at: issuedAt,
    ...extra,
  });
}

function customerSnapshot(ctx: BillingContext, customerId: string): FieldValue {
  const row = db(ctx)
    .prepare('SELECT name, address, city, phones, emails FROM customers WHERE id = ?')
    .get(customerId) as { name: string; address: string; city: string; phones: string; emails: string } | undefined;
  if (!row) return null;
  const phones = JSON.parse(row.phones) as { number: string }[];
  const emails = JSON.parse(row.emails) as string[];
  return {
    name: row.name,
    address: [row.address, row.city].filter(Boolean).join('، '),
    phone: phones[0]?.number ?? '',
    email: emails[0] ?? '',
    taxCode: '',
  };
}

/** Issues a draft: one IMMEDIATE transaction takes the number, freezes totals and the customer. */
export function issueInvoice(ctx: BillingContext, id: string): Invoice {
  db(ctx).transaction(() => {
    const row = draftRow(ctx, id);
    const lines = JSON.parse(row.lines) as DocumentLine[];
    const computed = computeDocument(ctx, {
      customerId: row.customer_id,
      lines: entered(lines),
      discount: JSON.parse(row.discount) as LineValues['discount'],
    });
    assignNumber(ctx, id, {
      lines: computed.lines as unknown as FieldValue,
      totals: computed.totals as unknown as FieldValue,
      total_minor: computed.totals.total,
      customer_snapshot: customerSnapshot(ctx, row.customer_id),
    });
  });
  return invoice(ctx, id);
}

export function voidInvoice(ctx: BillingContext, id: string, reason: string): Invoice {
  db(ctx).transaction(() => {
    const row = findInvoiceRow(db(ctx), id);
    if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
    if (row.state !== 'issued') fail([{ field: 'id', code: 'invoice_not_issued' }]);
    if (paidOf(db(ctx), id) > 0) fail([{ field: 'id', code: 'invoice_has_payments' }]);
    if (creditedOf(db(ctx), id) > 0) fail([{ field: 'id', code: 'invoice_has_credit_notes' }]);
    updateRecord(ctx.writer, 'invoices', id, { state: 'void', voided_at: nowIso(ctx), void_reason: reason });
  });
  return invoice(ctx, id);
}

/** A credit note against an issued invoice, issued at once; it lowers that invoice's balance. */
export function creditNote(ctx: BillingContext, id: string, lines: LineValues[] | undefined, notes: string): Invoice {
  const creditId = db(ctx).transaction(() => {
    const row = findInvoiceRow(db(ctx), id);
    if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
    if (row.state !== 'issued' || row.kind !== 'invoice') fail([{ field: 'id', code: 'invoice_not_issued' }]);
    const original = JSON.parse(row.lines) as DocumentLine[];
    const balance = balanceOf(row, paidOf(db(ctx), id), creditedOf(db(ctx), id));
    // Without lines: the whole invoice, or (after payments or credits) what is still owed.
    const whole = !lines && balance === row.total_minor;
    const remaining: LineValues = {
      productId: null,
      description: row.number ?? '',
      sku: '',
      unit: '',
      quantityMilli: 1000,
      unitPriceMinor: balance,
      discount: null,
      taxBasisPoints: 0,
    };
    const values: InvoiceValues = {
      customerId: row.customer_id,
      currency: row.currency,
      lines: lines ?? (whole ? entered(original) : [remaining]),
      discount: whole ? (JSON.parse(row.discount) as LineValues['discount']) : null,
      notes,
      dueAt: null,
    };
    const computed = computeDocument(ctx, values);
    if (computed.totals.total > balance) fail([{ field: 'lines', code: 'credit_above_balance' }]);
    const created = insertInvoice(ctx, values, { kind: 'credit_note', credit_of_id: id });
    assignNumber(ctx, created, { customer_snapshot: customerSnapshot(ctx, row.customer_id) });
    return created;
  });
  return invoice(ctx, creditId);
}

// ---- Payments -----------------------------------------------------------------------------

export function addPayment(
  ctx: BillingContext,
  input: Required<Omit<PaymentInput, 'chequeDueAt'>> & { chequeDueAt: string | null },
): Invoice {
  db(ctx).transaction(() => {
    const row = findInvoiceRow(db(ctx), input.invoiceId);
    if (!row || row.deleted_at) fail([{ field: 'invoiceId', code: 'unknown_invoice' }]);
    if (row.state !== 'issued' || row.kind !== 'invoice') fail([{ field: 'invoiceId', code: 'invoice_not_issued' }]);
    if (input.method === 'cheque' && !input.chequeNumber) fail([{ field: 'chequeNumber', code: 'required' }]);
    const balance = balanceOf(row, paidOf(db(ctx), row.id), creditedOf(db(ctx), row.id));
    if (input.amountMinor > balance) fail([{ field: 'amountMinor', code: 'payment_above_balance' }]);
    insertRecord(ctx.writer, 'payments', uuidv7(), {
      invoice_id: row.id,
      customer_id: row.customer_id,
      paid_at: input.paidAt,
      amount_minor: input.amountMinor,
      method: input.method,
      cheque_number: input.method === 'cheque' ? input.chequeNumber : '',
      cheque_due_at: input.method === 'cheque' ? input.chequeDueAt : null,
      reference: input.reference,
      owner_id: ctx.writer.userId,
    });
  });
  return invoice(ctx, input.invoiceId);
}

export function deletePayment(ctx: BillingContext, id: string): Invoice {
  const row = db(ctx).prepare('SELECT invoice_id, deleted_at FROM payments WHERE id = ?').get(id) as
    { invoice_id: string; deleted_at: string | null } | undefined;
  if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
  deleteRecord(ctx.writer, 'payments', id);
  return invoice(ctx, row.invoice_id);
}
