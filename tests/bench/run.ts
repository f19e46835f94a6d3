/**
 * `npm run bench`: each section builds its own temp database, measures, and returns figures;
 * this runner prints them and removes every temp folder. Figures only: nothing passes or fails.
 *
 * BENCH_CUSTOMERS=5000 npm run bench   # a quick run with fewer customers
 * BENCH_CUSTOMERS=5000 BENCH_ACTIVITIES=50000 npm run bench
 * BENCH_ONLY=customer360 npm run bench  # only the named sections (comma-separated)
 * BENCH_ONLY=sync BENCH_SYNC_CHANGES=20000 npm run bench  # sync with fewer changes (BENCH_SYNC_ROUNDS: history)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchBackup } from './backup.bench';
import { benchBilling } from './billing.bench';
import { benchCustomer360 } from './customer360.bench';
import { benchCustomers } from './customers.bench';
import { benchPipeline } from './pipeline.bench';
import { benchDocuments } from './documents.bench';
import { benchSync } from './sync.bench';
import { ms, peakRssMiB, printSection, type BenchSection } from './timing';

interface Section {
  name: string;
  run(tempDir: string): BenchSection | Promise<BenchSection>;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

const customers = positiveInt('BENCH_CUSTOMERS', 100_000);
const activities = positiveInt('BENCH_ACTIVITIES', 1_000_000);
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

/** Add later sections here (invoices, sync, backup…); each gets its own temp folder. */
const allSections: Section[] = [
  { name: 'customers', run: (tempDir) => benchCustomers({ tempDir, count: customers }) },
  { name: 'customer360', run: (tempDir) => benchCustomer360({ tempDir, customers, activities }) },
  { name: 'documents', run: () => benchDocuments() },
  { name: 'pipeline', run: (tempDir) => benchPipeline({ tempDir }) },
  { name: 'billing', run: (tempDir) => benchBilling({ tempDir }) },
  { name: 'backup', run: (tempDir) => benchBackup({ tempDir, megabytes: positiveInt('BENCH_BACKUP_MB', 500) }) },
  {
    name: 'import',
    run: async (tempDir) =>
      (await import('./import.bench')).benchImport({ tempDir, rows: positiveInt('BENCH_IMPORT_ROWS', 100_000) }),
  },
  {
    name: 'sync',
    run: (tempDir) =>
      benchSync({
        tempDir,
        changes: positiveInt('BENCH_SYNC_CHANGES', 100_000),
        rounds: positiveInt('BENCH_SYNC_ROUNDS', 40),
      }),
  },
];
const unknown = only.filter((name) => !allSections.some((s) => s.name === name));
if (unknown.length > 0)
  throw new Error(`BENCH_ONLY: unknown section ${unknown.join(', ')} (${allSections.map((s) => s.name).join(', ')})`);
const sections = only.length > 0 ? allSections.filter((s) => only.includes(s.name)) : allSections;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pishkhan-bench-'));
const cleanup = (): void => fs.rmSync(root, { recursive: true, force: true });
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

try {
  console.log(`Pishkhan benchmarks — ${new Date().toISOString()}, ${os.cpus().length} CPUs, temp ${root}`);
  for (const section of sections) {
    const dir = path.join(root, section.name);
    fs.mkdirSync(dir);
    printSection(await section.run(dir));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\npeak RSS of the whole run: ${ms(peakRssMiB())} MiB`);
} finally {
  cleanup();
}
