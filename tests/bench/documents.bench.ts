/**
 * Invoice PDF render time, warm: template + Chromium print of a realistic invoice, in Persian
 * and English, with the browser already running (aim ≤ 300 ms per invoice). The first render
 * (browser launch) is reported apart.
 */
import { performance } from 'node:perf_hooks';
import { chromiumPrinter, findChromium } from '../../main/documents/chromium';
import { documentFonts } from '../../main/documents/fonts';
import { renderDocumentHtml } from '../../shared/documents/template';
import { makeInvoice, profileFa } from '../main/documents/fixtures';
import { percentile, type BenchSection } from './timing';

const ITERATIONS = 20;

export async function benchDocuments(): Promise<BenchSection> {
  const title = 'Invoice PDF (template + Chromium print, warm)';
  const executable = findChromium();
  if (!executable) return { title, setup: ['no Chromium found: not measured'], rows: [] };
  const printer = chromiumPrinter();
  const rows: BenchSection['rows'] = [];
  try {
    const doc = makeInvoice(12);
    const render = async (language: 'fa' | 'en') => {
      const started = performance.now();
      const html = renderDocumentHtml(doc, profileFa, {
        language,
        paper: 'A4',
        timeZone: 'Asia/Tehran',
        fonts: documentFonts(),
      });
      await printer.print(html, 'A4');
      return performance.now() - started;
    };
    const cold = await render('fa');
    rows.push({ measure: 'first render (launches Chromium)', value: `${cold.toFixed(0)} ms` });
    for (const language of ['fa', 'en'] as const) {
      await render(language);
      const times: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) times.push(await render(language));
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      rows.push({
        measure: `${language} invoice, 12 lines, p50`,
        value: `${p50.toFixed(0)} ms`,
        aim: '≤ 300 ms',
        met: p50 <= 300,
      });
      rows.push({
        measure: `${language} invoice, 12 lines, p95`,
        value: `${p95.toFixed(0)} ms`,
        aim: '≤ 300 ms',
        met: p95 <= 300,
      });
    }
    const long = makeInvoice(60);
    const html = renderDocumentHtml(long, profileFa, {
      language: 'fa',
      paper: 'A4',
      timeZone: 'Asia/Tehran',
      fonts: documentFonts(),
    });
    const started = performance.now();
    await printer.print(html, 'A4');
    rows.push({ measure: 'fa invoice, 60 lines (3+ pages)', value: `${(performance.now() - started).toFixed(0)} ms` });
  } finally {
    await printer.close();
  }
  return { title, setup: [`Chromium: ${executable}`, `${ITERATIONS} warm renders per language`], rows };
}
