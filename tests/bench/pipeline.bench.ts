/**
 * Pipeline board data: 2,000 open opportunities (plus won and lost ones) spread over the
 * default stages, for 500 customers, seeded through the write path; then `pipeline.board`
 * through dispatch (validation included) on a reopened app. Figures only.
 */
import { openApp } from '../../main/app';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { DEFAULT_STAGES } from '../../shared/pipeline/stages';
import { ms, peakRssMiB, sample, thousands, timed, type BenchRow, type BenchSection } from './timing';

export interface PipelineBenchOptions {
  tempDir: string;
  open?: number;
  closed?: number;
  customers?: number;
  iterations?: number;
}

const BOARD_P95_AIM_MS = 50;

export function benchPipeline(options: PipelineBenchOptions): BenchSection {
  const { tempDir, open = 2_000, closed = 3_000, customers = 500, iterations = 200 } = options;
  const seedApp = openApp({ dataDir: tempDir, systemLocale: 'en-US' });
  const call = <K extends MethodName>(app: typeof seedApp, method: K, input: MethodInput<K>): MethodOutput<K> => {
    const result = app.dispatch(method, input);
    if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
    return result.value as MethodOutput<K>;
  };
  const openStages = DEFAULT_STAGES.filter((s) => s.kind === 'open');
  const won = DEFAULT_STAGES.find((s) => s.kind === 'won')!;
  const lost = DEFAULT_STAGES.find((s) => s.kind === 'lost')!;
  const seeded = timed(() =>
    seedApp.db.transaction(() => {
      const ids: string[] = [];
      for (let i = 0; i < customers; i++) {
        ids.push(call(seedApp, 'customers.create', { kind: 'organization', name: `Customer ${i}` }).id);
      }
      for (let i = 0; i < open + closed; i++) {
        const isOpen = i < open;
        const stage = isOpen ? openStages[i % openStages.length]! : i % 3 === 0 ? lost : won;
        call(seedApp, 'opportunities.create', {
          title: `Deal ${i}`,
          customerId: ids[i % ids.length]!,
          stageId: stage.id,
          amountMinor: 1_000_000 * ((i % 97) + 1),
          currency: i % 10 === 0 ? 'USD' : 'IRR',
          lostReason: stage.kind === 'lost' ? 'Price' : '',
        });
      }
    }),
  );
  seedApp.close();

  const app = openApp({ dataDir: tempDir, systemLocale: 'en-US' });
  try {
    const rows: BenchRow[] = [];
    let cards = 0;
    const d = sample(() => {
      cards = call(app, 'pipeline.board', {}).columns.reduce((n, c) => n + c.opportunities.length, 0);
    }, iterations);
    rows.push({
      measure: `pipeline.board (${thousands(cards)} cards)`,
      value: `p50 ${ms(d.p50)} ms · p95 ${ms(d.p95)} ms · p99 ${ms(d.p99)} ms`,
      aim: `p95 ≤ ${BOARD_P95_AIM_MS} ms`,
      met: d.p95 <= BOARD_P95_AIM_MS,
    });
    const list = sample(() => call(app, 'opportunities.list', { limit: 200 }), iterations);
    rows.push({ measure: 'opportunities.list (first 200)', value: `p50 ${ms(list.p50)} ms · p95 ${ms(list.p95)} ms` });
    rows.push({ measure: 'peak RSS (process so far)', value: `${ms(peakRssMiB())} MiB` });
    return {
      title: `pipeline (${thousands(open)} open, ${thousands(closed)} closed opportunities, ${thousands(customers)} customers)`,
      setup: [
        `seeded through the write path in ${ms(seeded.ms)} ms; reads via dispatch on a reopened app, ${iterations} iterations after 20 warm-up`,
      ],
      rows,
    };
  } finally {
    app.close();
  }
}
