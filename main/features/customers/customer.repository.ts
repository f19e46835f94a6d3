/** Reads of customers (kysely-built, run synchronously). Writes go through main/sync/mutate.ts. */
import { sql as raw, type SqlBool } from 'kysely';
import { sql, type Db } from '../../../db/database';
import type { CustomerRow } from '../../../db/schema';
import type {
  Customer,
  CustomerListQuery,
  CustomerListResult,
  CustomerListRow,
  CustomerRef,
  Phone,
} from '../../../shared/customers/customer.schema';
import { customerListQuerySchema } from '../../../shared/customers/customer.schema';
import type { HistoryEntry, TrashItem } from '../../../shared/history';
import { fieldName } from '../../../shared/validation';
import { digitsOnly, foldDigits, normalizeForSearch, sortKey } from '../../../shared/text/normalize';

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    organizationId: row.organization_id,
    phones: JSON.parse(row.phones) as Phone[],
    emails: JSON.parse(row.emails) as string[],
    address: row.address,
    city: row.city,
    tags: JSON.parse(row.tags) as string[],
    preferredChannel: row.preferred_channel as Customer['preferredChannel'],
    description: row.description,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export function findCustomer(db: Db, id: string): Customer | null {
  const row = db.first(sql.selectFrom('customers').selectAll().where('id', '=', id));
  return row ? toCustomer(row) : null;
}

export function customerRef(db: Db, id: string): CustomerRef | null {
  const row = db.first(sql.selectFrom('customers').select(['id', 'name', 'kind', 'deleted_at']).where('id', '=', id));
  return row ? { id: row.id, name: row.name, kind: row.kind, deleted: row.deleted_at !== null } : null;
}

export function peopleOf(db: Db, organizationId: string): CustomerRef[] {
  return db
    .all(
      sql
        .selectFrom('customers')
        .select(['id', 'name', 'kind'])
        .where('organization_id', '=', organizationId)
        .where('deleted_at', 'is', null)
        .orderBy('sort_key'),
    )
    .map((r) => ({ ...r, deleted: false }));
}

const SORT_COLUMNS = { name: 'sort_key', createdAt: 'created_at', updatedAt: 'updated_at', city: 'city' } as const;

/** LIKE pattern for a literal substring. */
function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A query of digits and phone punctuation only is read as (part of) a phone number. */
function phoneQuery(query: string): string | null {
  const folded = foldDigits(query).trim();
  if (!/^[+\d][\d\s()\-.]*$/.test(folded)) return null;
  const digits = digitsOnly(folded);
  return digits.length >= 3 ? digits : null;
}

/**
 * Search terms of the query. Terms of three or more characters use the trigram index; shorter
 * ones (a first letter or two) fall back to LIKE over the same normalized text.
 */
function searchTerms(query: string): string[] {
  const phone = phoneQuery(query);
  if (phone) return [phone];
  return normalizeForSearch(query).split(' ').filter(Boolean);
}

export function listCustomers(db: Db, input: CustomerListQuery): CustomerListResult {
  const q = customerListQuerySchema.parse(input);
  const terms = searchTerms(q.query);
  const longTerms = terms.filter((t) => [...t].length >= 3);
  const shortTerms = terms.filter((t) => [...t].length < 3);

  let base = sql.selectFrom('customers as c').where('c.deleted_at', 'is', null);
  if (q.kind) base = base.where('c.kind', '=', q.kind);
  if (q.createdFrom) base = base.where('c.created_at', '>=', q.createdFrom);
  if (q.createdTo) base = base.where('c.created_at', '<', q.createdTo);
  if (q.tag) {
    const tag = q.tag;
    base = base.where(raw<SqlBool>`exists (select 1 from json_each(c.tags) where json_each.value = ${tag})`);
  }
  if (longTerms.length) {
    const match = longTerms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
    base = base.where(raw<SqlBool>`c.seq in (select rowid from customers_fts where customers_fts match ${match})`);
  }
  for (const term of shortTerms) {
    base = base.where(raw<SqlBool>`c.search_text like ${containsPattern(term)} escape '\\'`);
  }

  const totalRow = db.first(base.select((eb) => eb.fn.countAll<number>().as('total')));
  const column = SORT_COLUMNS[q.sort];
  let rows = base
    .leftJoin('customers as o', 'o.id', 'c.organization_id')
    .select([
      'c.id',
      'c.kind',
      'c.name',
      'o.name as organization_name',
      'c.phones',
      'c.emails',
      'c.city',
      'c.tags',
      'c.created_at',
      'c.updated_at',
    ]);
  if (terms.length) {
    // Exact name first, then names that start with the query, then everything else.
    const key = sortKey(q.query);
    rows = rows.orderBy(
      raw`case when c.sort_key = ${key} then 0 when substr(c.sort_key, 1, ${key.length}) = ${key} then 1 else 2 end`,
    );
  }
  rows = rows.orderBy(`c.${column}`, q.direction).orderBy('c.seq', q.direction).limit(q.limit).offset(q.offset);

  return {
    total: totalRow?.total ?? 0,
    offset: q.offset,
    rows: db.all(rows).map((r): CustomerListRow => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      organizationName: r.organization_name,
      phones: JSON.parse(r.phones) as Phone[],
      emails: JSON.parse(r.emails) as string[],
      city: r.city,
      tags: JSON.parse(r.tags) as string[],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
  };
}

export function listOrganizations(db: Db, query: string): CustomerRef[] {
  let q = sql
    .selectFrom('customers')
    .select(['id', 'name', 'kind'])
    .where('kind', '=', 'organization')
    .where('deleted_at', 'is', null);
  const normalized = normalizeForSearch(query);
  if (normalized) q = q.where('search_text', 'like', containsPattern(normalized));
  return db.all(q.orderBy('sort_key').limit(50)).map((r) => ({ ...r, deleted: false }));
}

export function listTags(db: Db): string[] {
  const rows = db.prepare(
    `SELECT DISTINCT t.value AS tag FROM customers c, json_each(c.tags) t WHERE c.deleted_at IS NULL ORDER BY t.value`,
  );
  return (rows.all() as { tag: string }[]).map((r) => r.tag);
}

export function customerHistory(db: Db, id: string): HistoryEntry[] {
  const rows = db.all(
    sql
      .selectFrom('change_log as l')
      .leftJoin('users as u', 'u.id', 'l.user_id')
      .select(['l.hlc', 'l.device_id', 'l.fields', 'u.name as user_name'])
      .where('l.table_name', '=', 'customers')
      .where('l.row_id', '=', id)
      .orderBy('l.hlc'),
  );
  const last: Record<string, unknown> = {};
  const entries: HistoryEntry[] = [];
  rows.forEach((row, index) => {
    const fields = JSON.parse(row.fields) as Record<string, unknown>;
    const base = { hlc: row.hlc, at: row.hlc.slice(0, 24), userName: row.user_name ?? '', deviceId: row.device_id };
    for (const [field, value] of Object.entries(fields)) {
      let action: HistoryEntry['action'] = index === 0 ? 'created' : 'updated';
      if (field === 'deleted_at' && index > 0) action = value === null ? 'restored' : 'deleted';
      // A creation's empty defaults are noise in the panel; deletion markers are shown as actions.
      const quiet = index === 0 && (field === 'deleted_at' || field === 'created_at' || isEmpty(value));
      if (!quiet)
        entries.push({ ...base, action, field: fieldName(field), oldValue: last[field] ?? null, newValue: value });
      last[field] = value;
    }
  });
  return entries.reverse();
}

function isEmpty(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

export function listTrash(db: Db): TrashItem[] {
  return db
    .all(
      sql
        .selectFrom('customers')
        .select(['id', 'name', 'kind', 'deleted_at'])
        .where('deleted_at', 'is not', null)
        .orderBy('deleted_at', 'desc')
        .limit(1000),
    )
    .map((r) => ({ recordType: 'customer', id: r.id, name: r.name, kind: r.kind, deletedAt: r.deleted_at ?? '' }));
}
