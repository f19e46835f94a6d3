/**
 * The synced tables and their fields: the write path (and later sync) only touches what is
 * listed here. `derive` recomputes local-only columns (search text, sort key) from the synced
 * fields, so a change applied from another device indexes exactly like a local one.
 */
import { customerDerivedColumns } from '../features/customers/customer.search';

export type FieldValue = string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };
export type Fields = Record<string, FieldValue>;

export interface SyncedTable {
  name: string;
  /** Synced columns, in the order they are shown in history. `deleted_at` is always one. */
  fields: readonly string[];
  /** Columns stored as JSON text; their values in the change log are the decoded values. */
  jsonFields: readonly string[];
  derive?(fields: Fields): Record<string, string>;
}

export const syncedTables = {
  users: {
    name: 'users',
    fields: ['name', 'email', 'created_at', 'deleted_at'],
    jsonFields: [],
  },
  customers: {
    name: 'customers',
    fields: [
      'kind',
      'name',
      'organization_id',
      'phones',
      'emails',
      'address',
      'city',
      'tags',
      'preferred_channel',
      'description',
      'owner_id',
      'created_at',
      'deleted_at',
    ],
    jsonFields: ['phones', 'emails', 'tags'],
    derive: customerDerivedColumns,
  },
} as const satisfies Record<string, SyncedTable>;

export type SyncedTableName = keyof typeof syncedTables;
