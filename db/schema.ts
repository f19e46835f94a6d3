/**
 * Typed schema for kysely. Synced tables carry UUIDv7 `id`, ISO-8601 UTC timestamps and a
 * `deleted_at` tombstone. `seq` is a local INTEGER PRIMARY KEY: it keeps rowids stable (the FTS
 * index refers to them) and is never synced.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface LocalStateTable {
  key: string;
  value: string;
}

export interface UsersTable {
  seq: Generated<number>;
  id: string;
  name: string;
  email: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface CustomersTable {
  seq: Generated<number>;
  id: string;
  kind: 'organization' | 'person';
  name: string;
  organization_id: string | null;
  /** JSON array of {number, label} */
  phones: string;
  /** JSON array of strings */
  emails: string;
  address: string;
  city: string;
  /** JSON array of strings */
  tags: string;
  preferred_channel: string | null;
  description: string;
  owner_id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** Set on the tombstone of a customer merged into another. */
  merged_into_id: string | null;
  // Derived, local-only columns: recomputed from the synced fields by the write path.
  sort_key: string;
  search_text: string;
}

export interface NotesTable {
  seq: Generated<number>;
  id: string;
  record_type: string;
  record_id: string;
  customer_id: string | null;
  body: string;
  owner_id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  search_text: string;
}

export interface ActivitiesTable {
  seq: Generated<number>;
  id: string;
  type: 'call' | 'email' | 'meeting' | 'letter' | 'task';
  subject: string;
  description: string;
  record_type: string;
  record_id: string;
  customer_id: string | null;
  person_id: string | null;
  due_at: string | null;
  all_day: number;
  duration_minutes: number | null;
  status: 'planned' | 'done' | 'cancelled';
  completed_at: string | null;
  outcome: string;
  remind_at: string | null;
  reminder_dismissed_at: string | null;
  recurrence: 'daily' | 'weekly' | 'monthly' | 'yearly' | null;
  recurrence_calendar: 'gregorian' | 'jalali' | null;
  series_id: string | null;
  series_start: string | null;
  series_index: number | null;
  time_zone: string | null;
  owner_id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  timeline_at: string;
  search_text: string;
}

/** One row per write of one record: the fields it set, stamped with one HLC. */
export interface ChangeLogTable {
  seq: Generated<number>;
  hlc: string;
  device_id: string;
  user_id: string;
  table_name: string;
  row_id: string;
  /** JSON object: column → new value */
  fields: string;
}

/** The HLC of the last write of each field of each record: the per-field stamps LWW compares. */
export interface RecordClocksTable {
  table_name: string;
  row_id: string;
  /** JSON object: column → HLC */
  clocks: string;
}

/** One backup or restore on this machine (local, not synced). */
export interface BackupHistoryTable {
  id: string;
  /** 'backup' | 'restore' */
  kind: string;
  /** 'manual' | 'automatic' | 'quit' | 'cli' */
  trigger: string;
  started_at: string;
  finished_at: string;
  /** 'ok' | 'failed' */
  result: string;
  file: string | null;
  folder: string | null;
  size: number | null;
  encrypted: number;
  compressed: number;
  /** JSON of the error payload when the result is 'failed'. */
  error: string | null;
}

export interface PipelineStagesTable {
  seq: Generated<number>;
  id: string;
  name: string;
  position: number;
  probability_bp: number;
  kind: 'open' | 'won' | 'lost';
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface LeadsTable {
  seq: Generated<number>;
  id: string;
  name: string;
  company: string;
  phone: string;
  email: string;
  source: string;
  status: 'new' | 'contacted' | 'qualified' | 'disqualified' | 'converted';
  disqualify_reason: string;
  notes: string;
  owner_id: string;
  converted_customer_id: string | null;
  converted_opportunity_id: string | null;
  converted_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  search_text: string;
}

export interface OpportunitiesTable {
  seq: Generated<number>;
  id: string;
  title: string;
  customer_id: string;
  stage_id: string;
  amount_minor: number;
  currency: string;
  probability_bp: number;
  expected_close_date: string | null;
  owner_id: string;
  lost_reason: string;
  lead_id: string | null;
  stage_entered_at: string;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  search_text: string;
}

export interface OpportunityStageHistoryTable {
  seq: Generated<number>;
  id: string;
  opportunity_id: string;
  stage_id: string;
  entered_at: string;
  left_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

// ---- Billing (migration 5) ----
export interface ProductsTable {
  seq: Generated<number>;
  id: string;
  name: string;
  sku: string;
  unit: string;
  price_minor: number;
  currency: string;
  tax_basis_points: number;
  active: number;
  description: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  search_text: string;
}

interface BillingDocumentColumns {
  seq: Generated<number>;
  id: string;
  customer_id: string;
  currency: string;
  /** JSON discount or null */
  discount: string;
  /** JSON array of lines with computed amounts */
  lines: string;
  /** JSON totals */
  totals: string;
  total_minor: number;
  notes: string;
  owner_id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface QuotesTable extends BillingDocumentColumns {
  opportunity_id: string | null;
  status: 'draft' | 'sent' | 'accepted' | 'rejected' | 'expired';
  valid_until: string | null;
  invoice_id: string | null;
}

export interface InvoicesTable extends BillingDocumentColumns {
  kind: 'invoice' | 'credit_note';
  credit_of_id: string | null;
  quote_id: string | null;
  state: 'draft' | 'issued' | 'void';
  number: string | null;
  series_prefix: string | null;
  series_seq: number | null;
  issued_at: string | null;
  due_at: string | null;
  /** JSON snapshot of the customer as issued */
  customer_snapshot: string;
  voided_at: string | null;
  void_reason: string;
}

export interface PaymentsTable {
  seq: Generated<number>;
  id: string;
  invoice_id: string;
  customer_id: string;
  paid_at: string;
  amount_minor: number;
  method: 'cash' | 'card' | 'bank_transfer' | 'cheque';
  cheque_number: string;
  cheque_due_at: string | null;
  reference: string;
  owner_id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** Shop-wide settings, synced: id is the key, value is JSON. */
export interface SettingsTable {
  seq: Generated<number>;
  id: string;
  value: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface Schema {
  local_state: LocalStateTable;
  users: UsersTable;
  customers: CustomersTable;
  notes: NotesTable;
  activities: ActivitiesTable;
  change_log: ChangeLogTable;
  record_clocks: RecordClocksTable;
  pipeline_stages: PipelineStagesTable;
  leads: LeadsTable;
  opportunities: OpportunitiesTable;
  opportunity_stage_history: OpportunityStageHistoryTable;
  backup_history: BackupHistoryTable;
  products: ProductsTable;
  quotes: QuotesTable;
  invoices: InvoicesTable;
  payments: PaymentsTable;
  settings: SettingsTable;
}

export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomerRow = Insertable<CustomersTable>;
export type ChangeLogRow = Selectable<ChangeLogTable>;
export type NoteRow = Selectable<NotesTable>;
export type ActivityRow = Selectable<ActivitiesTable>;
export type LeadRow = Selectable<LeadsTable>;
export type OpportunityRow = Selectable<OpportunitiesTable>;
export type StageRow = Selectable<PipelineStagesTable>;
