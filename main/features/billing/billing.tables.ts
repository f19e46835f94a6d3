/** The billing tables the write path (and sync) may touch, spread into main/sync/tables.ts. */
import { normalizeForSearch } from '../../../shared/text/normalize';

type Fields = Record<string, unknown>;

const productSearch = (fields: Fields): Record<string, string> => ({
  search_text:
    fields.deleted_at === null || fields.deleted_at === undefined
      ? normalizeForSearch(`${String(fields.name ?? '')} ${String(fields.sku ?? '')}`)
      : '',
});

const documentFields = [
  'customer_id',
  'currency',
  'discount',
  'lines',
  'totals',
  'total_minor',
  'notes',
  'owner_id',
  'created_at',
  'deleted_at',
] as const;

export const billingSyncedTables = {
  products: {
    name: 'products',
    fields: [
      'name',
      'sku',
      'unit',
      'price_minor',
      'currency',
      'tax_basis_points',
      'active',
      'description',
      'created_at',
      'deleted_at',
    ],
    jsonFields: [],
    derive: productSearch,
  },
  quotes: {
    name: 'quotes',
    fields: [...documentFields, 'opportunity_id', 'status', 'valid_until', 'invoice_id'],
    jsonFields: ['discount', 'lines', 'totals'],
  },
  invoices: {
    name: 'invoices',
    fields: [
      ...documentFields,
      'kind',
      'credit_of_id',
      'quote_id',
      'state',
      'number',
      'series_prefix',
      'series_seq',
      'issued_at',
      'due_at',
      'customer_snapshot',
      'voided_at',
      'void_reason',
    ],
    jsonFields: ['discount', 'lines', 'totals', 'customer_snapshot'],
  },
  payments: {
    name: 'payments',
    fields: [
      'invoice_id',
      'customer_id',
      'paid_at',
      'amount_minor',
      'method',
      'cheque_number',
      'cheque_due_at',
      'reference',
      'owner_id',
      'created_at',
      'deleted_at',
    ],
    jsonFields: [],
  },
  settings: {
    name: 'settings',
    fields: ['value', 'created_at', 'deleted_at'],
    jsonFields: ['value'],
  },
} as const;
