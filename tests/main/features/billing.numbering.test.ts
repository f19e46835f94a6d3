/**
 * Gapless numbering under concurrent issue attempts: two app instances (separate processes)
 * on the same data file issue drafts in a loop at the same time. Every number is taken once,
 * in one series without gaps, and drafts that were never issued take none.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../helpers/temp-app';

const root = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** A child process: opens the app on `dataDir`, issues each draft id, prints the numbers. */
const ISSUER = `
import { openApp } from ${JSON.stringify(path.join(root, 'main/app.ts'))};
const [dataDir, idsJson] = process.argv.slice(-2);
const app = openApp({ dataDir, systemLocale: 'en-US', timeZone: 'Asia/Tehran' });
const numbers = [];
for (const id of JSON.parse(idsJson)) {
  const result = app.dispatch('invoices.issue', { id });
  if (!result.ok) { console.error(JSON.stringify(result.error)); process.exit(1); }
  numbers.push(result.value.number);
}
app.close();
console.log(JSON.stringify(numbers));
`;

function issueInChild(dataDir: string, ids: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['--eval', ISSUER, '--', dataDir, JSON.stringify(ids)], { cwd: root });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`issuer exited with ${String(code)}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[]);
    });
  });
}

let app: TestApp | null = null;
afterEach(() => app?.dispose());

describe('invoice numbering across app instances', () => {
  it('never gives one number twice and leaves no gap', async () => {
    app = openTestApp({ timeZone: 'Asia/Tehran' });
    const customerId = app.call('customers.create', { kind: 'person', name: 'Sara Ahmadi' }).id;
    const drafts = (n: number) =>
      Array.from(
        { length: n },
        () =>
          app!.call('invoices.create', {
            customerId,
            currency: 'IRR',
            lines: [{ description: 'Service', quantityMilli: 1000, unitPriceMinor: 500_000 }],
          }).id,
      );
    const perProcess = 40;
    const a = drafts(perProcess);
    const b = drafts(perProcess);
    const untouched = drafts(5);
    // This instance keeps the file open as well and issues one of its own.
    const [fromA, fromB] = await Promise.all([
      issueInChild(app.dataDir, a),
      issueInChild(app.dataDir, b),
      Promise.resolve().then(() => app!.call('invoices.issue', { id: untouched[0]! }).number),
    ]);
    const all = [...fromA, ...fromB, app.call('invoices.get', { id: untouched[0]! }).number ?? ''];
    expect(new Set(all).size).toBe(all.length);
    const sequences = all.map((n) => Number(/-(\d{5})$/.exec(n)?.[1])).sort((x, y) => x - y);
    expect(sequences).toEqual(Array.from({ length: 2 * perProcess + 1 }, (_, i) => i + 1));
    // Each child saw its own numbers increase.
    for (const list of [fromA, fromB]) expect([...list].sort()).toEqual(list);
    const stillDrafts = untouched.slice(1).map((id) => app!.call('invoices.get', { id }));
    expect(stillDrafts.every((d) => d.number === null && d.state === 'draft')).toBe(true);
    expect(app.call('billing.series.get', {}).next).toMatch(/-00082$/);
  });
});
