/**
 * The JSON export read back: every record with its id and synced fields, through the write path
 * (so it is in history and in sync), in one transaction with the search index written once at
 * the end (`bulkWrite`): a bad record refuses the whole file and nothing is written. `updated_at`
 * (local, not synced) is set back to the exported value so the data is identical table by table.
 * Records whose id already exists are skipped, or updated with `update`; the defaults a new data
 * file starts with are always updated.
 */
import { z } from 'zod';
import type { Db } from '../../db/database';
import type { ImportSummary, OnDuplicate, Outcome } from '../../shared/exchange/exchange.schema';
import { bulkWrite, insertRecord, readClocks, updateRecord, type Writer } from '../sync/mutate';
import { syncedTables, type FieldValue, type Fields } from '../sync/tables';
import { JSON_FORMAT, JSON_TABLES, JSON_VERSION } from './export';

const recordSchema = z.looseObject({ id: z.string().min(1) });
/** Read first, so a file from a newer version is named as such even if its tables are unknown here. */
const headerSchema = z.looseObject({ format: z.literal(JSON_FORMAT), version: z.number().int() });
const documentSchema = z.looseObject({ tables: z.partialRecord(z.enum(JSON_TABLES), z.array(recordSchema)) });

class RefusedRecord extends Error {
  constructor(
    readonly table: string,
    readonly index: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export function importJson(
  writer: Writer,
  bytes: Uint8Array,
  options: { dryRun: boolean; onDuplicate: OnDuplicate },
): Outcome<ImportSummary> {
  if (bytes.length === 0) return { ok: false, problem: { code: 'empty_file' } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, problem: { code: 'not_json' } };
  }
  const header = headerSchema.safeParse(parsed);
  if (!header.success) return { ok: false, problem: { code: 'wrong_json' } };
  if (header.data.version > JSON_VERSION)
    return {
      ok: false,
      problem: { code: 'newer_json', params: { found: header.data.version, supported: JSON_VERSION } },
    };
  const doc = documentSchema.safeParse(parsed);
  if (!doc.success) return { ok: false, problem: { code: 'wrong_json' } };

  const summary: ImportSummary = {
    format: 'json',
    dryRun: options.dryRun,
    rows: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    rejected: 0,
    organizationsCreated: 0,
    rejections: [],
    skips: [],
    warnings: [],
    tables: {},
  };
  const db: Db = writer.db;
  try {
    db.transaction(() =>
      bulkWrite(writer, () => {
        for (const name of JSON_TABLES) {
          const table = syncedTables[name];
          const records = [...(doc.data.tables[name] ?? [])];
          // Organizations before their people (order only matters to readers, not to constraints).
          if (name === 'customers')
            records.sort((a, b) => (a.kind === 'organization' ? 0 : 1) - (b.kind === 'organization' ? 0 : 1));
          const exists = db.prepare(`SELECT 1 FROM ${name} WHERE id = ?`);
          const setUpdatedAt = db.prepare(`UPDATE ${name} SET updated_at = ? WHERE id = ?`);
          let count = 0;
          records.forEach((record, index) => {
            summary.rows++;
            const fields: Fields = {};
            for (const field of table.fields) {
              if (field in record) fields[field] = record[field] as FieldValue;
            }
            try {
              if (exists.get(record.id)) {
                // The records every new data file starts with (the owner, the default stages) were
                // never written here: they take the file's values, so an export read into a new
                // data file is identical to its source. Anything written here is the user's.
                const untouchedDefault = Object.keys(readClocks(db, name, record.id)).length === 0;
                if (options.onDuplicate !== 'update' && !untouchedDefault) {
                  summary.skipped++;
                  if (summary.skips.length < 1000)
                    summary.skips.push({
                      row: index + 1,
                      code: 'duplicate_id',
                      params: { table: name, id: record.id },
                    });
                  return;
                }
                if (updateRecord(writer, name, record.id, fields).length > 0) summary.updated++;
                else summary.skipped++;
              } else {
                insertRecord(writer, name, record.id, fields);
                summary.created++;
                count++;
              }
              if (typeof record.updated_at === 'string') setUpdatedAt.run(record.updated_at, record.id);
            } catch (error) {
              throw new RefusedRecord(name, index + 1, error instanceof Error ? error.message : String(error));
            }
          });
          (summary.tables ??= {})[name] = count;
        }
        if (options.dryRun) throw new DryRun();
      }),
    );
  } catch (error) {
    if (error instanceof DryRun) return { ok: true, value: summary };
    if (error instanceof RefusedRecord)
      return {
        ok: false,
        problem: { code: 'wrong_json', params: { table: error.table, row: error.index, detail: error.detail } },
      };
    throw error;
  }
  return { ok: true, value: summary };
}

class DryRun extends Error {}
