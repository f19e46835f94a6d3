/**
 * Typed errors that cross the RPC boundary. The renderer and the CLI turn them into translated
 * sentences with `describeError` (shared/i18n); nothing here carries display text, so one error
 * reads correctly in Persian and English.
 */

/** Codes for a problem with one input field. Each has a message in every catalog. */
export const ISSUE_CODES = [
  'required',
  'too_long',
  'invalid',
  'invalid_email',
  'invalid_phone',
  'invalid_id',
  'invalid_choice',
  'unknown_organization',
  'organization_for_organization',
  'duplicate_value',
  'too_many',
  'organization_has_people',
  'unknown_field',
  'invalid_date',
  'too_big',
  'unknown_customer',
  'unknown_person',
  'recurrence_only_tasks',
  'recurrence_needs_due_date',
  'not_planned',
  'merge_needs_two',
  'merge_kind_mismatch',
  'merged_record',
  // Backup and restore
  'no_backup_folder',
  'folder_missing',
  'not_a_folder',
  'folder_read_only',
  'disk_full',
  'write_failed',
  'file_missing',
  'not_a_backup',
  'backup_damaged',
  'backup_too_new',
  'passphrase_required',
  'passphrase_too_short',
  'wrong_passphrase',
  'secret_storage_unavailable',
  // Sales pipeline
  'negative_amount',
  'invalid_currency',
  'unknown_stage',
  'lost_reason_required',
  'lead_converted',
  'disqualify_reason_required',
  'possible_duplicate',
  'convert_needs_customer',
  'stage_in_use',
  'last_open_stage',
  'unknown_owner',
  // Billing
  'no_lines',
  'zero_quantity',
  'zero_amount',
  'discount_above_total',
  'unknown_product',
  'unknown_invoice',
  'duplicate_sku',
  'payment_above_balance',
  'invoice_not_editable',
  'invoice_not_issued',
  'invoice_has_payments',
  'invoice_has_credit_notes',
  'credit_above_balance',
  'quote_not_accepted',
  'already_converted',
  // Sync
  'sync_not_set_up',
  'sync_folder_damaged',
  'sync_other_shop',
  'device_name_taken',
  'series_prefix_taken',
  'sync_this_device',
  'unknown_device',
  'unknown_conflict',
  'invoice_needs_sync',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** Codes for a whole request. Each has a message in every catalog. */
export const ERROR_CODES = [
  'validation',
  'not_found',
  'unknown_method',
  'unauthorized',
  'forbidden_sender',
  'schema_too_new',
  'database_busy',
  'internal',
  'network',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type IssueParams = Record<string, string | number>;

/** `field` is a dotted path into the input, e.g. `name` or `emails.1`. */
export interface FieldIssue {
  field: string;
  code: IssueCode;
  params?: IssueParams;
}

export interface RpcErrorPayload {
  code: ErrorCode;
  params?: IssueParams;
  issues?: FieldIssue[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: IssueParams | undefined;
  readonly issues: FieldIssue[] | undefined;

  constructor(code: ErrorCode, options: { params?: IssueParams; issues?: FieldIssue[]; message?: string } = {}) {
    super(options.message ?? code);
    this.name = 'AppError';
    this.code = code;
    this.params = options.params;
    this.issues = options.issues;
  }

  static validation(issues: FieldIssue[]): AppError {
    return new AppError('validation', { issues, message: issues.map((i) => `${i.field}: ${i.code}`).join('; ') });
  }

  toPayload(): RpcErrorPayload {
    const payload: RpcErrorPayload = { code: this.code };
    if (this.params) payload.params = this.params;
    if (this.issues) payload.issues = this.issues;
    return payload;
  }
}

export function isIssueCode(value: unknown): value is IssueCode {
  return typeof value === 'string' && (ISSUE_CODES as readonly string[]).includes(value);
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcErrorPayload };
