/**
 * End to end: Import & export in Chromium against the built browser-mode host. English: a
 * Persian UTF-8 CSV with a column that needs mapping, a broken file, dry run, import, the
 * customers in the list. Persian: the Windows-1256 fixture, dry run, import, the same file again
 * with "skip duplicates" (nothing new), and a CSV export that starts with the UTF-8 BOM. Then, in
 * both languages, invoices exported as CSV, and a JSON export of everything read back with one
 * customer renamed in the file.
 * Screenshots (1280×800) go to artifacts/screenshots/exchange-{en,fa}-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { go, root, shot, startE2e, type E2eSession } from './harness';

const fixtures = path.join(root, 'tests/fixtures/exchange');
let session: E2eSession;
let work = '';

async function rpc<T>(method: string, input: unknown): Promise<T> {
  const address = new URL(session.url);
  const response = await fetch(new URL('/rpc', address), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${address.searchParams.get('token') ?? ''}` },
    body: JSON.stringify({ method, input }),
  });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const total = async () => (await rpc<{ total: number }>('customers.list', {})).total;

async function language(page: Page, lang: 'en' | 'fa'): Promise<void> {
  await rpc('preferences.update', {
    language: lang,
    calendar: lang === 'fa' ? 'jalali' : 'gregorian',
    digits: lang === 'fa' ? 'persian' : 'latin',
  });
  await page.reload();
  await page.locator(`html[lang="${lang}"]`).waitFor();
  await go(page, '/exchange');
  await page.getByTestId('exchange-page').waitFor();
}

async function pick(page: Page, file: string): Promise<void> {
  await page.getByTestId('exchange-file').setInputFiles(file);
}

/** Scrolls an element to the top of the page's scroller and takes the shot. */
async function shotAt(page: Page, testId: string, name: string): Promise<void> {
  await page
    .getByTestId(testId)
    .first()
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, name);
}

beforeAll(async () => {
  session = await startE2e('pishkhan-e2e-exchange-');
  work = fs.mkdtempSync(path.join(session.dataDir, 'files-'));
  // Persian headers; "شماره تماس" maps to nothing until chosen; the last row has only an ignored code.
  fs.writeFileSync(
    path.join(work, 'contacts.csv'),
    `\uFEFF${[
      'نام,موبایل,ایمیل,شهر,شماره تماس,کد',
      'علی رضایی,09121234567,ali@example.ir,تهران,02188776655,C-1',
      'سارا احمدی,09351112233,sara@example.ir,مشهد,02144556677,C-2',
      'کتاب‌فروشی نگاه,,info@negah.ir,تبریز,04133334444,C-3',
      ',,,,,C-17',
    ].join('\r\n')}\r\n`,
  );
});

afterAll(async () => {
  await session?.close();
});

describe('import and export in Chromium', () => {
  it('maps, dry-runs and imports a CSV in English, then in Persian, and exports CSV with a BOM', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(session.url);
    await language(page, 'en');

    // A whole-file problem: broken quoting, with its line.
    await pick(page, path.join(fixtures, 'broken-quoting.csv'));
    const problem = page.getByTestId('exchange-problem');
    await problem.filter({ hasText: 'line 3' }).waitFor();
    expect(await problem.textContent()).toContain('This file cannot be imported');
    await shot(page, 'exchange-en-errors');

    // The CSV with a column to map.
    await pick(page, path.join(work, 'contacts.csv'));
    await page.getByTestId('exchange-mapping').waitFor();
    expect(await page.getByTestId('exchange-encoding').textContent()).toBe('Detected: UTF-8, separated by commas');
    expect(await page.getByTestId('exchange-map-0').inputValue()).toBe('Name');
    expect(await page.getByTestId('exchange-map-4').inputValue()).toBe('Do not import');
    await page.getByTestId('exchange-map-4').click();
    await page.getByRole('option', { name: 'Work phone' }).click();
    expect(await page.getByTestId('exchange-map-4').inputValue()).toBe('Work phone');
    await shot(page, 'exchange-en-mapping');
    await shotAt(page, 'exchange-preview', 'exchange-en-preview');

    await page.getByTestId('exchange-dry-run').click();
    const dry = page.getByTestId('exchange-dry-summary');
    await dry.waitFor();
    expect(await dry.getByTestId('exchange-summary-counts').textContent()).toBe(
      '3 created, 0 updated, 0 skipped, 1 rejected of 4 rows.',
    );
    expect(await dry.getByTestId('exchange-problem-row').textContent()).toContain('Row 5');
    expect(await total()).toBe(0);
    await shotAt(page, 'exchange-dry-summary', 'exchange-en-dryrun');

    await page.getByTestId('exchange-run').click();
    await page.getByTestId('exchange-summary').waitFor();
    expect(await total()).toBe(3);
    await shotAt(page, 'exchange-summary', 'exchange-en-summary');

    await go(page, '/customers');
    const grid = page.getByRole('grid');
    await grid.getByRole('link', { name: 'علی رضایی' }).waitFor();
    await grid.getByRole('link', { name: 'کتاب‌فروشی نگاه' }).waitFor();

    // Persian: the Windows-1256 file Excel writes.
    await language(page, 'fa');
    await pick(page, path.join(fixtures, 'empty.csv'));
    await page.getByTestId('exchange-problem').filter({ hasText: 'فایل' }).waitFor();
    await shot(page, 'exchange-fa-errors');

    const ansi = path.join(fixtures, 'persian-windows-1256.csv');
    await pick(page, ansi);
    await page.getByTestId('exchange-mapping').waitFor();
    expect(await page.getByTestId('exchange-encoding').textContent()).toContain('Windows-1256');
    expect(await page.getByTestId('exchange-map-0').inputValue()).toBe('نام');
    await shot(page, 'exchange-fa-mapping');
    await shotAt(page, 'exchange-preview', 'exchange-fa-preview');
    await page.getByTestId('exchange-dry-run').click();
    await page.getByTestId('exchange-dry-summary').waitFor();
    expect(await page.getByTestId('exchange-summary-counts').textContent()).toMatch(/از ۳ ردیف/);
    await shotAt(page, 'exchange-dry-summary', 'exchange-fa-dryrun');
    const before = await total();
    await page.getByTestId('exchange-run').click();
    await page.getByTestId('exchange-summary').waitFor();
    const afterFirst = await total();
    expect(afterFirst).toBeGreaterThan(before);
    await shotAt(page, 'exchange-summary', 'exchange-fa-summary');

    // The same file again with "skip duplicates" (the default): nothing new.
    await pick(page, ansi);
    await page.getByTestId('exchange-mapping').waitFor();
    await page.getByTestId('exchange-run').click();
    const again = page.getByTestId('exchange-summary');
    await again.waitFor();
    expect(await again.getByTestId('exchange-count-created').textContent()).toContain('۰');
    expect(await total()).toBe(afterFirst);
    await shotAt(page, 'exchange-summary', 'exchange-fa-skipped');

    // Export CSV: a download that starts with the UTF-8 BOM.
    const download = page.waitForEvent('download');
    await page.getByTestId('exchange-export-run').click();
    const file = await download;
    const saved = path.join(work, file.suggestedFilename());
    await file.saveAs(saved);
    const bytes = fs.readFileSync(saved);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('علی رضایی');
    await page.getByTestId('exchange-export-done').waitFor();
    await shotAt(page, 'exchange-export', 'exchange-fa-export');
    await page.close();
  });

  it('exports everything as JSON and reads it back: unchanged records are kept, a changed one taken on request', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(session.url);
    const words = {
      en: {
        json: 'Pishkhan JSON export',
        take: 'Take the file’s values',
        label: 'When a record is already here',
        invoices: 'Invoices (with paid and balance)',
      },
      fa: {
        json: 'خروجی JSON پیشخوان',
        take: 'مقادیر فایل گرفته شود',
        label: 'وقتی رکوردی از قبل این‌جا هست',
        invoices: 'فاکتورها (با پرداخت‌شده و مانده)',
      },
    } as const;
    for (const lang of ['en', 'fa'] as const) {
      await language(page, lang);
      // Invoices as CSV for the accountant: one of the sales and billing entities.
      await page.getByTestId('exchange-export-entity').click();
      await page.getByRole('option', { name: words[lang].invoices }).waitFor();
      await shotAt(page, 'exchange-export', `exchange-${lang}-export-entities`);
      await page.getByRole('option', { name: words[lang].invoices }).click();
      const csvDownload = page.waitForEvent('download');
      await page.getByTestId('exchange-export-run').click();
      const csvFile = path.join(work, `${lang}-${(await csvDownload).suggestedFilename()}`);
      await (await csvDownload).saveAs(csvFile);
      expect(fs.readFileSync(csvFile, 'utf8')).toMatch(/^\uFEFFNumber,Kind,Status,Customer,/);

      const download = page.waitForEvent('download');
      await page.getByTestId('exchange-export-format').getByText(words[lang].json).click();
      await page.getByTestId('exchange-export-run').click();
      const saved = path.join(work, `${lang}-${(await download).suggestedFilename()}`);
      await (await download).saveAs(saved);
      const doc = JSON.parse(fs.readFileSync(saved, 'utf8')) as {
        version: number;
        tables: Record<string, { id: string; name?: string }[]>;
      };
      expect(doc.version).toBe(2);
      expect(Object.keys(doc.tables)).toEqual(expect.arrayContaining(['customers', 'invoices', 'settings']));
      // One customer renamed in the file, as another computer's export would have it.
      const first = doc.tables.customers?.[0];
      if (!first) throw new Error('no customer in the export');
      const renamed = `${first.name ?? ''} (${lang})`;
      first.name = renamed;
      const changed = path.join(work, `${lang}-changed.json`);
      fs.writeFileSync(changed, JSON.stringify(doc));

      await pick(page, changed);
      await page.getByTestId('exchange-json-found').waitFor();
      await page.getByText(words[lang].label).waitFor();
      await page.getByTestId('exchange-on-duplicate').getByText(words[lang].take).click();
      await shot(page, `exchange-${lang}-json`);
      const before = await total();
      await page.getByTestId('exchange-run').click();
      const summary = page.getByTestId('exchange-summary');
      await summary.waitFor();
      expect(await summary.getByTestId('exchange-count-updated').textContent()).toContain(lang === 'en' ? '1' : '۱');
      expect(await total()).toBe(before);
      const list = await rpc<{ rows: { name: string }[] }>('customers.list', { limit: 500 });
      expect(list.rows.map((r) => r.name)).toContain(renamed);
      await shotAt(page, 'exchange-summary', `exchange-${lang}-json-summary`);
    }
    await page.close();
  });
});
