/**
 * Products, quotes, invoices, payments and the business profile: zod input schemas (every error
 * message is an issue code) and the shapes the window and the CLI receive. Amounts are integer
 * minor units of the document's currency, quantities thousandths, rates basis points; all totals
 * come from shared/money `documentTotals`, never computed anywhere else.
 */
import { z } from 'zod';
import type { DocumentTotals } from '../money/money';
import { id, instant } from '../contract-kit';

export const PAYMENT_METHODS = ['cash', 'card', 'bank_transfer', 'cheque'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
/** What is stored for an invoice. */
export const INVOICE_STATES = ['draft', 'issued', 'void'] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];
/** What is shown: `issued` splits by balance and due date. */
export const INVOICE_STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'overdue', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

const currency = z.string({ error: 'required' }).regex(/^[A-Z]{3}$/, { error: 'invalid_choice' });
const minor = z
  .number({ error: 'invalid' })
  .int({ error: 'invalid' })
  .min(0, { error: 'negative_amount' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'too_big' });
const basisPoints = z
  .number({ error: 'invalid' })
  .int({ error: 'invalid' })
  .min(0, { error: 'negative_amount' })
  .max(10_000, { error: 'too_big' });
const text = (max: number) => z.string({ error: 'invalid' }).trim().max(max, { error: 'too_long' });

export const discountSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('percent'), basisPoints }).strict(),
      z.object({ kind: z.literal('amount'), minor }).strict(),
    ],
    { error: 'invalid' },
  )
  .nullable()
  .default(null);

// ---- Products ---------------------------------------------------------------------------

export const productInputSchema = z.object({
  name: text(200).min(1, { error: 'required' }),
  sku: text(60).default(''),
  unit: text(30).default(''),
  priceMinor: minor,
  currency,
  taxBasisPoints: basisPoints.default(0),
  active: z.boolean({ error: 'invalid' }).default(true),
  description: text(2_000).default(''),
});
export type ProductInput = z.input<typeof productInputSchema>;
export type ProductValues = z.output<typeof productInputSchema>;

export interface Product extends ProductValues {
  id: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export const productListSchema = z
  .object({
    query: text(200).default(''),
    includeInactive: z.boolean({ error: 'invalid' }).default(false),
    limit: z.number().int().min(1, { error: 'invalid' }).max(1000, { error: 'too_big' }).default(200),
  })
  .strict();

// ---- Line items and documents --------------------------------------------------------------

export const lineInputSchema = z
  .object({
    /** A catalog product, or null for a free-text line. */
    productId: id.nullable().default(null),
    description: text(500).min(1, { error: 'required' }),
    sku: text(60).default(''),
    unit: text(30).default(''),
    quantityMilli: z
      .number({ error: 'invalid' })
      .int({ error: 'invalid' })
      .min(0, { error: 'negative_amount' })
      .max(1_000_000_000_000, { error: 'too_big' })
      .refine((q) => q > 0, { error: 'zero_quantity' }),
    unitPriceMinor: minor,
    discount: discountSchema,
    taxBasisPoints: basisPoints.default(0),
  })
  .strict();
export type LineInput = z.input<typeof lineInputSchema>;
export type LineValues = z.output<typeof lineInputSchema>;

const documentFields = {
  customerId: id,
  currency,
  lines: z.array(lineInputSchema, { error: 'invalid' }).max(500, { error: 'too_many' }),
  discount: discountSchema,
  notes: text(5_000).default(''),
};

export const quoteInputSchema = z
  .object({
    ...documentFields,
    opportunityId: id.nullable().default(null),
    /** The last day the offer holds (UTC instant of its end), or null. */
    validUntil: instant.nullable().default(null),
    status: z.enum(QUOTE_STATUSES, { error: 'invalid_choice' }).default('draft'),
  })
  .strict();
export type QuoteInput = z.input<typeof quoteInputSchema>;
export type QuoteValues = z.output<typeof quoteInputSchema>;

export const invoiceInputSchema = z
  .object({
    ...documentFields,
    dueAt: instant.nullable().default(null),
  })
  .strict();
export type InvoiceInput = z.input<typeof invoiceInputSchema>;
export type InvoiceValues = z.output<typeof invoiceInputSchema>;

/** A stored line: what was entered, plus its computed amounts. */
export interface DocumentLine extends LineValues {
  gross: number;
  lineDiscount: number;
  documentDiscount: number;
  net: number;
  tax: number;
  total: number;
}

export interface DocumentBase {
  id: string;
  customerId: string;
  customerName: string;
  currency: string;
  lines: DocumentLine[];
  discount: LineValues['discount'];
  totals: Omit<DocumentTotals, 'lines'>;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

export interface Quote extends DocumentBase {
  opportunityId: string | null;
  opportunityName: string | null;
  validUntil: string | null;
  /** Stored status; `expired` is also shown for a draft or sent quote past its validity. */
  status: QuoteStatus;
  /** The invoice this quote became, if converted. */
  invoiceId: string | null;
  invoiceNumber: string | null;
}

export interface QuoteListRow {
  id: string;
  customerId: string;
  customerName: string;
  currency: string;
  total: number;
  status: QuoteStatus;
  validUntil: string | null;
  invoiceId: string | null;
  createdAt: string;
}

export interface Payment {
  id: string;
  invoiceId: string;
  customerId: string;
  paidAt: string;
  amountMinor: number;
  method: PaymentMethod;
  chequeNumber: string;
  chequeDueAt: string | null;
  reference: string;
  createdAt: string;
}

export interface Invoice extends DocumentBase {
  kind: InvoiceKind;
  /** For a credit note: the invoice it corrects. */
  creditOfId: string | null;
  creditOfNumber: string | null;
  quoteId: string | null;
  number: string | null;
  state: InvoiceState;
  status: InvoiceStatus;
  issuedAt: string | null;
  dueAt: string | null;
  voidedAt: string | null;
  voidReason: string;
  paid: number;
  /** Issued credit notes against this invoice. */
  credited: number;
  /** total − paid − credited (0 for drafts, void invoices and credit notes). */
  balance: number;
  payments: Payment[];
  creditNotes: { id: string; number: string | null; total: number }[];
}

export interface InvoiceListRow {
  id: string;
  kind: InvoiceKind;
  number: string | null;
  customerId: string;
  customerName: string;
  currency: string;
  total: number;
  paid: number;
  balance: number;
  status: InvoiceStatus;
  issuedAt: string | null;
  dueAt: string | null;
  createdAt: string;
}

export interface InvoiceListResult {
  rows: InvoiceListRow[];
  total: number;
}

const limit = z.number().int().min(1, { error: 'invalid' }).max(1000, { error: 'too_big' }).default(200);

export const quoteListSchema = z
  .object({
    customerId: id.nullable().default(null),
    status: z.enum(QUOTE_STATUSES, { error: 'invalid_choice' }).nullable().default(null),
    limit,
  })
  .strict();

export const invoiceListSchema = z
  .object({
    customerId: id.nullable().default(null),
    status: z.enum(INVOICE_STATUSES, { error: 'invalid_choice' }).nullable().default(null),
    query: text(200).default(''),
    limit,
    offset: z.number().int().min(0, { error: 'invalid' }).default(0),
  })
  .strict();

export const paymentInputSchema = z
  .object({
    invoiceId: id,
    paidAt: instant,
    amountMinor: minor.refine((n) => n > 0, { error: 'zero_amount' }),
    method: z.enum(PAYMENT_METHODS, { error: 'invalid_choice' }),
    chequeNumber: text(60).default(''),
    chequeDueAt: instant.nullable().default(null),
    reference: text(200).default(''),
  })
  .strict();
export type PaymentInput = z.input<typeof paymentInputSchema>;

export const creditNoteInputSchema = z
  .object({
    id,
    /** The lines credited; omitted: the whole invoice. */
    lines: z.array(lineInputSchema, { error: 'invalid' }).max(500, { error: 'too_many' }).optional(),
    notes: text(5_000).default(''),
  })
  .strict();

/** This device's numbering series; `{year}` becomes the Jalali year of the issue date. */
export const seriesSchema = z
  .object({
    prefix: z
      .string({ error: 'required' })
      .trim()
      .min(1, { error: 'required' })
      .max(30, { error: 'too_long' })
      .regex(/^[^\s,٬]+$/, { error: 'invalid' }),
  })
  .strict();
export interface SeriesInfo {
  prefix: string;
  /** The number the next issued invoice gets, e.g. `A-1405-00043`. */
  next: string;
}

export const DEFAULT_SERIES_PREFIX = 'A-{year}-';
export const NUMBER_DIGITS = 5;

/** `A-1405-` + 42 → `A-1405-00042`: zero padded, never grouped. */
export function formatInvoiceNumber(prefix: string, sequence: number): string {
  return `${prefix}${String(sequence).padStart(NUMBER_DIGITS, '0')}`;
}

/** Shown status of an invoice from what is stored, its balance and the time now. */
export function invoiceStatus(
  state: InvoiceState,
  kind: InvoiceKind,
  paid: number,
  balance: number,
  dueAt: string | null,
  now: string,
): InvoiceStatus {
  if (state !== 'issued') return state;
  if (kind === 'credit_note') return 'issued';
  if (balance <= 0) return 'paid';
  if (dueAt && dueAt < now) return 'overdue';
  return paid > 0 ? 'partially_paid' : 'issued';
}
