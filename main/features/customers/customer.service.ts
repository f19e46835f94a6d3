/** Rules for customers: phone and email normalization, organization links, duplicates in one record. */
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../../db/database';
import { withChanged } from '../../../shared/changed-fields';
import { AppError, type FieldIssue } from '../../../shared/errors';
import {
  customerValues,
  type Customer,
  type CustomerValues,
  type Phone,
} from '../../../shared/customers/customer.schema';
import { parsePhone } from '../../../shared/customers/phone';
import { deleteRecord, insertRecord, restoreRecord, updateRecord, type Writer } from '../../sync/mutate';
import type { Fields } from '../../sync/tables';
import { customerRef, findCustomer, mergedInto } from './customer.repository';

export interface CustomerContext {
  writer: Writer;
  phoneRegion: string;
}

function uniqueBy<T>(
  items: T[],
  key: (item: T) => string,
  field: (index: number) => string,
  issues: FieldIssue[],
): T[] {
  const seen = new Set<string>();
  return items.filter((item, index) => {
    const k = key(item);
    if (!seen.has(k)) {
      seen.add(k);
      return true;
    }
    issues.push({ field: field(index), code: 'duplicate_value', params: { value: k } });
    return false;
  });
}

/** Checks and normalizes validated input into the stored fields; throws one error listing every problem. */
function toFields(ctx: CustomerContext, values: CustomerValues, selfId: string | null): Fields {
  const issues: FieldIssue[] = [];
  const phones: Phone[] = [];
  values.phones.forEach((phone, index) => {
    const number = parsePhone(phone.number, ctx.phoneRegion);
    if (number) phones.push({ number, label: phone.label });
    else issues.push({ field: `phones.${index}.number`, code: 'invalid_phone', params: { value: phone.number } });
  });
  const uniquePhones = uniqueBy(
    phones,
    (p) => p.number,
    (i) => `phones.${i}.number`,
    issues,
  );
  const emails = uniqueBy(
    values.emails,
    (e) => e.toLowerCase(),
    (i) => `emails.${i}`,
    issues,
  );
  const tags = [...new Set(values.tags)];

  if (values.organizationId) {
    if (values.kind === 'organization') {
      issues.push({ field: 'organizationId', code: 'organization_for_organization' });
    } else {
      const org = customerRef(ctx.writer.db, values.organizationId);
      if (!org || org.deleted || org.kind !== 'organization' || org.id === selfId) {
        issues.push({ field: 'organizationId', code: 'unknown_organization' });
      }
    }
  }
  if (issues.length) throw AppError.validation(issues);

  return {
    kind: values.kind,
    name: values.name,
    organization_id: values.organizationId,
    phones: uniquePhones.map((p) => ({ number: p.number, label: p.label })),
    emails,
    address: values.address,
    city: values.city,
    tags,
    preferred_channel: values.preferredChannel,
    description: values.description,
  };
}

function mustFind(ctx: CustomerContext, id: string): Customer {
  const customer = findCustomer(ctx.writer.db, id);
  if (!customer) throw new AppError('not_found', { params: { id } });
  return customer;
}

export function createCustomer(ctx: CustomerContext, values: CustomerValues): Customer {
  // A transaction of its own (a savepoint inside a caller's): nothing of a failed create stays.
  const id = ctx.writer.db.transaction(() => addCustomer(ctx, values));
  return mustFind(ctx, id);
}

/**
 * Creates a customer with the same checks as `createCustomer` and returns its id, for bulk
 * writers (an import's batch) that need nothing else: no reading it back, and inside the
 * caller's transaction no savepoint of its own (the checks throw before anything is written).
 */
export function addCustomer(ctx: CustomerContext, values: CustomerValues): string {
  const id = uuidv7();
  const write = () =>
    insertRecord(ctx.writer, 'customers', id, { ...toFields(ctx, values, null), owner_id: ctx.writer.userId });
  // The reference checks and the write in one transaction, as in createCustomer.
  if (ctx.writer.db.sqlite.inTransaction) write();
  else ctx.writer.db.transaction(write);
  return id;
}

/**
 * Writes the values; with `changed`, only those fields are taken from `values` and the rest keep
 * what is stored now. A form that was open while another window or a synced computer changed the
 * customer would otherwise write its stale copy of the untouched fields back over that change,
 * and with a newer stamp, on every device.
 */
export function updateCustomer(
  ctx: CustomerContext,
  id: string,
  edited: CustomerValues,
  changed?: readonly (keyof CustomerValues)[],
): Customer {
  ctx.writer.db.transaction(() => {
    const existing = mustFind(ctx, id);
    if (existing.deletedAt) throw new AppError('not_found', { params: { id } });
    const values = changed ? withChanged(customerValues(existing), edited, changed) : edited;
    if (existing.kind === 'organization' && values.kind === 'person') {
      // People of this organization would point at a person; keep the link valid.
      const members = ctx.writer.db.prepare(
        'SELECT 1 FROM customers WHERE organization_id = ? AND deleted_at IS NULL LIMIT 1',
      );
      if (members.get(id)) throw AppError.validation([{ field: 'kind', code: 'organization_has_people' }]);
    }
    updateRecord(ctx.writer, 'customers', id, toFields(ctx, values, id));
  });
  return mustFind(ctx, id);
}

export function deleteCustomer(ctx: CustomerContext, id: string): void {
  const existing = mustFind(ctx, id);
  if (!existing.deletedAt) deleteRecord(ctx.writer, 'customers', id);
}

/**
 * Refuses to bring back a merged record: its notes and activities live on the survivor, so it
 * would come back as an empty twin. Trash and the sync conflict inbox both ask here.
 */
export function assertCustomerRestorable(db: Db, id: string): void {
  const merged = mergedInto(db, id);
  if (merged) throw AppError.validation([{ field: 'id', code: 'merged_record', params: { name: merged.name } }]);
}

export function restoreCustomer(ctx: CustomerContext, id: string): Customer {
  mustFind(ctx, id);
  assertCustomerRestorable(ctx.writer.db, id);
  restoreRecord(ctx.writer, 'customers', id);
  return mustFind(ctx, id);
}
