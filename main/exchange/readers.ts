/**
 * From file bytes to import rows: CSV (decoded, delimiter detected, checked in full before
 * anything is written, then mapped column by column) and vCard (each card one row).
 */
import type { PhoneLabel } from '../../shared/customers/customer.schema';
import {
  autoMapping,
  PREVIEW_ROWS,
  type FileProblem,
  type ImportField,
  type ImportInspection,
  type Outcome,
} from '../../shared/exchange/exchange.schema';
import { CsvSyntaxError, detectDelimiter, readCsv, type Delimiter } from './csv';
import { decodeBytes } from './decode';
import { kindFromText, type ImportRow, type RejectedRow } from './import.engine';
import { readVCards, type VCardContact } from './vcard';

export interface CsvFile {
  text: string;
  encoding: string;
  delimiter: Delimiter;
  headers: string[];
  /** Data rows (records after the header). */
  rows: number;
}

/** Decodes and checks the whole CSV: quoting, a header. Nothing is kept but the text. */
export function openCsv(bytes: Uint8Array): Outcome<CsvFile> {
  if (bytes.length === 0) return { ok: false, problem: { code: 'empty_file' } };
  const { text, encoding } = decodeBytes(bytes);
  if (!text.trim()) return { ok: false, problem: { code: 'empty_file' } };
  const delimiter = detectDelimiter(text);
  let headers: string[] | null = null;
  let rows = 0;
  try {
    for (const record of readCsv(text, delimiter)) {
      if (headers === null) headers = record.cells.map((c) => c.trim());
      else rows++;
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      // The record starting on this line: its row number as a spreadsheet shows it.
      return { ok: false, problem: { code: error.code, params: { line: error.line } } };
    }
    throw error;
  }
  if (!headers || headers.every((h) => !h)) return { ok: false, problem: { code: 'no_header' } };
  return { ok: true, value: { text, encoding, delimiter, headers, rows } };
}

export function inspectCsv(file: CsvFile): ImportInspection {
  const preview: string[][] = [];
  let first = true;
  for (const record of readCsv(file.text, file.delimiter)) {
    if (first) {
      first = false;
      continue;
    }
    preview.push(record.cells);
    if (preview.length >= PREVIEW_ROWS) break;
  }
  return {
    format: 'csv',
    encoding: file.encoding,
    delimiter: file.delimiter,
    headers: file.headers,
    preview,
    rows: file.rows,
    mapping: autoMapping(file.headers),
  };
}

const PHONE_FIELDS: Partial<Record<ImportField, PhoneLabel>> = {
  mobile: 'mobile',
  workPhone: 'work',
  homePhone: 'home',
  fax: 'fax',
  phone: 'other',
};

/** A mapping that can name a row; otherwise every row would be rejected. */
export function checkMapping(mapping: readonly ImportField[]): FileProblem | null {
  const naming: ImportField[] = ['name', 'firstName', 'lastName', 'organization'];
  return mapping.some((f) => naming.includes(f)) ? null : { code: 'no_name_column' };
}

/** Tags in one cell: split at commas, semicolons, Persian commas or line breaks. */
const splitList = (cell: string) =>
  cell
    .split(/[,;،\n|]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The data rows of a checked CSV as import rows; row numbers count the header as row 1. */
export function* csvRows(file: CsvFile, mapping: readonly ImportField[]): Generator<ImportRow | RejectedRow> {
  let recordNo = 0;
  for (const record of readCsv(file.text, file.delimiter)) {
    recordNo++;
    if (recordNo === 1) continue;
    // Spreadsheets write rows of empty cells below the data; they are not rows.
    if (record.cells.every((c) => !c.trim())) continue;
    const row: ImportRow = {
      row: recordNo,
      kind: null,
      name: '',
      organization: '',
      phones: [],
      emails: [],
      city: '',
      address: '',
      tags: [],
      description: '',
      warnings: [],
    };
    let first = '';
    let last = '';
    const join = (a: string, b: string, sep: string) => (a && b ? `${a}${sep}${b}` : a || b);
    record.cells.forEach((raw, column) => {
      const field = mapping[column] ?? 'ignore';
      // Undo the apostrophe our export (and others) put before formula-looking cells.
      const trimmed = raw.trim();
      const cell = /^'[=+\-@\t\r]/.test(trimmed) ? trimmed.slice(1) : trimmed;
      if (!cell || field === 'ignore') return;
      const label = PHONE_FIELDS[field];
      if (label) {
        for (const value of cell.split(/\s*[,;،\n]\s*|\s+[/|]\s+/).filter(Boolean)) row.phones.push({ value, label });
        return;
      }
      switch (field) {
        case 'name':
          row.name = join(row.name, cell, ' ');
          break;
        case 'firstName':
          first = join(first, cell, ' ');
          break;
        case 'lastName':
          last = join(last, cell, ' ');
          break;
        case 'kind': {
          const kind = kindFromText(cell);
          if (kind) row.kind = kind;
          else row.warnings.push({ row: recordNo, code: 'unknown_kind', params: { value: cell } });
          break;
        }
        case 'organization':
          row.organization = join(row.organization, cell, ' ');
          break;
        case 'email':
          row.emails.push(...splitList(cell));
          break;
        case 'city':
          row.city = join(row.city, cell, ' ');
          break;
        case 'address':
          row.address = join(row.address, cell, ', ');
          break;
        case 'tags':
          row.tags.push(...splitList(cell));
          break;
        case 'description':
          row.description = join(row.description, cell, '\n');
          break;
        default:
          break;
      }
    });
    if (!row.name) row.name = join(first, last, ' ');
    yield row;
  }
}

export interface VCardFile {
  contacts: VCardContact[];
}

export function openVCards(bytes: Uint8Array): Outcome<VCardFile> {
  if (bytes.length === 0) return { ok: false, problem: { code: 'empty_file' } };
  const contacts = readVCards(bytes);
  if (contacts.length === 0) return { ok: false, problem: { code: 'not_vcard' } };
  return { ok: true, value: { contacts } };
}

export function inspectVCards(file: VCardFile): ImportInspection {
  return {
    format: 'vcard',
    encoding: 'vcard',
    delimiter: null,
    headers: ['name', 'organization', 'mobile', 'email'],
    preview: file.contacts
      .slice(0, PREVIEW_ROWS)
      .map((c) => [c.name, c.organization, c.phones.map((p) => p.value).join(', '), c.emails.join(', ')]),
    rows: file.contacts.length,
    mapping: ['name', 'organization', 'mobile', 'email'],
  };
}

export function* vcardRows(file: VCardFile): Generator<ImportRow> {
  for (const c of file.contacts) {
    yield {
      row: c.index,
      kind: null,
      name: c.name,
      organization: c.organization,
      phones: c.phones,
      emails: c.emails,
      city: c.city,
      address: c.address,
      tags: c.tags,
      description: [c.title ? `Title: ${c.title}` : '', ...c.notes].filter(Boolean).join('\n\n'),
      warnings: [],
    };
  }
}
