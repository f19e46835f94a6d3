/**
 * Import and export: formats, the fields a CSV column can map to (with header names in English
 * and Persian that map automatically), and the summary an import reports. Plain data, shared by
 * main, the CLI and the window.
 */
import { z } from 'zod';
import { normalizeForSearch } from '../text/normalize';

export const IMPORT_FORMATS = ['csv', 'vcard', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const EXPORT_FORMATS = ['csv', 'vcard', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What a CSV export can hold, one entity per file; vCard is always people, JSON always everything. */
export const CSV_ENTITIES = [
  'customers',
  'organizations',
  'people',
  'activities',
  'notes',
  'leads',
  'opportunities',
  'products',
  'quotes',
  'invoices',
  'payments',
] as const;
export type CsvEntity = (typeof CSV_ENTITIES)[number];
/** `all`: the JSON export of every table. */
export const EXPORT_ENTITIES = [...CSV_ENTITIES, 'all'] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];

export const ON_DUPLICATE = ['skip', 'update', 'create'] as const;
export type OnDuplicate = (typeof ON_DUPLICATE)[number];

/** Largest file an import reads (window upload and CLI alike). */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
/** Bytes per upload request from the window (base64 adds a third; the host accepts 20 MB). */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * Rows written per transaction. An import is one call either way; bigger batches mean fewer
 * commits and search-index segments (100,000 rows: 1,000 a batch 5,946 rows/s, 5,000 a batch 7,739).
 */
export const IMPORT_BATCH = 5000;
/** Rows shown in the preview. */
export const PREVIEW_ROWS = 10;
/** Row problems listed in a summary at most (the counts stay exact). */
export const MAX_LISTED_PROBLEMS = 1000;

/** Where a CSV column goes. `ignore` drops it. */
export const IMPORT_FIELDS = [
  'ignore',
  'name',
  'firstName',
  'lastName',
  'kind',
  'organization',
  'mobile',
  'workPhone',
  'homePhone',
  'fax',
  'phone',
  'email',
  'city',
  'address',
  'tags',
  'description',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header names (normalized for search: case, Persian letter variants, digits) → field. */
const SYNONYMS: Record<Exclude<ImportField, 'ignore'>, readonly string[]> = {
  name: [
    'name',
    'full name',
    'fullname',
    'display name',
    'contact',
    'contact name',
    'customer',
    'نام',
    'نام کامل',
    'نام و نام خانوادگی',
    'مشتری',
    'نام مشتری',
    'اسم',
  ],
  firstName: ['first name', 'firstname', 'given name', 'given', 'نام کوچک'],
  lastName: ['last name', 'lastname', 'surname', 'family name', 'family', 'نام خانوادگی', 'فامیلی', 'فامیل'],
  kind: ['kind', 'type', 'customer type', 'نوع', 'نوع مشتری'],
  organization: [
    'company',
    'organization',
    'organisation',
    'org',
    'account',
    'employer',
    'شرکت',
    'سازمان',
    'نام شرکت',
    'محل کار',
  ],
  mobile: [
    'mobile',
    'mobile phone',
    'cell',
    'cell phone',
    'cellphone',
    'موبایل',
    'تلفن همراه',
    'شماره همراه',
    'همراه',
    'شماره موبایل',
  ],
  workPhone: ['work phone', 'business phone', 'office phone', 'تلفن کار', 'تلفن محل کار', 'تلفن شرکت'],
  homePhone: ['home phone', 'تلفن منزل', 'تلفن خانه'],
  fax: ['fax', 'business fax', 'فکس', 'نمابر'],
  phone: ['phone', 'telephone', 'tel', 'phone number', 'number', 'تلفن', 'شماره تلفن', 'شماره', 'تلفن ثابت'],
  email: [
    'email',
    'e-mail',
    'email address',
    'e-mail address',
    'mail',
    'ایمیل',
    'رایانامه',
    'پست الکترونیک',
    'آدرس ایمیل',
  ],
  city: ['city', 'town', 'شهر'],
  address: ['address', 'street', 'street address', 'آدرس', 'نشانی'],
  tags: [
    'tags',
    'tag',
    'labels',
    'label',
    'groups',
    'group',
    'categories',
    'category',
    'برچسب',
    'برچسب‌ها',
    'برچسبها',
    'گروه',
    'دسته',
  ],
  description: ['description', 'notes', 'note', 'comment', 'comments', 'توضیحات', 'توضیح', 'یادداشت'],
};

const key = (header: string) =>
  normalizeForSearch(header)
    .replace(/[\u200c_]+/g, ' ')
    .replace(/[^\p{L}\p{N}@ -]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const LOOKUP = new Map<string, ImportField>();
for (const [field, names] of Object.entries(SYNONYMS) as [ImportField, readonly string[]][]) {
  for (const name of names) LOOKUP.set(key(name), field);
}

/** The field a header name maps to, or `ignore`. "E-mail 2", "Phone 1 - Value" map like "Email", "Phone". */
export function fieldForHeader(header: string): ImportField {
  const k = key(header);
  const exact = LOOKUP.get(k);
  if (exact) return exact;
  const stripped = k
    .replace(/\b(value|\d+)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ?- ?$/, '')
    .trim();
  return LOOKUP.get(stripped) ?? 'ignore';
}

/** Column index → field, from the header row. */
export function autoMapping(headers: readonly string[]): ImportField[] {
  return headers.map(fieldForHeader);
}

export const mappingSchema = z
  .array(z.enum(IMPORT_FIELDS, { error: 'invalid_choice' }))
  .max(500, { error: 'too_many' });

/** A problem with one row (or one value of it): what the summary lists. */
export interface RowProblem {
  /** 1-based: the data row (CSV: line of the header is row 1, so the first data row is 2; vCard: the card's number). */
  row: number;
  /** `exchange.problem.<code>` in the catalogs. */
  code: ProblemCode;
  params?: Record<string, string | number>;
}

export const PROBLEM_CODES = [
  // a row was rejected
  'no_name',
  'invalid_row',
  'column_count',
  // a value was not imported as such (the row still was)
  'phone_kept_in_description',
  'email_kept_in_description',
  'too_many_values',
  'unknown_kind',
  'description_truncated',
  // a row was skipped as a duplicate
  'duplicate_of',
  'duplicate_id',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** Whole-file problems: nothing is imported. */
export const FILE_PROBLEMS = [
  'empty_file',
  'too_large',
  'unclosed_quote',
  'text_after_quote',
  'no_header',
  'no_name_column',
  'not_vcard',
  'not_json',
  'wrong_json',
  'newer_json',
  // a JSON export's records carry ids: one already here can be kept or updated, not made twice
  'json_no_create',
  'upload_missing',
  'read_failed',
  'write_failed',
] as const;
export type FileProblemCode = (typeof FILE_PROBLEMS)[number];

export interface FileProblem {
  code: FileProblemCode;
  params?: Record<string, string | number>;
}

export interface ImportSummary {
  format: ImportFormat;
  dryRun: boolean;
  /** Data rows (CSV) or cards (vCard) or records (JSON) read. */
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  /** Organizations created for people's company names (counted in `created` too). */
  organizationsCreated: number;
  /** Rejected rows, with their row number and reason (at most MAX_LISTED_PROBLEMS). */
  rejections: RowProblem[];
  /** Rows skipped as duplicates (at most MAX_LISTED_PROBLEMS). */
  skips: RowProblem[];
  /** Rows imported with a value set aside (at most MAX_LISTED_PROBLEMS). */
  warnings: RowProblem[];
  /** JSON: records per table. */
  tables?: Record<string, number>;
}

/** What the window shows before importing: the detected shape of the file and the first rows. */
export interface ImportInspection {
  format: ImportFormat;
  encoding: string;
  /** CSV only. */
  delimiter: string | null;
  headers: string[];
  /** The first rows (CSV: cells; vCard: name, organization, phones, emails). */
  preview: string[][];
  rows: number;
  mapping: ImportField[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: FileProblem };
