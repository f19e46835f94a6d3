/**
 * CSV import of BENCH_IMPORT_ROWS (100,000) generated rows (Persian and English names, mobiles,
 * emails, cities, tags) into an empty database with duplicate checking on ("skip"), then the
 * same file again (every row a duplicate: the pure check and skip path).
 */
import path from 'node:path';
import { openApp } from '../../main/app';
import { importFile } from '../../main/exchange/exchange.service';
import { toCsv } from '../../main/exchange/export';
import { perSecond, thousands, timed, type BenchSection } from './timing';

const FIRST = ['علی', 'مریم', 'رضا', 'زهرا', 'Sara', 'John', 'محمد', 'فاطمه', 'Amir', 'Neda'];
const LAST = ['رضایی', 'کریمی', 'Ahmadi', 'Tehrani', 'محمدی', 'حسینی', 'Smith', 'Moradi', 'نوری', 'جعفری'];
const CITIES = ['تهران', 'اصفهان', 'شیراز', 'Tabriz', 'Mashhad'];

export function generateCsv(rows: number): Buffer {
  const data: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const name = `${FIRST[i % FIRST.length] ?? ''} ${LAST[Math.floor(i / 10) % LAST.length] ?? ''} ${i}`;
    data.push([
      name,
      `0912${String(i).padStart(7, '0')}`,
      `c${i}@example.com`,
      CITIES[i % CITIES.length] ?? '',
      i % 3 === 0 ? 'VIP, عمده' : '',
    ]);
  }
  return Buffer.from(toCsv(['نام', 'موبایل', 'Email', 'شهر', 'Tags'], data), 'utf8');
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
    return {
      title: 'Import',
      setup: [
        `${thousands(options.rows)} CSV rows (${(bytes.length / 1024 / 1024).toFixed(1)} MiB), duplicate checking on (skip)`,
      ],
      rows: [
        {
          measure: 'CSV import into an empty database',
          value: `${thousands(rate)} rows/s`,
          aim: '≥ 20,000 rows/s',
          met: rate >= 20_000,
          note: `${thousands(created)} created in ${(first.ms / 1000).toFixed(1)} s`,
        },
        {
          measure: 'Same file again (all duplicates, skipped)',
          value: `${thousands(perSecond(options.rows, again.ms))} rows/s`,
          note: `${thousands(skipped)} skipped`,
        },
      ],
    };
  } finally {
    app.close();
  }
}
