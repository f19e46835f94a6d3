/**
 * Real PDFs from the system Chromium (playwright-core), read back with poppler: the invoice
 * number, the customer's name and the total must be in the text exactly as stored/displayed,
 * the lines must run over 2+ pages with the header repeated. Page PNGs are kept under
 * artifacts/pdf/ to be looked at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPrinter, findChromium } from '../../../main/documents/chromium';
import { documentFonts } from '../../../main/documents/fonts';
import { PdfError } from '../../../main/documents/pdf-error';
import { displayAmount, renderDocumentHtml } from '../../../shared/documents/template';
import type { PaperSize } from '../../../shared/documents/printable';
import type { Language } from '../../../shared/preferences';
import { makeInvoice, profileFa } from './fixtures';

const root = path.resolve(import.meta.dirname, '../../..');
const artifacts = path.join(root, 'artifacts/pdf');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'pishkhan-pdf-'));
const printer = chromiumPrinter();

afterAll(async () => {
  await printer.close();
  fs.rmSync(temp, { recursive: true, force: true });
});

/** pdftotext output without the bidi embedding marks poppler puts around RTL runs. */
function pdfText(file: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', [...range, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
    /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    '',
  );
}

function pageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

async function render(name: string, language: Language, paper: PaperSize, doc = makeInvoice(40)) {
  const html = renderDocumentHtml(doc, profileFa, { language, paper, timeZone: 'Asia/Tehran', fonts: documentFonts() });
  const pdf = await printer.print(html, paper);
  const file = path.join(temp, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  fs.mkdirSync(artifacts, { recursive: true });
  for (const old of fs.readdirSync(artifacts).filter((f) => f.startsWith(`${name}-`)))
    fs.rmSync(path.join(artifacts, old));
  execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(artifacts, name)]);
  fs.copyFileSync(file, path.join(artifacts, `${name}.pdf`));
  return { file, doc, pdf };
}

describe.runIf(findChromium() !== null)('invoice PDF in Chromium', () => {
  it('Persian, A4: number, customer and total as stored; header repeated on page 2', async () => {
    const { file, doc, pdf } = await render('invoice-fa-a4', 'fa', 'A4');
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = pdfText(file);
    expect(text).toContain('A-1405-00042');
    expect(text).toContain(doc.customer.name);
    expect(text).toContain(displayAmount(doc.totals.total, 'IRR', 'rial', 'persian'));
    expect(displayAmount(doc.totals.total, 'IRR', 'rial', 'persian')).toBe('۵۴۱٬۶۰۳٬۴۴۰');
    expect(pageCount(file)).toBeGreaterThanOrEqual(2);
    expect(pdfText(file, 2)).toContain('مبلغ واحد');
    expect(text).toContain('پرداخت بخشی');
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toContain('Vazirmatn-Regular');
    expect(fonts).toContain('Vazirmatn-Bold');
  });

  it('English, A4: number, customer and total as stored; header repeated on page 2', async () => {
    const { file, doc } = await render('invoice-en-a4', 'en', 'A4');
    const text = pdfText(file);
    expect(text).toContain('A-1405-00042');
    expect(text).toContain(doc.customer.name);
    expect(text).toContain('541,603,440');
    expect(text.replace(/\s+/g, ' ')).toContain(
      'five hundred forty-one million six hundred three thousand four hundred forty rials',
    );
    expect(pageCount(file)).toBeGreaterThanOrEqual(2);
    expect(pdfText(file, 2)).toContain('Unit price');
    expect(text).toContain('Partially paid');
  });

  it('English, A5, US dollars: cents and the A5 page size', async () => {
    const doc = makeInvoice(10, { currency: 'USD', number: 'US-2026-7' });
    const { file } = await render('invoice-en-a5-usd', 'en', 'A5', doc);
    const text = pdfText(file);
    expect(text).toContain('US-2026-7');
    expect(text).toContain(displayAmount(doc.totals.total, 'USD', 'rial', 'latin'));
    expect(displayAmount(doc.totals.total, 'USD', 'rial', 'latin')).toMatch(/^\d{1,3}(,\d{3})*\.\d\d$/);
    const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
    expect(Math.round(Number(size?.[1]))).toBe(420); // A5: 148 mm = 420 pt
  });

  it('Persian quote on A5 with a short line list fits one page', async () => {
    const quote = makeInvoice(3, { kind: 'quote', number: 'Q-1405-0007', status: 'sent', payments: [] });
    const { file } = await render('quote-fa-a5', 'fa', 'A5', quote);
    const text = pdfText(file);
    expect(text).toContain('Q-1405-0007');
    expect(text).toContain('پیش‌فاکتور');
    expect(pageCount(file)).toBe(1);
  });
});

describe('no Chromium', () => {
  it('says so in a translated message instead of failing obscurely', () => {
    expect(findChromium(['/nonexistent/chromium'])).toBeNull();
    const error = new PdfError('document.error.noChromium');
    expect(error.key).toBe('document.error.noChromium');
  });
});
