/**
 * CSV exports of the sales and billing records: leads, deals, products, quotes, invoices and
 * payments, for a spreadsheet or the shop's accountant. Live records only (Trash stays out).
 * Amounts are decimals in the currency's major unit without grouping ("1250000" Rial, "12.50"
 * USD), rates are percents, times are UTC ISO-8601 as stored; invoice totals, payments and
 * balances come from the same queries as the window's lists, so the file and the screen agree.
 */
import { sql, type Db } from '../../db/database';
import { minorDigits, toDecimalString } from '../../shared/money/money';
import { listInvoices } from '../features/billing/billing.repository';
import { csvTable } from './csv';

const amount = (minor: number, currency: string) => toDecimalString(minor, minorDigits(currency));
const percent = (basisPoints: number) => toDecimalString(basisPoints, 2);

export function leadsCsv(db: Db): { csv: string; count: number } {
  const rows = db.all(
    sql
      .selectFrom('leads')
      .select([
        'id',
        'name',
        'company',
        'phone',
        'email',
        'source',
        'status',
        'disqualify_reason',
        'notes',
        'converted_at',
        'created_at',
      ])
      .where('deleted_at', 'is', null)
      .orderBy('seq'),
  );
  return csvTable(rows, [
    ['Id', (l) => l.id],
    ['Name', (l) => l.name],
    ['Company', (l) => l.company],
    ['Phone', (l) => l.phone],
    ['Email', (l) => l.email],
    ['Source', (l) => l.source],
    ['Status', (l) => l.status],
    ['Disqualify Reason', (l) => l.disqualify_reason],
    ['Notes', (l) => l.notes],
    ['Converted At', (l) => l.converted_at],
    ['Created At', (l) => l.created_at],
  ]);
}

export function opportunitiesCsv(db: Db): { csv: string; count: number } {
  const rows = db.all(
    sql
      .selectFrom('opportunities as o')
      .leftJoin('customers as c', 'c.id', 'o.customer_id')
      .leftJoin('pipeline_stages as s', 's.id', 'o.stage_id')
      .select([
        'o.id',
        'o.title',
        'c.name as customer',
        's.name as stage',
        'o.amount_minor',
        'o.currency',
        'o.probability_bp',
        'o.expected_close_date',
        'o.lost_reason',
        'o.closed_at',
        'o.created_at',
      ])
      .where('o.deleted_at', 'is', null)
      .orderBy('o.seq'),
  );
  return csvTable(rows, [
    ['Id', (o) => o.id],
    ['Title', (o) => o.title],
    ['Customer', (o) => o.customer],
    ['Stage', (o) => o.stage],
    ['Amount', (o) => amount(o.amount_minor, o.currency)],
    ['Currency', (o) => o.currency],
    ['Probability %', (o) => percent(o.probability_bp)],
    ['Expected Close', (o) => o.expected_close_date],
    ['Lost Reason', (o) => o.lost_reason],
    ['Closed At', (o) => o.closed_at],
    ['Created At', (o) => o.created_at],
  ]);
}

export function productsCsv(db: Db): { csv: string; count: number } {
  const rows = db.all(
    sql
      .selectFrom('products')
      .select([
        'id',
        'name',
        'sku',
        'unit',
        'price_minor',
        'currency',
        'tax_basis_points',
        'active',
        'description',
        'created_at',
      ])
      .where('deleted_at', 'is', null)
      .orderBy('seq'),
  );
  return csvTable(rows, [
    ['Id', (p) => p.id],
    ['Name', (p) => p.name],
    ['SKU', (p) => p.sku],
    ['Unit', (p) => p.unit],
    ['Price', (p) => amount(p.price_minor, p.currency)],
    ['Currency', (p) => p.currency],
    ['Tax %', (p) => percent(p.tax_basis_points)],
    ['Active', (p) => (p.active ? 'yes' : 'no')],
    ['Description', (p) => p.description],
    ['Created At', (p) => p.created_at],
  ]);
}

export function quotesCsv(db: Db): { csv: string; count: number } {
  const rows = db.all(
    sql
      .selectFrom('quotes as q')
      .leftJoin('customers as c', 'c.id', 'q.customer_id')
      .leftJoin('invoices as i', 'i.id', 'q.invoice_id')
      .select([
        'q.id',
        'c.name as customer',
        'q.status',
        'q.currency',
        'q.total_minor',
        'q.valid_until',
        'i.number as invoice',
        'q.created_at',
      ])
      .where('q.deleted_at', 'is', null)
      .orderBy('q.seq'),
  );
  return csvTable(rows, [
    ['Id', (q) => q.id],
    ['Customer', (q) => q.customer],
    ['Status', (q) => q.status],
    ['Total', (q) => amount(q.total_minor, q.currency)],
    ['Currency', (q) => q.currency],
    ['Valid Until', (q) => q.valid_until],
    ['Invoice', (q) => q.invoice],
    ['Created At', (q) => q.created_at],
  ]);
}

/** Status as the window shows it at `now` (overdue, partly paid…), totals after credit notes. */
export function invoicesCsv(db: Db, now: string): { csv: string; count: number } {
  const { rows } = listInvoices(db, { customerId: null, status: null, query: '', limit: -1, offset: 0 }, now);
  return csvTable(rows, [
    ['Number', (i) => i.number],
    ['Kind', (i) => i.kind],
    ['Status', (i) => i.status],
    ['Customer', (i) => i.customerName],
    ['Issued At', (i) => i.issuedAt],
    ['Due At', (i) => i.dueAt],
    ['Total', (i) => amount(i.total, i.currency)],
    ['Paid', (i) => amount(i.paid, i.currency)],
    ['Balance', (i) => amount(i.balance, i.currency)],
    ['Currency', (i) => i.currency],
    ['Id', (i) => i.id],
    ['Created At', (i) => i.createdAt],
  ]);
}

export function paymentsCsv(db: Db): { csv: string; count: number } {
  const rows = db.all(
    sql
      .selectFrom('payments as p')
      .leftJoin('invoices as i', 'i.id', 'p.invoice_id')
      .leftJoin('customers as c', 'c.id', 'p.customer_id')
      .select([
        'p.id',
        'i.number as invoice',
        'c.name as customer',
        'p.paid_at',
        'p.amount_minor',
        'i.currency',
        'p.method',
        'p.cheque_number',
        'p.cheque_due_at',
        'p.reference',
        'p.created_at',
      ])
      .where('p.deleted_at', 'is', null)
      .orderBy('p.paid_at')
      .orderBy('p.seq'),
  );
  return csvTable(rows, [
    ['Id', (p) => p.id],
    ['Invoice', (p) => p.invoice],
    ['Customer', (p) => p.customer],
    ['Paid At', (p) => p.paid_at],
    ['Amount', (p) => (p.currency ? amount(p.amount_minor, p.currency) : String(p.amount_minor))],
    ['Currency', (p) => p.currency],
    ['Method', (p) => p.method],
    ['Cheque Number', (p) => p.cheque_number],
    ['Cheque Due At', (p) => p.cheque_due_at],
    ['Reference', (p) => p.reference],
    ['Created At', (p) => p.created_at],
  ]);
}
