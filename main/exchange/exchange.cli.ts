/**
 * `pishkhan export` and `pishkhan import`: the same engine as the window, reading and writing
 * files directly (no upload, so no size limit but MAX_IMPORT_BYTES).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CommandModule } from '../cli';
import { CliError, parse, t, type CliIo } from '../cli-kit';
import type { App } from '../app';
import { writeFileAtomicSync } from '../files/atomic-file';
import {
  CSV_ENTITIES,
  EXPORT_ENTITIES,
  EXPORT_FORMATS,
  IMPORT_FIELDS,
  IMPORT_FORMATS,
  ON_DUPLICATE,
  type ExportEntity,
  type ExportFormat,
  type FileProblem,
  type ImportField,
  type ImportFormat,
  type ImportSummary,
  type OnDuplicate,
} from '../../shared/exchange/exchange.schema';
import { describeFileProblem, describeRowProblem } from '../../shared/exchange/exchange.messages';
import { exportData, formatFromName, importFile, readFileBytes } from './exchange.service';
import { openCsv } from './readers';

const USAGE = `  export --format csv|vcard|json [--entity E] --out FILE
                                           E (CSV): ${CSV_ENTITIES.join(', ')}
                                           CSV per entity (UTF-8 with BOM), vCard 3.0 of people, JSON of everything
  import FILE [--format csv|vcard|json] [--mapping FILE] [--dry-run] [--on-duplicate skip|update|create]
                                           --mapping: JSON {"Column header": "field"} or ["field", …] per column;
                                           fields: ${IMPORT_FIELDS.join(', ')}
                                           JSON (records keep their ids): --on-duplicate skip|update only
`;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], option: string, fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  const text = String(value ?? '');
  if (!(allowed as readonly string[]).includes(text))
    throw new CliError(`--${option} must be one of ${allowed.join(', ')}, got "${text}"`, 2);
  return text as T;
}

const fail = (problem: FileProblem) => new CliError(describeFileProblem(t, problem));

/** A mapping file: an array of fields per column, or an object from header name to field. */
function readMapping(file: string, headers: readonly string[]): ImportField[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(`Could not read the mapping ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const check = (field: unknown, where: string): ImportField => {
    if (typeof field === 'string' && (IMPORT_FIELDS as readonly string[]).includes(field)) return field as ImportField;
    throw new CliError(
      `The mapping gives ${where} the field "${String(field)}"; use one of ${IMPORT_FIELDS.join(', ')}.`,
    );
  };
  if (Array.isArray(parsed)) return parsed.map((f, i) => check(f, `column ${i + 1}`));
  if (parsed && typeof parsed === 'object') {
    const byHeader = parsed as Record<string, unknown>;
    for (const name of Object.keys(byHeader)) {
      if (!headers.includes(name))
        throw new CliError(`The mapping names a column "${name}" that the file does not have.`);
    }
    return headers.map((h) => (h in byHeader ? check(byHeader[h], `"${h}"`) : 'ignore'));
  }
  throw new CliError('The mapping must be a JSON array or object.');
}

function printSummary(io: CliIo, summary: ImportSummary): void {
  io.out(
    `${summary.dryRun ? 'Dry run (nothing saved): ' : ''}${summary.created} created, ${summary.updated} updated, ${summary.skipped} skipped, ${summary.rejected} rejected of ${summary.rows} rows.`,
  );
  if (summary.organizationsCreated) io.out(`${summary.organizationsCreated} organizations created for company names.`);
  for (const p of summary.rejections) io.out(`  rejected row ${p.row}: ${describeRowProblem(t, p)}`);
  for (const p of summary.warnings) io.out(`  note, row ${p.row}: ${describeRowProblem(t, p)}`);
}

export const exchangeCli: CommandModule = {
  usage: USAGE,
  commands: {
    export(app: App, args: string[], io: CliIo) {
      const { values } = parse(args, {
        format: { type: 'string' },
        entity: { type: 'string' },
        out: { type: 'string' },
      });
      const format = oneOf<ExportFormat>(values.format, EXPORT_FORMATS, 'format');
      const entity = oneOf<ExportEntity>(
        values.entity,
        EXPORT_ENTITIES,
        'entity',
        format === 'json' ? 'all' : 'customers',
      );
      if (!values.out) throw new CliError('export needs --out FILE', 2);
      const target = path.resolve(String(values.out));
      if (!fs.existsSync(path.dirname(target)))
        throw new CliError(`The folder ${path.dirname(target)} does not exist.`);
      const result = exportData(app.db, app.info.schemaVersion, format, entity, new Date());
      if (!result.ok) throw fail(result.problem);
      try {
        writeFileAtomicSync(target, result.value.content);
      } catch (error) {
        throw fail({
          code: 'write_failed',
          params: { detail: error instanceof Error ? error.message : String(error) },
        });
      }
      if (values.json) io.out(JSON.stringify({ file: target, format, entity, count: result.value.count }));
      else io.out(`Exported ${result.value.count} records to ${target}.`);
    },

    import(app: App, args: string[], io: CliIo) {
      const { values, positionals } = parse(args, {
        format: { type: 'string' },
        mapping: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'on-duplicate': { type: 'string' },
      });
      const file = positionals[0];
      if (!file) throw new CliError('import needs a FILE', 2);
      const format =
        values.format !== undefined
          ? oneOf<ImportFormat>(values.format, IMPORT_FORMATS, 'format')
          : (formatFromName(file) ??
            (() => {
              throw new CliError(`Give --format csv|vcard|json for ${file}`, 2);
            })());
      const onDuplicate = oneOf<OnDuplicate>(values['on-duplicate'], ON_DUPLICATE, 'on-duplicate', 'skip');
      const bytes = readFileBytes(path.resolve(file));
      if (!bytes.ok) throw fail(bytes.problem);
      let mapping: ImportField[] | null = null;
      if (values.mapping !== undefined) {
        if (format !== 'csv') throw new CliError('--mapping is for CSV files', 2);
        const csv = openCsv(bytes.value);
        if (!csv.ok) throw fail(csv.problem);
        mapping = readMapping(path.resolve(String(values.mapping)), csv.value.headers);
      }
      const region = app.preferences().phoneRegion;
      const result = importFile({ writer: app.writer, phoneRegion: region }, bytes.value, {
        format,
        mapping,
        dryRun: Boolean(values['dry-run']),
        onDuplicate,
      });
      if (!result.ok) throw fail(result.problem);
      const summary = result.value;
      if (values.json) {
        const described = (list: typeof summary.rejections) =>
          list.map((p) => ({ row: p.row, code: p.code, reason: describeRowProblem(t, p) }));
        io.out(
          JSON.stringify(
            {
              format: summary.format,
              dryRun: summary.dryRun,
              rows: summary.rows,
              created: summary.created,
              updated: summary.updated,
              skipped: summary.skipped,
              rejectedCount: summary.rejected,
              rejected: described(summary.rejections),
              skippedRows: described(summary.skips),
              warnings: described(summary.warnings),
              organizationsCreated: summary.organizationsCreated,
              ...(summary.tables ? { tables: summary.tables } : {}),
            },
            null,
            2,
          ),
        );
      } else printSummary(io, summary);
    },
  },
};
