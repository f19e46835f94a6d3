/**
 * `documents.printable`: the complete snapshot the PDF template renders. An issued invoice shows
 * the customer and amounts exactly as issued (stored with it); a draft or a quote shows the live
 * customer and the totals as last saved.
 */
import type { Db } from '../../../db/database';
import type { DocumentLine } from '../../../shared/billing/billing.schema';
import type { PrintableDocument, PrintableLine } from '../../../shared/documents/printable';
import { AppError } from '../../../shared/errors';
import {
  findInvoiceByNumber,
  findInvoiceRow,
  findQuoteRow,
  toInvoice,
  toQuote,
  type InvoiceRow,
} from './billing.repository';

type PrintableCustomer = PrintableDocument['customer'];

function liveCustomer(db: Db, id: string): PrintableCustomer {
  const row = db.prepare('SELECT name, address, city, phones, emails FROM customers WHERE id = ?').get(id) as
    { name: string; address: string; city: string; phones: string; emails: string } | undefined;
  if (!row) return { name: '', address: '', phone: '', email: '', taxCode: '' };
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

function printableLines(lines: readonly DocumentLine[]): PrintableLine[] {
  return lines.map((l) => ({
    description: l.description,
    sku: l.sku,
    unit: l.unit,
    quantityMilli: l.quantityMilli,
    unitPriceMinor: l.unitPriceMinor,
    discountMinor: l.lineDiscount + l.documentDiscount,
    taxBasisPoints: l.taxBasisPoints,
    taxMinor: l.tax,
    totalMinor: l.total,
  }));
}

function invoiceDocument(db: Db, row: InvoiceRow, now: string): PrintableDocument {
  const invoice = toInvoice(db, row, now);
  const snapshot = JSON.parse(row.customer_snapshot) as PrintableCustomer | null;
  return {
    kind: 'invoice',
    number: invoice.number,
    status: invoice.status,
    issuedAt: invoice.issuedAt,
    dueAt: invoice.dueAt,
    currency: invoice.currency,
    customer: snapshot ?? liveCustomer(db, row.customer_id),
    lines: printableLines(invoice.lines),
    totals: { ...invoice.totals, paid: invoice.paid, balance: invoice.balance },
    payments: invoice.payments.map((p) => ({
      date: p.paidAt,
      method: p.method,
      amountMinor: p.amountMinor,
      reference: p.method === 'cheque' ? p.chequeNumber : p.reference,
    })),
    notes: invoice.notes,
  };
}

export function printableDocument(
  db: Db,
  target: { kind: 'quote' | 'invoice'; id?: string | undefined; number?: string | undefined },
  now: string,
): PrintableDocument {
  if (target.kind === 'invoice') {
    const row = target.id
      ? findInvoiceRow(db, target.id)
      : target.number
        ? findInvoiceByNumber(db, target.number)
        : undefined;
    if (!row || row.deleted_at) throw new AppError('not_found', { params: { id: target.id ?? target.number ?? '' } });
    return invoiceDocument(db, row, now);
  }
  const row = target.id ? findQuoteRow(db, target.id) : undefined;
  if (!row || row.deleted_at) throw new AppError('not_found', { params: { id: target.id ?? '' } });
  const quote = toQuote(db, row, now);
  return {
    kind: 'quote',
    number: null,
    status: quote.status,
    issuedAt: quote.createdAt,
    dueAt: quote.validUntil,
    currency: quote.currency,
    customer: liveCustomer(db, quote.customerId),
    lines: printableLines(quote.lines),
    totals: { ...quote.totals, paid: 0, balance: 0 },
    payments: [],
    notes: quote.notes,
  };
}
