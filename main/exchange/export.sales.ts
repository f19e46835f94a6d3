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
import { toCsv } from './csv';

type Cell = string | number | null;

interface Table {
  headers: string[];
  rows: Cell[][];
}

const amount = (minor: number, currency: string) => toDecimalString(minor, minorDigits(currency));
const percent = (basisPoints: number) => toDecimalString(basisPoints, 2);

function csvOf(table: Table): { csv: string; count: number } {
  const rows = table.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
  return { csv: toCsv(table.headers, rows), count: rows.length };
}

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
  return csvOf({
    headers: [
      'Id',
      'Name',
      'Company',
      'Phone',
      'Email',
      'Source',
      'Status',
      'Disqualify Reason',
      'Notes',
      'Converted At',
      'Created At',
    ],
    rows: rows.map((l) => [
      l.id,
      l.name,
      l.company,
      l.phone,
      l.email,
      l.source,
      l.status,
      l.disqualify_reason,
      l.notes,
      l.converted_at,
      l.created_at,
    ]),
  });
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
  return csvOf({
    headers: [
      'Id',
      'Title',
      'Customer',
      'Stage',
      'Amount',
      'Currency',
      'Probability %',
      'Expected Close',
      'Lost Reason',
      'Closed At',
      'Created At',
    ],
    rows: rows.map((o) => [
      o.id,
      o.title,
      o.customer ?? '',
      o.stage ?? '',
      amount(o.amount_minor, o.currency),
      o.currency,
      percent(o.probability_bp),
      o.expected_close_date,
      o.lost_reason,
      o.closed_at,
      o.created_at,
    ]),
  });
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
  return csvOf({
    headers: ['Id', 'Name', 'SKU', 'Unit', 'Price', 'Currency', 'Tax %', 'Active', 'Description', 'Created At'],
    rows: rows.map((p) => [
      p.id,
      p.name,
      p.sku,
      p.unit,
      amount(p.price_minor, p.currency),
      p.currency,
      percent(p.tax_basis_points),
      p.active ? 'yes' : 'no',
      p.description,
      p.created_at,
    ]),
  });
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
  return csvOf({
    headers: ['Id', 'Customer', 'Status', 'Total', 'Currency', 'Valid Until', 'Invoice', 'Created At'],
    rows: rows.map((q) => [
      q.id,
      q.customer ?? '',
      q.status,
      amount(q.total_minor, q.currency),
      q.currency,
      q.valid_until,
      q.invoice ?? '',
      q.created_at,
    ]),
  });
}

/** Status as the window shows it at `now` (overdue, partly paid…), totals after credit notes. */
export function invoicesCsv(db: Db, now: string): { csv: string; count: number } {
  const { rows } = listInvoices(db, { customerId: null, status: null, query: '', limit: -1, offset: 0 }, now);
  return csvOf({
    headers: [
      'Number',
      'Kind',
      'Status',
      'Customer',
      'Issued At',
      'Due At',
      'Total',
      'Paid',
      'Balance',
      'Currency',
      'Id',
      'Created At',
    ],
    rows: rows.map((i) => [
      i.number,
      i.kind,
      i.status,
      i.customerName,
      i.issuedAt,
      i.dueAt,
      amount(i.total, i.currency),
      amount(i.paid, i.currency),
      amount(i.balance, i.currency),
      i.currency,
      i.id,
      i.createdAt,
    ]),
  });
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
  return csvOf({
    headers: [
      'Id',
      'Invoice',
      'Customer',
      'Paid At',
      'Amount',
      'Currency',
      'Method',
      'Cheque Number',
      'Cheque Due At',
      'Reference',
      'Created At',
    ],
    rows: rows.map((p) => [
      p.id,
      p.invoice ?? '',
      p.customer ?? '',
      p.paid_at,
      p.currency ? amount(p.amount_minor, p.currency) : String(p.amount_minor),
      p.currency ?? '',
      p.method,
      p.cheque_number,
      p.cheque_due_at,
      p.reference,
      p.created_at,
    ]),
  });
}
