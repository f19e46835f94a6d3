import { describe, expect, it } from 'vitest';
import {
  displayAmount,
  escapeHtml,
  groupDecimal,
  paymentState,
  renderDocumentHtml,
  type TemplateOptions,
} from '../../../shared/documents/template';
import { makeInvoice, profileFa } from './fixtures';

const fonts = { regular: 'data:font/woff2;base64,AAAA', bold: 'data:font/woff2;base64,BBBB' };
const fa: TemplateOptions = { language: 'fa', paper: 'A4', timeZone: 'Asia/Tehran', fonts };
const en: TemplateOptions = { ...fa, language: 'en' };

describe('document template', () => {
  it('is a pure function: the same input gives the same HTML', () => {
    const doc = makeInvoice(12);
    expect(renderDocumentHtml(doc, profileFa, fa)).toBe(renderDocumentHtml(makeInvoice(12), { ...profileFa }, fa));
    expect(renderDocumentHtml(doc, profileFa, en)).toBe(renderDocumentHtml(doc, profileFa, en));
    expect(renderDocumentHtml(doc, profileFa, fa)).not.toBe(renderDocumentHtml(doc, profileFa, en));
  });

  it('lays Persian out right to left with Jalali dates and Persian digits', () => {
    const html = renderDocumentHtml(makeInvoice(3), profileFa, fa);
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain('فاکتور فروش');
    expect(html).toContain('۱ آذر ۱۴۰۵'); // 2026-11-22 in Tehran
    expect(html).toContain("font-family: 'Vazirmatn'");
    expect(html).toContain(fonts.regular);
    expect(html).not.toMatch(/sans-serif|https?:\/\//);
  });

  it('lays English out left to right with Gregorian dates and Latin digits', () => {
    const html = renderDocumentHtml(makeInvoice(3), profileFa, en);
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('22 November 2026');
    expect(html).toContain('Balance due');
  });

  it('prints the document number as stored (ASCII, never grouped) and groups amounts', () => {
    const doc = makeInvoice(3, { number: 'INV-1234567' });
    for (const options of [fa, en]) {
      const html = renderDocumentHtml(doc, profileFa, options);
      expect(html).toContain('<bdi dir="ltr" class="docno">INV-1234567</bdi>');
      expect(html).not.toMatch(/1,234,567|۱٬۲۳۴٬۵۶۷/);
    }
    expect(renderDocumentHtml(doc, profileFa, en)).toContain(displayAmount(doc.totals.total, 'IRR', 'rial', 'latin'));
    expect(renderDocumentHtml(doc, profileFa, fa)).toContain(displayAmount(doc.totals.total, 'IRR', 'rial', 'persian'));
  });

  it('formats amounts per currency and Rial display', () => {
    expect(groupDecimal('1234567', 'latin')).toBe('1,234,567');
    expect(groupDecimal('1234567.5', 'persian')).toBe('۱٬۲۳۴٬۵۶۷٫۵');
    expect(groupDecimal('-1000', 'persian')).toBe('−۱٬۰۰۰');
    expect(displayAmount(123456, 'USD', 'rial', 'latin')).toBe('1,234.56');
    expect(displayAmount(12_345_670, 'IRR', 'toman', 'latin')).toBe('1,234,567');
    expect(displayAmount(12_345_675, 'IRR', 'toman', 'persian')).toBe('۱٬۲۳۴٬۵۶۷٫۵');
    expect(displayAmount(999, 'IRR', 'rial', 'latin')).toBe('999');
  });

  it('shows Toman amounts and words when the profile says so', () => {
    const doc = makeInvoice(2);
    const html = renderDocumentHtml(doc, { ...profileFa, rialDisplay: 'toman' }, fa);
    expect(html).toContain('تومان');
    expect(html).toContain(displayAmount(doc.totals.total, 'IRR', 'toman', 'persian'));
  });

  it('escapes user text and refuses a logo that is not an embedded image', () => {
    const doc = makeInvoice(1, {
      customer: { name: '<script>alert(1)</script>', address: 'a & b', phone: '', email: '', taxCode: '' },
    });
    const html = renderDocumentHtml(doc, { ...profileFa, logoDataUrl: 'https://example.com/x.png' }, en);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a &amp; b');
    expect(html).not.toContain('<img');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });

  it('marks a draft, prints a quote without payment rows, and supports A5', () => {
    const quote = makeInvoice(2, { kind: 'quote', number: null, status: 'draft', payments: [] });
    const html = renderDocumentHtml(quote, profileFa, { ...en, paper: 'A5' });
    expect(html).toContain('@page { size: A5 portrait');
    expect(html).toContain('class="draft-mark"');
    expect(html).toContain('Valid until');
    expect(html).not.toContain('Balance due');
    expect(html).not.toContain('Payment status');
  });

  it('repeats the table header on every page and keeps rows whole', () => {
    const html = renderDocumentHtml(makeInvoice(2), profileFa, en);
    expect(html).toContain('table.lines thead { display: table-header-group; }');
    expect(html).toContain('break-inside: avoid');
  });

  it('derives the payment state from the totals', () => {
    const t = makeInvoice(1).totals;
    expect(paymentState({ ...t, paid: 0, balance: t.total })).toBe('unpaid');
    expect(paymentState({ ...t, paid: 1, balance: t.total - 1 })).toBe('partial');
    expect(paymentState({ ...t, paid: t.total, balance: 0 })).toBe('paid');
  });
});
