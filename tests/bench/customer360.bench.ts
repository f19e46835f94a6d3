/**
 * Customer 360 at shop scale (100,000 customers, 1,000,000 activities by default): global
 * search, the 360 page data of a customer with 10,000 activities, a full duplicate scan and
 * the agenda, all through `dispatch` (validation included) on a reopened app. The data is
 * seeded once through the write path; seeding time is printed too. A method whose handler is
 * not wired yet prints "not available yet" so the section always runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openApp, type App } from '../../main/app';
import { handlers } from '../../main/rpc/handlers';
import { seedActivities, seedNotes, SEED_TIME_ZONE } from '../../main/seed/activity.seed';
import { seedCustomers } from '../../main/seed/customer.seed';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
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

export interface Customer360BenchOptions {
  /** A fresh folder this section may fill; the runner removes it. */
  tempDir: string;
  customers: number;
  activities: number;
  /** Activities of the one customer whose 360 page is measured. Default 10,000 (at most all). */
  focusActivities?: number;
  /** Notes in all; default one per ten activities. */
  notes?: number;
  batchSize?: number;
  iterations?: number;
  seed?: number;
}

const SEARCH_P95_AIM_MS = 30;
const PAGE_P95_AIM_MS = 20;
const SCAN_AIM_MS = 10_000;
const NOT_AVAILABLE = 'not available yet';
/** Wall time one measure may take; a slow method is then sampled fewer times (shown in the note). */
const BUDGET_MS = 30_000;

class Unavailable extends Error {}

function available(method: MethodName): boolean {
  const table: Partial<Record<string, unknown>> = handlers;
  return typeof table[method] === 'function';
}

function caller(app: App) {
  return <K extends MethodName>(method: K, input: MethodInput<K>): MethodOutput<K> => {
    if (!available(method)) throw new Unavailable(method);
    const result = app.dispatch(method, input);
    if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
    return result.value as MethodOutput<K>;
  };
}

/** Runs a measure; a missing handler or a failure becomes a row saying so instead of stopping the run. */
function guarded(rows: BenchRow[], measure: string, aim: string | undefined, fn: () => BenchRow): void {
  try {
    rows.push(fn());
  } catch (error) {
    const missing = error instanceof Unavailable;
    rows.push({
      measure,
      value: missing ? NOT_AVAILABLE : 'failed',
      ...(aim ? { aim } : {}),
      note: missing ? `${error.message} is not wired` : error instanceof Error ? error.message.slice(0, 160) : '',
    });
  }
}

const distributionText = (d: Distribution) => `p50 ${ms(d.p50)} ms, p95 ${ms(d.p95)} ms`;

/** `sample` within the time budget; a note when fewer than `iterations` ran. */
function budgeted(fn: () => unknown, iterations: number): { d: Distribution; note: string } {
  const d = sample(fn, iterations, Math.min(20, iterations), BUDGET_MS);
  return { d, note: d.iterations < iterations ? `only ${d.iterations} iterations in ${BUDGET_MS / 1000} s` : '' };
}

const joinNotes = (...notes: string[]) => notes.filter(Boolean).join('; ');

export function benchCustomer360(options: Customer360BenchOptions): BenchSection {
  const { tempDir, customers, activities } = options;
  const batchSize = options.batchSize ?? 1000;
  const iterations = options.iterations ?? 200;
  const seed = options.seed ?? 1;
  const focusCount = Math.min(options.focusActivities ?? 10_000, activities);
  const noteCount = options.notes ?? Math.round(activities / 10);
  const appDir = path.join(tempDir, 'app');
  const rows: BenchRow[] = [];
  const setup: string[] = [];

  // 1. Seed once through the write path.
  let app = openApp({ dataDir: appDir, systemLocale: 'fa-IR', timeZone: SEED_TIME_ZONE });
  let focusId: string;
  try {
    const now = Date.now();
    const c = timed(() => seedCustomers(app.writer, customers, { seed, batchSize, now }));
    const a = timed(() =>
      seedActivities(app.writer, { total: activities, seed, batchSize, now, focus: { count: focusCount } }),
    );
    const n = timed(() => seedNotes(app.writer, { total: noteCount, seed, batchSize, now }));
    focusId = a.result.focusCustomerId ?? '';
    const r = a.result;
    setup.push(
      `seeded through the write path, ${thousands(batchSize)} rows per transaction:`,
      `  customers  ${thousands(customers)} in ${ms(c.ms / 1000)} s (${thousands(perSecond(customers, c.ms))} rows/s)`,
      `  activities ${thousands(activities)} in ${ms(a.ms / 1000)} s (${thousands(perSecond(activities, a.ms))} rows/s): ` +
        `${thousands(r.done)} done, ${thousands(r.cancelled)} cancelled, ${thousands(r.upcoming)} upcoming, ` +
        `${thousands(r.overdue)} overdue, ${thousands(r.undated)} undated; ${thousands(r.withReminder)} with reminders ` +
        `(${thousands(r.remindersDue)} due), ${thousands(r.recurring)} repeating, ${thousands(r.withPerson)} with a person`,
      `  notes      ${thousands(noteCount)} in ${ms(n.ms / 1000)} s (${thousands(perSecond(noteCount, n.ms))} rows/s)`,
    );
  } finally {
    app.close();
  }

  // 2. Reads on a fresh connection, as after an app start.
  app = openApp({ dataDir: appDir, systemLocale: 'fa-IR', timeZone: SEED_TIME_ZONE });
  try {
    const call = caller(app);
    const db = app.db.sqlite;
    const focus = db.prepare('SELECT name FROM customers WHERE id = ?').get(focusId) as { name: string } | undefined;
    const focusActivitiesStored = (
      db.prepare('SELECT count(*) AS n FROM activities WHERE customer_id = ?').get(focusId) as { n: number }
    ).n;
    const middle = db
      .prepare(`SELECT phones FROM customers WHERE kind = 'person' ORDER BY seq LIMIT 1 OFFSET ?`)
      .get(Math.floor(customers / 2)) as { phones: string } | undefined;
    const phone = middle ? ((JSON.parse(middle.phones) as { number: string }[])[0]?.number ?? '') : '';
    const lastFour = phone.slice(-4) || '4567';

    const searches: [label: string, query: string][] = [
      ['search.global common name «محمد»', 'محمد'],
      [`search.global phone last 4 «${lastFour}»`, lastFour],
      ['search.global activity word «پیش‌فاکتور»', 'پیش‌فاکتور'],
      ['search.global English word «invoice»', 'invoice'],
    ];
    for (const [label, query] of searches) {
      const aim = `p95 ≤ ${SEARCH_P95_AIM_MS} ms`;
      guarded(rows, label, aim, () => {
        const first = call('search.global', { query, limit: 6 });
        const { d, note } = budgeted(() => call('search.global', { query, limit: 6 }), iterations);
        return {
          measure: label,
          value: distributionText(d),
          aim,
          met: d.p95 <= SEARCH_P95_AIM_MS,
          note: joinNotes(
            `hits: ${first.organizations.length} org, ${first.people.length} people, ${first.activities.length} activities, ${first.notes.length} notes`,
            note,
          ),
        };
      });
    }

    const pageAim = `p95 ≤ ${PAGE_P95_AIM_MS} ms`;
    const pageLabel = `360 page: get + summary + timeline (${thousands(focusActivitiesStored)} activities)`;
    guarded(rows, pageLabel, pageAim, () => {
      let items = 0;
      const page = () => {
        call('customers.get', { id: focusId });
        call('customers.summary', { id: focusId });
        items = call('customers.timeline', { id: focusId, limit: 50 }).items.length;
      };
      page();
      const { d, note } = budgeted(page, iterations);
      return {
        measure: pageLabel,
        value: distributionText(d),
        aim: pageAim,
        met: d.p95 <= PAGE_P95_AIM_MS,
        note: joinNotes(`«${focus?.name ?? '?'}», first page ${items} items`, note),
      };
    });
    // The three parts alone, to show where the page's time goes.
    const parts: [string, () => unknown][] = [
      ['  customers.get', () => call('customers.get', { id: focusId })],
      ['  customers.summary', () => call('customers.summary', { id: focusId })],
      ['  customers.timeline (first 50)', () => call('customers.timeline', { id: focusId, limit: 50 })],
    ];
    for (const [label, fn] of parts) {
      guarded(rows, label, undefined, () => {
        fn();
        const { d, note } = budgeted(fn, iterations);
        return { measure: label, value: distributionText(d), note };
      });
    }
    guarded(rows, '  customers.timeline, page 20 (cursor)', undefined, () => {
      let cursor: string | null = null;
      for (let i = 0; i < 19; i++) cursor = call('customers.timeline', { id: focusId, limit: 50, cursor }).nextCursor;
      const { d, note } = budgeted(() => call('customers.timeline', { id: focusId, limit: 50, cursor }), iterations);
      return { measure: '  customers.timeline, page 20 (cursor)', value: distributionText(d), note };
    });

    const scanAim = `≤ ${SCAN_AIM_MS / 1000} s`;
    guarded(rows, 'duplicates.scan (full, one run)', scanAim, () => {
      const scan = timed(() => call('duplicates.scan', {}));
      return {
        measure: 'duplicates.scan (full, one run)',
        value: `${ms(scan.ms)} ms`,
        aim: scanAim,
        met: scan.ms <= SCAN_AIM_MS,
        note: `${thousands(scan.result.pairs.length)} pairs${scan.result.truncated ? ' (truncated)' : ''}, ${thousands(scan.result.scanned)} scanned`,
      };
    });

    guarded(rows, 'agenda.get (today + overdue + 7 days)', undefined, () => {
      const input = { days: 7, timeZone: SEED_TIME_ZONE };
      const first = call('agenda.get', input);
      const { d, note } = budgeted(() => call('agenda.get', input), iterations);
      return {
        measure: 'agenda.get (today + overdue + 7 days)',
        value: distributionText(d),
        note: joinNotes(
          `${thousands(first.overdue.length)} overdue, ${thousands(first.today.length)} today, ${thousands(first.upcoming.length)} upcoming`,
          note,
        ),
      };
    });

    const dbBytes = fs.statSync(app.info.databaseFile).size;
    const largest = db
      .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 6')
      .all() as { name: string; bytes: number }[];
    rows.push({ measure: 'peak RSS (process so far)', value: `${ms(peakRssMiB())} MiB` });
    setup.push(
      `database file ${ms(dbBytes / 1024 / 1024)} MiB; largest: ${largest.map((o) => `${o.name} ${ms(o.bytes / 1024 / 1024)} MiB`).join(', ')}`,
      `reads via dispatch on a reopened app (time zone ${SEED_TIME_ZONE}), ${iterations} iterations each after 20 warm-up, at most ${BUDGET_MS / 1000} s per measure`,
    );
    return {
      title: `customer 360 (${thousands(customers)} customers, ${thousands(activities)} activities, ${thousands(noteCount)} notes)`,
      setup,
      rows,
    };
  } finally {
    app.close();
  }
}
