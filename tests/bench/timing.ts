/**
 * Small timing helpers shared by benchmark sections. Benchmarks print figures; they never pass
 * or fail, so an aim is only shown beside the measured value.
 */

export interface Distribution {
  iterations: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

/** One printed line of a section. */
export interface BenchRow {
  measure: string;
  value: string;
  /** e.g. `p95 ≤ 5 ms`; empty when there is no aim. */
  aim?: string;
  /** Whether the value is within the aim (shown, never enforced). */
  met?: boolean;
  note?: string;
}

export interface BenchSection {
  title: string;
  /** Lines describing the setup (sizes, pragmas) printed above the table. */
  setup: string[];
  rows: BenchRow[];
}

/** Nearest-rank percentile of ascending `sorted` values, `p` in [0, 100]. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export function distribution(samples: readonly number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    iterations: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.reduce((sum, v) => sum + v, 0) / (sorted.length || 1),
  };
}

/**
 * Runs `fn` `warmup` times unmeasured, then `iterations` times; durations in milliseconds.
 * With `budgetMs`, stops early once that much time went by (warm-up included), so a slow
 * method cannot stall a run; `iterations` of the result then says how many were measured.
 */
export function sample(
  fn: () => unknown,
  iterations: number,
  warmup = Math.min(20, iterations),
  budgetMs = Number.POSITIVE_INFINITY,
): Distribution {
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < warmup && performance.now() < deadline; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations && (samples.length < 5 || performance.now() < deadline); i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return distribution(samples);
}

/** Wall time of one call in milliseconds, with its result. */
export function timed<T>(fn: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = fn();
  return { ms: performance.now() - start, result };
}

export function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

export function perSecond(count: number, milliseconds: number): number {
  return (count * 1000) / milliseconds;
}

export function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Display width of a string: combining marks and zero-width controls take no column. */
function width(text: string): number {
  return [...text.replace(/[\p{M}\u200b-\u200f\u2066-\u2069]/gu, '')].length;
}

function pad(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

/** A plain-text table; every row is one line. */
export function table(headers: readonly string[], lines: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...lines.map((line) => width(line[i] ?? ''))));
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [format(headers), rule, ...lines.map(format)].join('\n');
}

export function printSection(section: BenchSection): void {
  console.log(`\n== ${section.title} ==`);
  for (const line of section.setup) console.log(`  ${line}`);
  console.log('');
  console.log(
    table(
      ['measure', 'value', 'aim', 'within aim', 'note'],
      section.rows.map((r) => [
        r.measure,
        r.value,
        r.aim ?? '',
        r.met === undefined ? '' : r.met ? 'yes' : 'NO',
        r.note ?? '',
      ]),
    ),
  );
}
