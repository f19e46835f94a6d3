/** Reads of customers (kysely-built, run synchronously). Writes go through main/sync/mutate.ts. */
import { sql as raw, type SqlBool } from 'kysely';
import { sql, type Db } from '../../../db/database';
import type { CustomerRow } from '../../../db/schema';
import type {
  Customer,
  CustomerListQuery,
  CustomerListQueryValues,
  CustomerListResult,
  CustomerListRow,
  CustomerRef,
  Phone,
} from '../../../shared/customers/customer.schema';
import { customerListQuerySchema } from '../../../shared/customers/customer.schema';
import type { HistoryEntry } from '../../../shared/history';
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

/** The record a merged customer was merged into (null: not merged). */
export function mergedInto(db: Db, id: string): { id: string; name: string } | null {
  const row = db.first(
    sql
      .selectFrom('customers as c')
      .innerJoin('customers as s', 's.id', 'c.merged_into_id')
      .select(['s.id', 's.name'])
      .where('c.id', '=', id),
  );
  return row ?? null;
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

/** Sort columns per list sort; ties fall back to insertion order (seq). */
const SORT_COLUMNS = {
  name: ['sort_key'],
  createdAt: ['created_at'],
  updatedAt: ['updated_at'],
  city: ['city', 'sort_key'],
} as const;

/** LIKE pattern for a literal substring. */
export function containsPattern(term: string): string {
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
export function searchTerms(query: string): string[] {
  const phone = phoneQuery(query);
  if (phone) return [phone];
  return normalizeForSearch(query).split(' ').filter(Boolean);
}

const liveCustomers = () => sql.selectFrom('customers as c').where('c.deleted_at', 'is', null);

export interface CustomerFilter {
  query: ReturnType<typeof liveCustomers>;
  /** The FTS5 MATCH expression when the query has long terms. */
  match: string | null;
  /** True when the FTS match is the only condition, so the index alone can count. */
  matchOnly: boolean;
  terms: string[];
}

export function customerFilter(q: CustomerListQueryValues): CustomerFilter {
  const terms = searchTerms(q.query);
  const longTerms = terms.filter((t) => [...t].length >= 3);
  const shortTerms = terms.filter((t) => [...t].length < 3);
  let query = liveCustomers();
  if (q.kind) query = query.where('c.kind', '=', q.kind);
  if (q.createdFrom) query = query.where('c.created_at', '>=', q.createdFrom);
  if (q.createdTo) query = query.where('c.created_at', '<', q.createdTo);
  if (q.tag) {
    const tag = q.tag;
    query = query.where(raw<SqlBool>`exists (select 1 from json_each(c.tags) where json_each.value = ${tag})`);
  }
  const match = longTerms.length ? longTerms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ') : null;
  if (match)
    query = query.where(raw<SqlBool>`c.seq in (select rowid from customers_fts where customers_fts match ${match})`);
  for (const term of shortTerms) {
    query = query.where(raw<SqlBool>`c.search_text like ${containsPattern(term)} escape '\\'`);
  }
  const matchOnly = match !== null && !q.kind && !q.tag && !q.createdFrom && !q.createdTo && shortTerms.length === 0;
  return { query, match, matchOnly, terms };
}

/**
 * Totals are cached until the data changes: `total_changes()` moves with every write on this
 * connection and `data_version` with every commit from another (a CLI run beside the app).
 */
const totals = new WeakMap<Db, { version: string; counts: Map<string, number> }>();
function cachedTotal(db: Db, key: string, count: () => number): number {
  const version = JSON.stringify([
    (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n,
    db.sqlite.pragma('data_version', { simple: true }),
  ]);
  let cache = totals.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, counts: new Map() };
    totals.set(db, cache);
  }
  let total = cache.counts.get(key);
  if (total === undefined) {
    total = count();
    cache.counts.set(key, total);
  }
  return total;
}

/**
 * The rows of one page, in order: exact name first, then names that start with the query, then
 * the chosen sort. Only `seq` is read here (a deferred join): the page's rows are read after.
 */
export function rankedCustomerSeqs(db: Db, filter: CustomerFilter, q: CustomerListQueryValues): number[] {
  let page = filter.query.select('c.seq');
  if (filter.terms.length) {
    const key = sortKey(q.query);
    page = page.orderBy(
      raw`case when c.sort_key = ${key} then 0 when substr(c.sort_key, 1, ${key.length}) = ${key} then 1 else 2 end`,
    );
  }
  for (const column of SORT_COLUMNS[q.sort]) page = page.orderBy(`c.${column}`, q.direction);
  return db.all(page.orderBy('c.seq', q.direction).limit(q.limit).offset(q.offset)).map((r) => r.seq);
}

export function listCustomers(db: Db, input: CustomerListQuery): CustomerListResult {
  const q = customerListQuerySchema.parse(input);
  const filter = customerFilter(q);
  const key = JSON.stringify([q.query, q.kind, q.tag, q.createdFrom, q.createdTo]);
  const total = cachedTotal(db, key, () => {
    // Tombstones carry no search text, so the trigram index alone counts live matches.
    if (filter.matchOnly && filter.match) {
      const row = db.prepare('SELECT count(*) AS n FROM customers_fts WHERE customers_fts MATCH ?').get(filter.match);
      return (row as { n: number }).n;
    }
    return db.first(filter.query.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  });

  const seqs = rankedCustomerSeqs(db, filter, q);
  return { total, offset: q.offset, rows: customerRowsBySeq(db, seqs) };
}

/** List rows (with organization names) for the given rows, in the given order. */
export function customerRowsBySeq(db: Db, seqs: readonly number[]): CustomerListRow[] {
  if (seqs.length === 0) return [];
  const found = db.all(
    sql
      .selectFrom('customers as c')
      .leftJoin('customers as o', 'o.id', 'c.organization_id')
      .select([
        'c.seq',
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
      ])
      .where('c.seq', 'in', [...seqs]),
  );
  const bySeq = new Map(found.map((r) => [r.seq, r]));
  return seqs.flatMap((seq) => {
    const r = bySeq.get(seq);
    if (!r) return [];
    return [
      {
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
      },
    ];
  });
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
      .select(['l.hlc', 'l.device_id', 'l.user_id', 'l.fields', 'u.name as user_name'])
      .where('l.table_name', '=', 'customers')
      .where('l.row_id', '=', id)
      .orderBy('l.hlc'),
  );
  const last: Record<string, unknown> = {};
  const entries: HistoryEntry[] = [];
  rows.forEach((row, index) => {
    const fields = JSON.parse(row.fields) as Record<string, unknown>;
    const base = {
      hlc: row.hlc,
      at: row.hlc.slice(0, 24),
      userId: row.user_id,
      userName: row.user_name ?? '',
      deviceId: row.device_id,
    };
    // The write that merged this record into another: its tombstone and link read as one merge.
    const mergedAway = index > 0 && typeof fields.merged_into_id === 'string';
    for (const [field, value] of Object.entries(fields)) {
      let action: HistoryEntry['action'] = index === 0 ? 'created' : 'updated';
      if (field === 'deleted_at' && index > 0) action = value === null ? 'restored' : 'deleted';
      if (mergedAway && (field === 'deleted_at' || field === 'merged_into_id')) action = 'merged';
      // A creation's empty defaults are noise in the panel; deletion markers are shown as actions.
      const quiet = index === 0 && (field === 'deleted_at' || field === 'created_at' || isEmpty(value));
      if (!quiet)
        entries.push({ ...base, action, field: fieldName(field), oldValue: last[field] ?? null, newValue: value });
      last[field] = value;
    }
  });
  entries.push(...mergedIntoHistory(db, id));
  // Oldest first (stable, so the fields of one write keep their order), then newest first.
  return entries.sort((x, y) => (x.hlc < y.hlc ? -1 : x.hlc > y.hlc ? 1 : 0)).reverse();
}

/** One 'merged' entry (field `mergedFrom`, new value the merged record's name) per record merged into this one. */
function mergedIntoHistory(db: Db, id: string): HistoryEntry[] {
  const merged = db.all(sql.selectFrom('customers').select(['id', 'name']).where('merged_into_id', '=', id));
  return merged.flatMap((other) =>
    db
      .all(
        sql
          .selectFrom('change_log as l')
          .leftJoin('users as u', 'u.id', 'l.user_id')
          .select(['l.hlc', 'l.device_id', 'l.user_id', 'l.fields', 'u.name as user_name'])
          .where('l.table_name', '=', 'customers')
          .where('l.row_id', '=', other.id)
          .orderBy('l.hlc'),
      )
      .filter((row) => (JSON.parse(row.fields) as Record<string, unknown>).merged_into_id === id)
      .map((row): HistoryEntry => ({
        hlc: row.hlc,
        at: row.hlc.slice(0, 24),
        userId: row.user_id,
        userName: row.user_name ?? '',
        deviceId: row.device_id,
        action: 'merged',
        field: 'mergedFrom',
        oldValue: null,
        newValue: other.name,
      })),
  );
}

function isEmpty(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
