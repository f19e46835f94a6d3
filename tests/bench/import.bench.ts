/**
 * CSV import of BENCH_IMPORT_ROWS (100,000) generated rows (Persian and English names, mobiles,
 * emails, cities, tags) into an empty database with duplicate checking on ("skip"), then the
 * same file again (every row a duplicate: the pure check and skip path). For scale, the same
 * customers are also written straight through the write path into another empty database: no
 * file, no cleaning, no duplicate check. Two lower bounds follow: the SQL floor of the imported
 * rows (tests/bench/floor.ts) and the per-row checks alone; their sum against the time the aim
 * allows says whether any import on this machine could reach it.
 */
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openApp } from '../../main/app';
import { importFile } from '../../main/exchange/exchange.service';
import { toCsv } from '../../main/exchange/csv';
import { bulkWrite, insertRecord } from '../../main/sync/mutate';
import { syncedTables } from '../../main/sync/tables';
import { parsePhone } from '../../shared/customers/phone';
import { duplicateKey } from '../../shared/duplicates/duplicate.score';
import { IMPORT_BATCH } from '../../shared/exchange/exchange.schema';
import { sqlFloor } from './floor';
import { perSecond, thousands, timed, type BenchSection } from './timing';

const FIRST = ['علی', 'مریم', 'رضا', 'زهرا', 'Sara', 'John', 'محمد', 'فاطمه', 'Amir', 'Neda'];
const LAST = ['رضایی', 'کریمی', 'Ahmadi', 'Tehrani', 'محمدی', 'حسینی', 'Smith', 'Moradi', 'نوری', 'جعفری'];
const CITIES = ['تهران', 'اصفهان', 'شیراز', 'Tabriz', 'Mashhad'];

const nameOf = (i: number) => `${FIRST[i % FIRST.length] ?? ''} ${LAST[Math.floor(i / 10) % LAST.length] ?? ''} ${i}`;
const mobileOf = (i: number) => String(i).padStart(7, '0');
const cityOf = (i: number) => CITIES[i % CITIES.length] ?? '';

export function generateCsv(rows: number): Buffer {
  const data: string[][] = [];
  for (let i = 0; i < rows; i++) {
    data.push([nameOf(i), `0912${mobileOf(i)}`, `c${i}@example.com`, cityOf(i), i % 3 === 0 ? 'VIP, عمده' : '']);
  }
  return Buffer.from(toCsv(['نام', 'موبایل', 'Email', 'شهر', 'Tags'], data), 'utf8');
}

const IMPORT_AIM_PER_S = 20_000;

/**
 * The per-row work no import can skip, timed alone on the same rows: each phone parsed and
 * validated against the region's number ranges, the derived columns (sort key, search text with
 * national digits) and the duplicate key. Milliseconds.
 */
function rowChecks(rows: number): { rows: number; ms: number } {
  let valid = 0;
  const run = timed(() => {
    for (let i = 0; i < rows; i++) {
      const phone = parsePhone(`0912${mobileOf(i)}`, 'IR');
      if (phone) valid++;
      const phones = phone ? [{ number: phone, label: 'mobile' }] : [];
      const tags = i % 3 === 0 ? ['VIP', 'عمده'] : [];
      syncedTables.customers.derive?.({
        name: nameOf(i),
        phones,
        emails: [`c${i}@example.com`],
        city: cityOf(i),
        tags,
        deleted_at: null,
      });
      duplicateKey({ kind: 'person', name: nameOf(i), phones: phone ? [phone] : [], emails: [`c${i}@example.com`] });
    }
  });
  if (valid !== rows) throw new Error(`only ${valid} of ${rows} generated phones are valid`);
  return { rows, ms: run.ms };
}

/**
 * The search text and sort key alone (`derive`) of the customers `writePathAlone` writes: the one
 * check-like step inside the write path, which a reader thread could take off the writer.
 */
function deriveAlone(rows: number): number {
  return timed(() => {
    for (let i = 0; i < rows; i++) {
      syncedTables.customers.derive?.({
        name: nameOf(i),
        phones: [{ number: `+98912${mobileOf(i)}`, label: 'mobile' }],
        emails: [`c${i}@example.com`],
        city: cityOf(i),
        tags: i % 3 === 0 ? ['VIP', 'عمده'] : [],
        deleted_at: null,
      });
    }
  }).ms;
}

/** The same customers written by `insertRecord` in import-sized bulk transactions: milliseconds. */
function writePathAlone(dataDir: string, rows: number): number {
  const app = openApp({ dataDir, systemLocale: 'fa-IR' });
  try {
    const w = app.writer;
    return timed(() => {
      for (let start = 0; start < rows; start += IMPORT_BATCH) {
        w.db.transaction(() =>
          bulkWrite(w, () => {
            for (let i = start; i < Math.min(rows, start + IMPORT_BATCH); i++) {
              insertRecord(w, 'customers', uuidv7(), {
                kind: 'person',
                name: nameOf(i),
                organization_id: null,
                phones: [{ number: `+98912${mobileOf(i)}`, label: 'mobile' }],
                emails: [`c${i}@example.com`],
                address: '',
                city: cityOf(i),
                tags: i % 3 === 0 ? ['VIP', 'عمده'] : [],
                preferred_channel: null,
                description: '',
                owner_id: w.userId,
              });
            }
          }),
        );
      }
    }).ms;
  } finally {
    app.close();
  }
}

export function benchImport(options: { tempDir: string; rows: number }): BenchSection {
  const app = openApp({ dataDir: path.join(options.tempDir, 'data'), systemLocale: 'fa-IR' });
  try {
    const bytes = generateCsv(options.rows);
    const ctx = { writer: app.writer, phoneRegion: 'IR' };
    const request = { format: 'csv' as const, mapping: null, dryRun: false, onDuplicate: 'skip' as const };
    const first = timed(() => importFile(ctx, bytes, request));
    const again = timed(() => importFile(ctx, bytes, request));
    const created = first.result.ok ? first.result.value.created : 0;
    const skipped = again.result.ok ? again.result.value.skipped : 0;
    const rate = perSecond(options.rows, first.ms);
    const floor = sqlFloor(app.db.sqlite, 'customers');
    const checks = rowChecks(options.rows);
    const alone = writePathAlone(path.join(options.tempDir, 'write-path'), options.rows);
    const writerMs = alone - deriveAlone(options.rows);
    const budgetMs = (options.rows / IMPORT_AIM_PER_S) * 1000;
    const unavoidableMs = floor.ms + checks.ms;
    return {
      title: 'Import',
      setup: [
        `${thousands(options.rows)} CSV rows (${(bytes.length / 1024 / 1024).toFixed(1)} MiB), duplicate checking on (skip)`,
      ],
      rows: [
        {
          measure: 'CSV import into an empty database',
          value: `${thousands(rate)} rows/s`,
          aim: `≥ ${thousands(IMPORT_AIM_PER_S)} rows/s`,
          met: rate >= IMPORT_AIM_PER_S,
          note: `${thousands(created)} created in ${(first.ms / 1000).toFixed(1)} s`,
        },
        {
          measure: 'Same file again (all duplicates, skipped)',
          value: `${thousands(perSecond(options.rows, again.ms))} rows/s`,
          note: `${thousands(skipped)} skipped`,
        },
        {
          measure: 'Write path alone, same customers (no file, no checks)',
          value: `${thousands(perSecond(options.rows, alone))} rows/s`,
          note: `${(alone / 1000).toFixed(1)} s in batches of ${thousands(IMPORT_BATCH)}: row, change log, clocks, search index`,
        },
        {
          measure: 'SQL floor: the imported rows with their clock, log and search entries, no logic',
          value: `${(floor.ms / 1000).toFixed(2)} s`,
          note: `${thousands(floor.rows)} rows written into copies, one transaction`,
        },
        {
          measure: 'Phone checks, search text and duplicate keys of the same rows, alone',
          value: `${(checks.ms / 1000).toFixed(2)} s`,
          note: `${thousands(checks.rows)} rows: parse + validate each mobile, derive sort key and search text, duplicate key`,
        },
        {
          measure: 'Floor + checks (no file reading, no duplicate lookup) vs the time the aim allows',
          value: `${(unavoidableMs / 1000).toFixed(2)} s`,
          note: `the aim allows ${(budgetMs / 1000).toFixed(2)} s for ${thousands(options.rows)} rows (${((unavoidableMs / budgetMs) * 100).toFixed(0)} % of it)`,
        },
        {
          // With 2 cores, the reading and checking could run beside the writing; the SQLite writes
          // of one data file cannot be split. This is what would be left on the writing thread.
          measure: "Writer's share with every check on the other core (write path alone − search text)",
          value: `${(writerMs / 1000).toFixed(2)} s`,
          note: `no file, no checks, no duplicate lookup; the aim allows ${(budgetMs / 1000).toFixed(2)} s (${((writerMs / budgetMs) * 100).toFixed(0)} % of it)`,
        },
      ],
    };
  } finally {
    app.close();
  }
}
