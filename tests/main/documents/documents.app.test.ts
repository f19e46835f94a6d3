/**
 * Through the real app: an issued invoice with a payment, printed by `documents.pdf` (job) and
 * by the CLI's `invoice-pdf` halves; the text of the PDF has the number, customer and total.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chromiumPrinter, findChromium } from '../../../main/documents/chromium';
import { planPdf, writePdf } from '../../../main/documents/documents.cli';
import type { PdfJob } from '../../../shared/documents/documents.contract';
import { openTestApp, type TestApp } from '../../helpers/temp-app';

let app: TestApp;
let invoiceId: string;
let number: string;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pishkhan-docs-'));

beforeEach(() => {
  app = openTestApp({ wallClock: () => Date.parse('2026-11-22T08:00:00.000Z'), timeZone: 'Asia/Tehran' });
  const customerId = app.call('customers.create', { kind: 'organization', name: 'نوآوران پارس' }).id;
  const draft = app.call('invoices.create', {
    customerId,
    currency: 'IRR',
    lines: [
      { description: 'چای ۵۰۰ گرمی', quantityMilli: 3000, unitPriceMinor: 1_250_000, taxBasisPoints: 1000 },
      { description: 'Delivery', quantityMilli: 1000, unitPriceMinor: 333_333 },
    ],
    discount: { kind: 'amount', minor: 100_000 },
  });
  const issued = app.call('invoices.issue', { id: draft.id });
  invoiceId = issued.id;
  number = issued.number ?? '';
});
afterEach(() => app.dispose());
afterAll(async () => {
  await chromiumPrinter().close();
  fs.rmSync(out, { recursive: true, force: true });
});

const text = (file: string) =>
  execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');

describe.runIf(findChromium() !== null)('documents through the app', () => {
  it('documents.pdf makes the PDF as a job; documents.html returns the page', async () => {
    const total = app.call('invoices.get', { id: invoiceId }).totals.total;
    const html = app.call('documents.html', { kind: 'invoice', id: invoiceId, language: 'en' });
    expect(html.fileName).toBe(`invoice-${number}.pdf`);
    expect(html.html).toContain(number);
    const { jobId } = app.call('documents.pdf', { kind: 'invoice', id: invoiceId, language: 'en' });
    let job: PdfJob = { state: 'pending' };
    for (let i = 0; i < 300 && job.state === 'pending'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = app.call('documents.pdfResult', { jobId });
    }
    expect(job.state).toBe('done');
    if (job.state !== 'done') return;
    const file = path.join(out, job.fileName);
    fs.writeFileSync(file, Buffer.from(job.base64, 'base64'));
    const content = text(file);
    expect(content).toContain(number);
    expect(content).toContain('نوآوران پارس');
    expect(content).toContain(total.toLocaleString('en-US'));
  });

  it('invoice-pdf finds the invoice by number and writes the file; unknown numbers are refused', async () => {
    const target = path.join(out, 'cli.pdf');
    const lines: string[] = [];
    const plan = planPdf(app, 'invoice', [number, '--out', target, '--lang', 'fa']);
    await writePdf(plan, { out: (l) => lines.push(l), err: (l) => lines.push(l) }, false);
    expect(lines.join('\n')).toContain(target);
    expect(text(target)).toContain(number);
    expect(() => planPdf(app, 'invoice', ['NOPE-1', '--out', target])).toThrow(/NOPE-1/);
    expect(() => planPdf(app, 'invoice', [number, '--out', target, '--lang', 'de'])).toThrow(/--lang/);
  });
});
