/**
 * The synced tables and their fields: the write path (and later sync) only touches what is
 * listed here. `derive` recomputes local-only columns (search text, sort key) from the synced
 * fields, so a change applied from another device indexes exactly like a local one.
 */
import { activityDerivedColumns } from '../features/activities/activity.search';
import { customerDerivedColumns } from '../features/customers/customer.search';
import { noteDerivedColumns } from '../features/notes/note.search';
import { billingSyncedTables } from '../features/billing/billing.tables';
import { leadDerivedColumns, opportunityDerivedColumns } from '../features/pipeline/pipeline.search';

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
      'merged_into_id',
    ],
    jsonFields: ['phones', 'emails', 'tags'],
    derive: customerDerivedColumns,
  },
  notes: {
    name: 'notes',
    fields: ['record_type', 'record_id', 'customer_id', 'body', 'owner_id', 'created_at', 'deleted_at'],
    jsonFields: [],
    derive: noteDerivedColumns,
  },
  activities: {
    name: 'activities',
    fields: [
      'type',
      'subject',
      'description',
      'record_type',
      'record_id',
      'customer_id',
      'person_id',
      'due_at',
      'all_day',
      'duration_minutes',
      'status',
      'completed_at',
      'outcome',
      'remind_at',
      'reminder_dismissed_at',
      'recurrence',
      'recurrence_calendar',
      'series_id',
      'series_start',
      'series_index',
      'time_zone',
      'owner_id',
      'created_at',
      'deleted_at',
    ],
    jsonFields: [],
    derive: activityDerivedColumns,
  },
  // Billing: products, quotes, invoices, payments, settings (main/features/billing)
  ...billingSyncedTables,
  // Sales pipeline (migration 4)
  pipeline_stages: {
    name: 'pipeline_stages',
    fields: ['name', 'position', 'probability_bp', 'kind', 'created_at', 'deleted_at'],
    jsonFields: [],
  },
  leads: {
    name: 'leads',
    fields: [
      'name',
      'company',
      'phone',
      'email',
      'source',
      'status',
      'disqualify_reason',
      'notes',
      'owner_id',
      'converted_customer_id',
      'converted_opportunity_id',
      'converted_at',
      'created_at',
      'deleted_at',
    ],
    jsonFields: [],
    derive: leadDerivedColumns,
  },
  opportunities: {
    name: 'opportunities',
    fields: [
      'title',
      'customer_id',
      'stage_id',
      'amount_minor',
      'currency',
      'probability_bp',
      'expected_close_date',
      'owner_id',
      'lost_reason',
      'lead_id',
      'stage_entered_at',
      'closed_at',
      'created_at',
      'deleted_at',
    ],
    jsonFields: [],
    derive: opportunityDerivedColumns,
  },
  opportunity_stage_history: {
    name: 'opportunity_stage_history',
    fields: ['opportunity_id', 'stage_id', 'entered_at', 'left_at', 'created_at', 'deleted_at'],
    jsonFields: [],
  },
} as const satisfies Record<string, SyncedTable>;

export type SyncedTableName = keyof typeof syncedTables;
