/** Billing methods of the RPC contract: products, quotes, invoices, payments, profile, documents. */
import { z } from 'zod';
import { changedList } from '../changed-fields';
import { byId, id, method, none } from '../contract-kit';
import { businessProfileSchema, type BusinessProfile, type PrintableDocument } from '../documents/printable';
import {
  QUOTE_STATUSES,
  creditNoteInputSchema,
  invoiceInputSchema,
  invoiceListSchema,
  paymentInputSchema,
  productInputSchema,
  productListSchema,
  quoteInputSchema,
  quoteListSchema,
  seriesSchema,
  type Invoice,
  type InvoiceListResult,
  type Product,
  type Quote,
  type QuoteListRow,
  type SeriesInfo,
} from './billing.schema';

export const printableQuerySchema = z
  .object({
    kind: z.enum(['quote', 'invoice'], { error: 'invalid_choice' }),
    id: id.optional(),
    /** An invoice by its number (the CLI), e.g. `A-1405-00042`. */
    number: z.string().trim().max(60, { error: 'too_long' }).optional(),
  })
  .strict();

export interface Printable {
  document: PrintableDocument;
  profile: BusinessProfile;
}

export const billingContract = {
  'products.list': method<Product[]>()(productListSchema),
  'products.get': method<Product>()(byId),
  'products.create': method<Product>()(productInputSchema.strict()),
  'products.update': method<Product>()(
    productInputSchema.extend({ id, changed: changedList(productInputSchema) }).strict(),
  ),
  'products.delete': method<{ id: string }>()(byId),

  'quotes.list': method<QuoteListRow[]>()(quoteListSchema),
  'quotes.get': method<Quote>()(byId),
  'quotes.create': method<Quote>()(quoteInputSchema),
  'quotes.update': method<Quote>()(quoteInputSchema.extend({ id, changed: changedList(quoteInputSchema) })),
  'quotes.setStatus': method<Quote>()(
    z.object({ id, status: z.enum(QUOTE_STATUSES, { error: 'invalid_choice' }) }).strict(),
  ),
  'quotes.convert': method<Invoice>()(byId),
  'quotes.delete': method<{ id: string }>()(byId),

  'invoices.list': method<InvoiceListResult>()(invoiceListSchema),
  'invoices.get': method<Invoice>()(byId),
  'invoices.create': method<Invoice>()(invoiceInputSchema),
  'invoices.update': method<Invoice>()(invoiceInputSchema.extend({ id, changed: changedList(invoiceInputSchema) })),
  'invoices.issue': method<Invoice>()(byId),
  'invoices.void': method<Invoice>()(
    z.object({ id, reason: z.string().trim().max(500, { error: 'too_long' }).default('') }).strict(),
  ),
  'invoices.creditNote': method<Invoice>()(creditNoteInputSchema),
  'invoices.delete': method<{ id: string }>()(byId),

  'payments.add': method<Invoice>()(paymentInputSchema),
  'payments.delete': method<Invoice>()(byId),

  'billing.profile.get': method<BusinessProfile>()(none),
  'billing.profile.update': method<BusinessProfile>()(
    businessProfileSchema.extend({ changed: changedList(businessProfileSchema) }),
  ),
  'billing.series.get': method<SeriesInfo>()(none),
  'billing.series.update': method<SeriesInfo>()(seriesSchema),

  'documents.printable': method<Printable>()(printableQuerySchema),
} as const;
