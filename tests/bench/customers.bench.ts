/**
 * Customers at shop scale: insert rate through the write path versus plain better-sqlite3
 * inserts of the same rows, list pages and searches through `dispatch` (validation included),
 * on a temp database seeded with `count` customers (100,000 by default).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../db/database';
import { openApp } from '../../main/app';
import { customerDerivedColumns } from '../../main/features/customers/customer.search';
import { generateCustomers, insertCustomers, type SeedCustomer } from '../../main/seed/customer.seed';
import { syncedTables, type Fields } from '../../main/sync/tables';
import type { CustomerListQuery, CustomerListResult } from '../../shared/customers/customer.schema';
import {
  ms,
  perSecond,
  peakRssMiB,
  sample,
  thousands,
  timed,
  type BenchRow,
  type BenchSection,
  type Distribution,
} from './timing';

export interface CustomersBenchOptions {
  /** A fresh folder this section may fill; the runner removes it. */
  tempDir: string;
  count: number;
  batchSize?: number;
  iterations?: number;
  seed?: number;
}

const LIST_P95_AIM_MS = 5;
const SEARCH_P95_AIM_MS = 15;
const RATIO_AIM = 0.25;

type Values = unknown[];

/** The stored columns of a customer, in a fixed order, exactly as the write path stores them. */
function rawColumns(): string[] {
  return ['id', 'updated_at', 'sort_key', 'search_text', ...syncedTables.customers.fields];
}

function rawValues(customer: SeedCustomer, columns: readonly string[]): Values {
  const fields: Fields = { deleted_at: null, ...customer.fields };
  const derived = customerDerivedColumns(fields);
  const json: readonly string[] = syncedTables.customers.jsonFields;
  const row: Record<string, unknown> = { id: customer.id, updated_at: fields.created_at, ...derived };
  for (const [field, value] of Object.entries(fields))
    row[field] = json.includes(field) ? JSON.stringify(value) : value;
  return columns.map((c) => row[c] ?? null);
}

/** Same schema, same pragmas (openDatabase runs the same migrations), plain prepared INSERTs, no change log. */
function rawInsert(file: string, customers: readonly SeedCustomer[], batchSize: number): number {
  const db = openDatabase(file);
  try {
    const columns = rawColumns();
    const rows = customers.map((c) => rawValues(c, columns));
    const insert = db.sqlite.prepare(
      `INSERT INTO customers (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    const batch = db.sqlite.transaction((slice: Values[]) => {
      for (const row of slice) insert.run(...row);
    });
    return timed(() => {
      for (let start = 0; start < rows.length; start += batchSize)
        batch.immediate(rows.slice(start, start + batchSize));
    }).ms;
  } finally {
    db.close();
  }
}

function nationalNumber(e164: string): string {
  return `0${e164.slice(3)}`;
}

function phonesOf(customer: SeedCustomer): string[] {
  const phones = customer.fields.phones;
  if (!Array.isArray(phones)) return [];
  return phones.flatMap((p) =>
    p && typeof p === 'object' && !Array.isArray(p) && typeof p.number === 'string' ? [p.number] : [],
  );
}

export function benchCustomers(options: CustomersBenchOptions): BenchSection {
  const { tempDir, count } = options;
  const batchSize = options.batchSize ?? 1000;
  const iterations = options.iterations ?? 200;
  const rows: BenchRow[] = [];
  const appDir = path.join(tempDir, 'app');
  const rawDir = path.join(tempDir, 'raw');
  fs.mkdirSync(rawDir, { recursive: true });

  let app = openApp({ dataDir: appDir, systemLocale: 'fa-IR' });
  try {
    const generated = timed(() => generateCustomers(count, { seed: options.seed ?? 1, ownerId: app.writer.userId }));
    const customers = generated.result;
    const sqliteVersion = (app.db.sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    const synchronous = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][
      Number(app.db.sqlite.pragma('synchronous', { simple: true }))
    ];
    const pragmas = `journal_mode=${String(app.db.sqlite.pragma('journal_mode', { simple: true }))}, synchronous=${synchronous ?? '?'}`;

    // 1. Write path: HLC stamp, derived columns, row + FTS, change_log, record_clocks.
    const writePath = timed(() => insertCustomers(app.writer, customers, batchSize));
    const writeRate = perSecond(count, writePath.ms);
    rows.push({
      measure: 'insert, write path (insertRecord)',
      value: `${thousands(writeRate)} rows/s`,
      note: `${ms(writePath.ms)} ms total`,
    });

    // 2. The same rows, plain prepared INSERTs into the same table shape in a fresh database.
    const rawMs = rawInsert(path.join(rawDir, 'raw.sqlite'), customers, batchSize);
    const rawRate = perSecond(count, rawMs);
    rows.push({
      measure: 'insert, raw better-sqlite3',
      value: `${thousands(rawRate)} rows/s`,
      note: `${ms(rawMs)} ms total; derived columns precomputed, search index by trigger per row`,
    });
    const ratio = writeRate / rawRate;
    rows.push({
      measure: 'ratio write path / raw',
      value: ratio.toFixed(2),
      aim: `≥ ${RATIO_AIM}`,
      met: ratio >= RATIO_AIM,
    });
    const deriveMs = timed(() => {
      for (const c of customers) customerDerivedColumns(c.fields);
    }).ms;
    rows.push({
      measure: 'derived columns only (CPU)',
      value: `${thousands(perSecond(count, deriveMs))} rows/s`,
      note: `${ms(deriveMs)} ms of the write path`,
    });

    // 3. Reads through dispatch (validation included), on a fresh connection as after an app start.
    app.close();
    app = openApp({ dataDir: appDir, systemLocale: 'fa-IR' });
    const list = (query: CustomerListQuery): CustomerListResult => {
      const result = app.dispatch('customers.list', query);
      if (!result.ok) throw new Error(`customers.list failed: ${JSON.stringify(result.error)}`);
      return result.value as CustomerListResult;
    };
    const measure = (label: string, query: CustomerListQuery, aimMs: number, note = ''): Distribution => {
      const first = list(query);
      const d = sample(() => list(query), iterations);
      rows.push({
        measure: label,
        value: `p50 ${ms(d.p50)} ms, p95 ${ms(d.p95)} ms`,
        aim: `p95 ≤ ${aimMs} ms`,
        met: d.p95 <= aimMs,
        note: [`${thousands(first.total)} matches`, note].filter(Boolean).join('; '),
      });
      return d;
    };

    const people = customers.filter((c) => c.fields.kind === 'person');
    const withPrefix = people.find((c) => phonesOf(c).some((p) => p.startsWith('+98912')));
    const prefixPhone = withPrefix ? (phonesOf(withPrefix).find((p) => p.startsWith('+98912')) ?? '') : '+989121234567';
    const middle = people[Math.floor(people.length / 2)] ?? customers[0];
    const lastFourPhone = (middle ? phonesOf(middle)[0] : undefined) ?? '+989121234567';
    const prefixFragment = nationalNumber(prefixPhone).slice(0, 7);
    const lastFour = lastFourPhone.slice(-4);
    const stored = (name: string): number => customers.filter((c) => c.fields.name === name).length;

    measure('list page 1 (50, by name)', { sort: 'name', limit: 50 }, LIST_P95_AIM_MS);
    const deep = Math.min(50_000, Math.floor(count / 2));
    measure(`list deep page (offset ${thousands(deep)})`, { sort: 'name', limit: 50, offset: deep }, LIST_P95_AIM_MS);
    measure('search common name «محمد»', { query: 'محمد', sort: 'name', limit: 50 }, SEARCH_P95_AIM_MS);
    measure(`search phone last 4 «${lastFour}»`, { query: lastFour, sort: 'name', limit: 50 }, SEARCH_P95_AIM_MS);
    measure(
      `search phone prefix «${prefixFragment}»`,
      { query: prefixFragment, sort: 'name', limit: 50 },
      SEARCH_P95_AIM_MS,
    );
    const variant = list({ query: 'علي رضائي', limit: 50 });
    measure(
      'search variant «علي رضائي»',
      { query: 'علي رضائي', sort: 'name', limit: 50 },
      SEARCH_P95_AIM_MS,
      `${stored('علی رضایی')} stored as «علی رضایی»; first hit «${variant.rows[0]?.name ?? '-'}»`,
    );
    measure(
      'search English «Sarah Miller»',
      { query: 'Sarah Miller', sort: 'name', limit: 50 },
      SEARCH_P95_AIM_MS,
      `${stored('Sarah Miller')} stored`,
    );

    measure(
      'search broad term «تهران» (city)',
      { query: 'تهران', sort: 'name', limit: 50 },
      SEARCH_P95_AIM_MS,
      'not in the issue: a term matching a third of the rows',
    );

    const dbBytes = fs.statSync(app.info.databaseFile).size;
    const largest = app.db.sqlite
      .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 5')
      .all() as { name: string; bytes: number }[];
    rows.push({ measure: 'peak RSS (process so far)', value: `${ms(peakRssMiB())} MiB` });

    return {
      title: `customers (${thousands(count)} rows)`,
      setup: [
        `node ${process.version}, SQLite ${sqliteVersion}, ${pragmas}, batch ${thousands(batchSize)} rows per transaction`,
        `generated ${thousands(count)} customers in memory in ${ms(generated.ms)} ms (${thousands(people.length)} people); database file ${ms(dbBytes / 1024 / 1024)} MiB`,
        `largest objects: ${largest.map((o) => `${o.name} ${ms(o.bytes / 1024 / 1024)} MiB`).join(', ')}`,
        `reads: customers.list via dispatch on a reopened app, ${iterations} iterations each after 20 warm-up`,
      ],
      rows,
    };
  } finally {
    app.close();
  }
}
