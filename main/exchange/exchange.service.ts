/** Import and export as the handlers and the CLI use them: bytes in, a summary out. */
import fs from 'node:fs';
import {
  MAX_IMPORT_BYTES,
  type ExportEntity,
  type ExportFormat,
  type ImportField,
  type ImportFormat,
  type ImportInspection,
  type ImportSummary,
  type OnDuplicate,
  type Outcome,
} from '../../shared/exchange/exchange.schema';
import type { CustomerContext } from '../features/customers/customer.service';
import type { Db } from '../../db/database';
import { exportCsv, exportJson, exportVCards } from './export';
import { importRows } from './import.engine';
import { importJson } from './json.import';
import { checkMapping, csvRows, inspectCsv, openCsv, openVCards, inspectVCards, vcardRows } from './readers';

export interface ImportRequest {
  format: ImportFormat;
  /** CSV: column → field; null uses the automatic mapping from the header. */
  mapping: ImportField[] | null;
  dryRun: boolean;
  onDuplicate: OnDuplicate;
}

/** The format a file name suggests. */
export function formatFromName(name: string): ImportFormat | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv';
  if (ext === 'vcf' || ext === 'vcard') return 'vcard';
  if (ext === 'json') return 'json';
  return null;
}

export function inspectFile(bytes: Uint8Array, format: ImportFormat): Outcome<ImportInspection> {
  if (bytes.length > MAX_IMPORT_BYTES)
    return { ok: false, problem: { code: 'too_large', params: { max: MAX_IMPORT_BYTES / (1024 * 1024) } } };
  if (format === 'csv') {
    const file = openCsv(bytes);
    return file.ok ? { ok: true, value: inspectCsv(file.value) } : file;
  }
  if (format === 'vcard') {
    const file = openVCards(bytes);
    return file.ok ? { ok: true, value: inspectVCards(file.value) } : file;
  }
  return {
    ok: true,
    value: { format: 'json', encoding: 'utf-8', delimiter: null, headers: [], preview: [], rows: 0, mapping: [] },
  };
}

export function importFile(ctx: CustomerContext, bytes: Uint8Array, request: ImportRequest): Outcome<ImportSummary> {
  if (bytes.length > MAX_IMPORT_BYTES)
    return { ok: false, problem: { code: 'too_large', params: { max: MAX_IMPORT_BYTES / (1024 * 1024) } } };
  const options = { format: request.format, dryRun: request.dryRun, onDuplicate: request.onDuplicate };
  if (request.format === 'json') {
    if (request.onDuplicate === 'create') return { ok: false, problem: { code: 'json_no_create' } };
    return importJson(ctx.writer, bytes, options);
  }
  if (request.format === 'vcard') {
    const file = openVCards(bytes);
    if (!file.ok) return file;
    return { ok: true, value: importRows(ctx, vcardRows(file.value), options) };
  }
  const file = openCsv(bytes);
  if (!file.ok) return file;
  const mapping = request.mapping ?? inspectCsv(file.value).mapping;
  const problem = checkMapping(mapping);
  if (problem) return { ok: false, problem };
  return { ok: true, value: importRows(ctx, csvRows(file.value, mapping), options) };
}

export interface ExportResult {
  fileName: string;
  mime: string;
  content: string;
  count: number;
}

const stamp = (now: Date) => now.toISOString().slice(0, 10);

export function exportData(
  db: Db,
  schemaVersion: number,
  format: ExportFormat,
  entity: ExportEntity,
  now: Date,
): Outcome<ExportResult> {
  if (format === 'json') {
    const doc = exportJson(db, schemaVersion, now);
    const count = Object.values(doc.tables).reduce((n, rows) => n + rows.length, 0);
    return {
      ok: true,
      value: {
        fileName: `pishkhan-${stamp(now)}.json`,
        mime: 'application/json',
        content: JSON.stringify(doc, null, 2),
        count,
      },
    };
  }
  if (format === 'vcard') {
    const { vcf, count } = exportVCards(db);
    return {
      ok: true,
      value: { fileName: `pishkhan-people-${stamp(now)}.vcf`, mime: 'text/vcard', content: vcf, count },
    };
  }
  const { csv, count } = exportCsv(db, entity === 'all' ? 'customers' : entity, now);
  return {
    ok: true,
    value: {
      fileName: `pishkhan-${entity === 'all' ? 'customers' : entity}-${stamp(now)}.csv`,
      mime: 'text/csv',
      content: csv,
      count,
    },
  };
}

export function readFileBytes(file: string): Outcome<Buffer> {
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_IMPORT_BYTES)
      return { ok: false, problem: { code: 'too_large', params: { max: MAX_IMPORT_BYTES / (1024 * 1024) } } };
    return { ok: true, value: fs.readFileSync(file) };
  } catch (error) {
    return {
      ok: false,
      problem: { code: 'read_failed', params: { detail: error instanceof Error ? error.message : String(error) } },
    };
  }
}
