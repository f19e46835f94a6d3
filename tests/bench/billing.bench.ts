/**
 * Issuing invoices in a loop: create a three-line draft (discounts and tax) and issue it, through
 * dispatch, as the window does; each issue takes its number in one IMMEDIATE transaction.
 */
import { performance } from 'node:perf_hooks';
import { openApp } from '../../main/app';
import type { BenchSection } from './timing';

export function benchBilling(options: { tempDir: string; count?: number }): BenchSection {
  const count = options.count ?? 10_000;
  const app = openApp({ dataDir: options.tempDir, systemLocale: 'fa-IR', timeZone: 'Asia/Tehran' });
  try {
    const call = (method: string, input: unknown) => {
      const result = app.dispatch(method, input);
      if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
      return result.value as { id: string; number?: string | null };
    };
    const customerId = call('customers.create', { kind: 'organization', name: 'بازرگانی آریا' }).id;
    const lines = [
      {
        description: 'چای سبز',
        quantityMilli: 3000,
        unitPriceMinor: 1_250_000,
        taxBasisPoints: 1000,
        discount: { kind: 'percent', basisPoints: 1000 },
      },
      { description: 'Delivery', quantityMilli: 1000, unitPriceMinor: 450_000 },
      { description: 'زعفران', quantityMilli: 2500, unitPriceMinor: 3_900_000, taxBasisPoints: 1000 },
    ];
    const started = performance.now();
    let issueMs = 0;
    let last = '';
    for (let i = 0; i < count; i++) {
      const draft = call('invoices.create', {
        customerId,
        currency: 'IRR',
        lines,
        discount: { kind: 'amount', minor: 50_000 },
      });
      const t0 = performance.now();
      last = call('invoices.issue', { id: draft.id }).number ?? '';
      issueMs += performance.now() - t0;
    }
    const totalMs = performance.now() - started;
    return {
      title: `Issuing ${count.toLocaleString('en')} invoices in a loop`,
      setup: [
        'three lines each, line and document discounts, 10% tax; synchronous=FULL; through dispatch',
        `last number ${last}`,
      ],
      rows: [
        { measure: 'create draft + issue', value: `${((count / totalMs) * 1000).toFixed(0)} invoices/s` },
        { measure: 'issue only (numbering transaction)', value: `${((count / issueMs) * 1000).toFixed(0)} invoices/s` },
      ],
    };
  } finally {
    app.close();
  }
}
