import type { Migration } from './index';

/**
 * Billing: products, quotes, invoices (and credit notes), payments, and the synced settings
 * table (key → JSON value, id = key) that holds the business profile. Line items live in their
 * document as JSON with their computed amounts, so an issued invoice keeps exactly what it
 * printed. Add-only, as every migration of synced tables must be.
 */
export const billing: Migration = {
  version: 5,
  name: 'billing: products, quotes, invoices, payments, settings',
  up(db) {
    db.exec(`
      CREATE TABLE products (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        sku TEXT NOT NULL DEFAULT '',
        unit TEXT NOT NULL DEFAULT '',
        price_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        tax_basis_points INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        search_text TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX products_by_sku ON products (sku) WHERE deleted_at IS NULL AND sku != '';
      CREATE INDEX products_by_name ON products (search_text) WHERE deleted_at IS NULL;

      CREATE TABLE quotes (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        customer_id TEXT NOT NULL,
        opportunity_id TEXT,
        currency TEXT NOT NULL,
        status TEXT NOT NULL,
        valid_until TEXT,
        -- JSON: the document discount ({kind, basisPoints|minor} or null)
        discount TEXT NOT NULL DEFAULT 'null',
        -- JSON array of lines with their computed amounts
        lines TEXT NOT NULL DEFAULT '[]',
        -- JSON: gross, discount, net, tax, total
        totals TEXT NOT NULL DEFAULT '{}',
        total_minor INTEGER NOT NULL DEFAULT 0,
        notes TEXT NOT NULL DEFAULT '',
        invoice_id TEXT,
        owner_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX quotes_by_customer ON quotes (customer_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX quotes_by_created ON quotes (created_at) WHERE deleted_at IS NULL;

      CREATE TABLE invoices (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL DEFAULT 'invoice',
        credit_of_id TEXT,
        quote_id TEXT,
        customer_id TEXT NOT NULL,
        currency TEXT NOT NULL,
        -- draft | issued | void; paid, partially paid and overdue are derived
        state TEXT NOT NULL,
        number TEXT,
        series_prefix TEXT,
        series_seq INTEGER,
        issued_at TEXT,
        due_at TEXT,
        discount TEXT NOT NULL DEFAULT 'null',
        lines TEXT NOT NULL DEFAULT '[]',
        totals TEXT NOT NULL DEFAULT '{}',
        total_minor INTEGER NOT NULL DEFAULT 0,
        notes TEXT NOT NULL DEFAULT '',
        -- JSON: the customer's name, address, phone, email as issued
        customer_snapshot TEXT NOT NULL DEFAULT 'null',
        voided_at TEXT,
        void_reason TEXT NOT NULL DEFAULT '',
        owner_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX invoices_series ON invoices (series_prefix, series_seq) WHERE series_prefix IS NOT NULL;
      CREATE INDEX invoices_by_number ON invoices (number) WHERE number IS NOT NULL;
      CREATE INDEX invoices_by_customer ON invoices (customer_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX invoices_by_created ON invoices (created_at) WHERE deleted_at IS NULL;
      -- The customer 360 timeline: an invoice's time there is its issue time, a draft's its creation.
      CREATE INDEX invoices_by_customer_time ON invoices (customer_id, coalesce(issued_at, created_at))
        WHERE deleted_at IS NULL;
      CREATE INDEX invoices_credit_of ON invoices (credit_of_id) WHERE credit_of_id IS NOT NULL;

      CREATE TABLE payments (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        invoice_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        paid_at TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        method TEXT NOT NULL,
        cheque_number TEXT NOT NULL DEFAULT '',
        cheque_due_at TEXT,
        reference TEXT NOT NULL DEFAULT '',
        owner_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX payments_by_invoice ON payments (invoice_id) WHERE deleted_at IS NULL;
      CREATE INDEX payments_by_customer ON payments (customer_id, paid_at) WHERE deleted_at IS NULL;

      CREATE TABLE settings (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        value TEXT NOT NULL DEFAULT 'null',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
    `);
  },
};
