/**
 * Merging two customers. The survivor is always the older record (smaller UUIDv7), so two
 * devices merging the same pair agree on which record remains. Its fields take the chosen values,
 * phones, e-mails and tags are united, every linked note, activity and person is re-linked, and
 * the other record becomes a tombstone pointing at the survivor (`merged_into_id`). One
 * transaction; every write goes through the write path, so the merge is in history and in sync.
 */
import { AppError, type FieldIssue } from '../../../shared/errors';
import type { Customer, Phone } from '../../../shared/customers/customer.schema';
import { MERGE_FIELDS, type MergeField, type MergeResult } from '../../../shared/duplicates/duplicate.schema';
import { normalizeEmail } from '../../../shared/duplicates/duplicate.score';
import { updateRecord, type Writer } from '../../sync/mutate';
import type { FieldValue, Fields, SyncedTableName } from '../../sync/tables';
import { findCustomer } from '../customers/customer.repository';

export interface MergeValues {
  ids: readonly [string, string];
  values: Partial<Record<MergeField, string>>;
}

/** Merge field → stored column and the customer's value of it. */
const FIELD_COLUMNS: Record<MergeField, { column: string; value: (c: Customer) => FieldValue }> = {
  name: { column: 'name', value: (c) => c.name },
  organizationId: { column: 'organization_id', value: (c) => c.organizationId },
  address: { column: 'address', value: (c) => c.address },
  city: { column: 'city', value: (c) => c.city },
  preferredChannel: { column: 'preferred_channel', value: (c) => c.preferredChannel },
  description: { column: 'description', value: (c) => c.description },
};

/**
 * Columns that point at a customer, per linked table. Documents (quotes, invoices) add their
 * lines here when they arrive; `recordType` limits a column to rows linked by (record type, id).
 */
const CUSTOMER_LINKS: readonly {
  table: SyncedTableName;
  count: keyof MergeResult['moved'];
  columns: readonly { column: string; recordType?: string }[];
}[] = [
  {
    table: 'notes',
    count: 'notes',
    columns: [{ column: 'customer_id' }, { column: 'record_id', recordType: 'customer' }],
  },
  {
    table: 'activities',
    count: 'activities',
    columns: [{ column: 'customer_id' }, { column: 'person_id' }, { column: 'record_id', recordType: 'customer' }],
  },
  { table: 'customers', count: 'people', columns: [{ column: 'organization_id' }] },
  { table: 'opportunities', count: 'opportunities', columns: [{ column: 'customer_id' }] },
  { table: 'leads', count: 'leads', columns: [{ column: 'converted_customer_id' }] },
];

const isEmpty = (value: FieldValue) => value === null || value === '';

function unite<T>(first: readonly T[], second: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set(first.map(key));
  return [...first, ...second.filter((item) => !seen.has(key(item)) && seen.add(key(item)))];
}

/** The survivor's phones, e-mails and tags with the other record's added after them. */
export function unitedContacts(survivor: Customer, other: Customer): Fields {
  return {
    phones: unite<Phone>(survivor.phones, other.phones, (p) => p.number).map((p) => ({
      number: p.number,
      label: p.label,
    })),
    emails: unite(survivor.emails, other.emails, normalizeEmail),
    tags: unite(survivor.tags, other.tags, (t) => t),
  };
}

function liveCustomer(writer: Writer, id: string): Customer {
  const customer = findCustomer(writer.db, id);
  if (!customer || customer.deletedAt) throw new AppError('not_found', { params: { id } });
  return customer;
}

/** Re-links every row of the linked tables from `fromId` to `toId` (tombstoned rows too, so a restore finds them). */
export function relink(writer: Writer, fromId: string, toId: string): MergeResult['moved'] {
  const moved: MergeResult['moved'] = { notes: 0, activities: 0, people: 0, opportunities: 0, leads: 0 };
  for (const link of CUSTOMER_LINKS) {
    const conditions = link.columns.map((c) =>
      c.recordType ? `(record_type = ? AND ${c.column} = ?)` : `${c.column} = ?`,
    );
    const params = link.columns.flatMap((c) => (c.recordType ? [c.recordType, fromId] : [fromId]));
    const select = [
      'id',
      ...link.columns.map((c) => c.column),
      ...(link.columns.some((c) => c.recordType) ? ['record_type'] : []),
    ];
    const rows = writer.db
      .prepare(
        `SELECT ${[...new Set(select)].join(', ')} FROM ${link.table} WHERE ${conditions.join(' OR ')} ORDER BY seq`,
      )
      .all(...params) as Record<string, string | null>[];
    for (const row of rows) {
      const fields: Fields = {};
      for (const c of link.columns) {
        if (row[c.column] === fromId && (!c.recordType || row.record_type === c.recordType)) fields[c.column] = toId;
      }
      if (updateRecord(writer, link.table, String(row.id), fields).length > 0) moved[link.count]++;
    }
  }
  return moved;
}

export function mergeCustomers(writer: Writer, input: MergeValues, now: number): MergeResult {
  const [first, second] = input.ids;
  if (first.toLowerCase() === second.toLowerCase()) {
    throw AppError.validation([{ field: 'ids', code: 'merge_needs_two' }]);
  }
  return writer.db.transaction(() => {
    const a = liveCustomer(writer, first);
    const b = liveCustomer(writer, second);
    const issues: FieldIssue[] = [];
    if (a.kind !== b.kind) issues.push({ field: 'ids', code: 'merge_kind_mismatch' });
    for (const [field, id] of Object.entries(input.values)) {
      if (id !== a.id && id !== b.id) issues.push({ field: `values.${field}`, code: 'unknown_customer' });
    }
    if (issues.length) throw AppError.validation(issues);

    // UUIDv7 ids sort by creation time: the older record survives, whichever device merges.
    const [survivor, other] = a.id < b.id ? [a, b] : [b, a];
    const fields: Fields = {};
    for (const field of MERGE_FIELDS) {
      const { column, value } = FIELD_COLUMNS[field];
      const chosen = input.values[field];
      const kept = value(survivor);
      fields[column] = chosen === other.id || (chosen === undefined && isEmpty(kept)) ? value(other) : kept;
    }
    Object.assign(fields, unitedContacts(survivor, other));
    if (fields.organization_id === survivor.id || fields.organization_id === other.id) fields.organization_id = null;

    const moved = relink(writer, other.id, survivor.id);
    updateRecord(writer, 'customers', survivor.id, fields);
    updateRecord(writer, 'customers', other.id, {
      deleted_at: new Date(now).toISOString(),
      merged_into_id: survivor.id,
    });
    return { survivor: liveCustomer(writer, survivor.id), mergedId: other.id, moved };
  });
}
