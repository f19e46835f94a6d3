import { prefixesInUse } from '../../sync/sync.service';
import type { HandlerContext, HandlerGroup } from '../../rpc/handler.types';
import { AppError } from '../../../shared/errors';
import { listInvoices, listProducts, listQuotes } from './billing.repository';
import { printableDocument } from './billing.printable';
import {
  addPayment,
  convertQuote,
  createInvoice,
  createProduct,
  createQuote,
  creditNote,
  deleteInvoice,
  deletePayment,
  deleteProduct,
  deleteQuote,
  getInvoice,
  getProduct,
  getQuote,
  issueInvoice,
  seriesInfo,
  setQuoteStatus,
  setSeries,
  updateInvoice,
  updateProduct,
  updateQuote,
  voidInvoice,
  type BillingContext,
} from './billing.service';
import { getProfile, updateProfile } from './profile.service';

const billing = (ctx: HandlerContext): BillingContext => ({ writer: ctx.writer, timeZone: ctx.timeZone, now: ctx.now });
const nowIso = (ctx: HandlerContext) => new Date(ctx.now()).toISOString();

export const billingHandlers: HandlerGroup<
  | 'products.list'
  | 'products.get'
  | 'products.create'
  | 'products.update'
  | 'products.delete'
  | 'quotes.list'
  | 'quotes.get'
  | 'quotes.create'
  | 'quotes.update'
  | 'quotes.setStatus'
  | 'quotes.convert'
  | 'quotes.delete'
  | 'invoices.list'
  | 'invoices.get'
  | 'invoices.create'
  | 'invoices.update'
  | 'invoices.issue'
  | 'invoices.void'
  | 'invoices.creditNote'
  | 'invoices.delete'
  | 'payments.add'
  | 'payments.delete'
  | 'billing.profile.get'
  | 'billing.profile.update'
  | 'billing.series.get'
  | 'billing.series.update'
  | 'documents.printable'
> = {
  'products.list': ({ query, includeInactive, limit }, ctx) => listProducts(ctx.db, query, includeInactive, limit),
  'products.get': ({ id }, ctx) => getProduct(billing(ctx), id),
  'products.create': (input, ctx) => createProduct(billing(ctx), input),
  'products.update': ({ id, changed, ...values }, ctx) => updateProduct(billing(ctx), id, values, changed),
  'products.delete': ({ id }, ctx) => {
    deleteProduct(billing(ctx), id);
    return { id };
  },

  'quotes.list': (input, ctx) => listQuotes(ctx.db, input, nowIso(ctx)),
  'quotes.get': ({ id }, ctx) => getQuote(billing(ctx), id),
  'quotes.create': (input, ctx) => createQuote(billing(ctx), input),
  'quotes.update': ({ id, changed, ...values }, ctx) => updateQuote(billing(ctx), id, values, changed),
  'quotes.setStatus': ({ id, status }, ctx) => setQuoteStatus(billing(ctx), id, status),
  'quotes.convert': ({ id }, ctx) => convertQuote(billing(ctx), id),
  'quotes.delete': ({ id }, ctx) => {
    deleteQuote(billing(ctx), id);
    return { id };
  },

  'invoices.list': (input, ctx) => listInvoices(ctx.db, input, nowIso(ctx)),
  'invoices.get': ({ id }, ctx) => getInvoice(billing(ctx), id),
  'invoices.create': (input, ctx) => createInvoice(billing(ctx), input),
  'invoices.update': ({ id, changed, ...values }, ctx) => updateInvoice(billing(ctx), id, values, changed),
  'invoices.issue': ({ id }, ctx) => issueInvoice(billing(ctx), id),
  'invoices.void': ({ id, reason }, ctx) => voidInvoice(billing(ctx), id, reason),
  'invoices.creditNote': ({ id, lines, notes }, ctx) => creditNote(billing(ctx), id, lines, notes),
  'invoices.delete': ({ id }, ctx) => {
    deleteInvoice(billing(ctx), id);
    return { id };
  },

  'payments.add': (input, ctx) => addPayment(billing(ctx), input),
  'payments.delete': ({ id }, ctx) => deletePayment(billing(ctx), id),

  'billing.profile.get': (_input, ctx) => getProfile(ctx.db),
  'billing.profile.update': ({ changed, ...profile }, ctx) => updateProfile(ctx.writer, profile, changed),
  'billing.series.get': (_input, ctx) => seriesInfo(billing(ctx)),
  'billing.series.update': ({ prefix }, ctx) => {
    // Two devices of one shop on the same series would issue the same invoice numbers.
    const device = prefixesInUse(ctx).get(prefix.trim());
    if (device !== undefined) {
      throw AppError.validation([{ field: 'prefix', code: 'series_prefix_taken', params: { value: prefix, device } }]);
    }
    return setSeries(billing(ctx), prefix);
  },

  'documents.printable': (input, ctx) => {
    if (!input.id && !input.number) throw AppError.validation([{ field: 'id', code: 'required' }]);
    if (input.kind === 'quote' && !input.id) throw AppError.validation([{ field: 'id', code: 'required' }]);
    return { document: printableDocument(ctx.db, input, nowIso(ctx)), profile: getProfile(ctx.db) };
  },
};
