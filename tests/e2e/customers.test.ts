/**
 * End to end: the built renderer in Debian's Chromium against the browser-mode host (a real
 * child process with a fresh data folder). Screenshots of every page in both languages are kept
 * under artifacts/screenshots/ (ignored by git).
 */
import type { Browser } from 'playwright-core';
import { go, shot, startE2e, type E2eSession } from './harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let session: E2eSession | null = null;
let browser: Browser | null = null;
let url = '';

beforeAll(async () => {
  session = await startE2e();
  browser = session.browser;
  url = session.url;
});

afterAll(async () => {
  await session?.close();
});

describe('customers in Chromium', () => {
  it('creates, switches to Persian, searches, deletes, restores and shows History', async () => {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);

    // Start in English whatever the machine's locale.
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    if ((await page.locator('html').getAttribute('lang')) !== 'en') {
      await go(page, '/settings');
      await page.getByText('انگلیسی (English)').click();
    }
    await go(page, '/customers');
    await page.getByText('No customers yet').waitFor();
    await shot(page, 'en-customers-empty');

    // An organization, in English.
    await page.getByRole('link', { name: 'New customer' }).first().click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Name is required.').waitFor();
    await page.getByRole('button', { name: 'Add email' }).click();
    await page.getByRole('textbox', { name: 'Email 1', exact: true }).fill('not-an-email');
    await page.getByRole('textbox', { name: 'Email 1', exact: true }).blur();
    await page.getByText('Email 1 is not a valid email address: “not-an-email”.').waitFor();
    await shot(page, 'en-form-errors');
    await page.getByText('Organization', { exact: true }).first().click();
    await page.getByRole('textbox', { name: /^Name/ }).fill('Acme Trading');
    await page.getByRole('textbox', { name: 'Email 1', exact: true }).fill('info@acme.example');
    await page.getByRole('button', { name: 'Add phone' }).click();
    await page.getByRole('textbox', { name: 'Phone 1', exact: true }).fill('021 8888 1234');
    await page.getByRole('textbox', { name: 'City' }).fill('Tehran');
    await page.getByPlaceholder('Type a tag, then Enter').fill('wholesale');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Acme Trading' }).waitFor();

    // A person in that organization.
    await go(page, '/customers/new');
    await page.getByRole('textbox', { name: /^Name/ }).fill('Sara Karimi');
    await page.getByPlaceholder('Search organizations').click();
    await page.getByPlaceholder('Search organizations').fill('Acme');
    await page.getByRole('option', { name: 'Acme Trading' }).click();
    await page.getByRole('button', { name: 'Add phone' }).click();
    await page.getByRole('textbox', { name: 'Phone 1', exact: true }).fill('0912 123 4567');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Sara Karimi' }).waitFor();
    await page.getByRole('link', { name: 'Acme Trading' }).waitFor();
    await shot(page, 'en-customer-detail');
    await page.getByRole('link', { name: 'Acme Trading' }).click();
    await page.getByText('People in this organization').waitFor();
    await page.getByRole('link', { name: 'Sara Karimi' }).waitFor();
    await shot(page, 'en-organization-detail');

    await go(page, '/customers');
    await page.getByTestId('customer-total').filter({ hasText: '2 customers' }).waitFor();
    await shot(page, 'en-customers');
    await page.getByTestId('date-filter').click();
    await page.locator('.rdp-root').waitFor();
    await shot(page, 'en-date-picker');
    await page.keyboard.press('Escape');
    await go(page, '/trash');
    await page.getByText('Trash is empty').waitFor();
    await shot(page, 'en-trash-empty');
    await go(page, '/settings');
    await page.getByText('About this installation').waitFor();
    await shot(page, 'en-settings');

    // Switch to Persian, Jalali, Persian digits.
    await page.getByText('Persian (فارسی)').click();
    await page.getByRole('heading', { name: 'تنظیمات' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByText('هجری خورشیدی (جلالی)').click();
    await page.getByText('فارسی (۱۲۳)').click();
    await shot(page, 'fa-settings');

    // A person, with the phone typed in Persian digits.
    await go(page, '/customers/new');
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByText('نام الزامی است.').waitFor();
    await page.getByRole('button', { name: 'افزودن تلفن' }).click();
    await page.getByRole('textbox', { name: 'تلفن ۱', exact: true }).fill('۱۲۳');
    await page.getByRole('textbox', { name: /^نام/ }).fill('علی رضایی');
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByText('تلفن ۱ شمارهٔ تلفن معتبری نیست: «۱۲۳».').waitFor();
    await shot(page, 'fa-form-errors');
    await page.getByRole('textbox', { name: 'تلفن ۱', exact: true }).fill('۰۹۱۲۳۴۵۶۷۸۹');
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('heading', { name: 'علی رضایی' }).waitFor();
    await page.getByText('۰۹۱۲ ۳۴۵ ۶۷۸۹').first().waitFor();

    // An edit, so History has something to show.
    await page.getByRole('link', { name: 'ویرایش' }).click();
    await page.getByRole('textbox', { name: 'شهر' }).fill('کرج');
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('heading', { name: 'علی رضایی' }).waitFor();
    await page.getByTestId('history').getByText('کرج', { exact: false }).waitFor();

    // Search typed with Arabic yeh and hamza finds the Persian spelling.
    await go(page, '/customers');
    await page.getByRole('searchbox').fill('علي رضائي');
    await page.getByTestId('customer-total').filter({ hasText: '۱ مشتری' }).waitFor();
    await page.getByRole('grid').getByRole('link', { name: 'علی رضایی' }).waitFor();
    await shot(page, 'fa-customers-search');
    await page.getByRole('searchbox').fill('');
    await page.getByTestId('customer-total').filter({ hasText: '۳ مشتری' }).waitFor();
    await shot(page, 'fa-customers');
    await page.getByTestId('date-filter').click();
    await page.locator('.rdp-root').waitFor();
    expect(await page.locator('.rdp-root').getAttribute('dir')).toBe('rtl');
    await shot(page, 'fa-date-picker-jalali');
    await page.keyboard.press('Escape');

    // Delete (to Trash) and restore.
    await page.getByRole('grid').getByRole('link', { name: 'علی رضایی' }).click();
    await page.getByRole('button', { name: 'حذف' }).click();
    await page.getByRole('button', { name: 'انتقال به سطل بازیافت' }).click();
    await page.getByTestId('customer-total').filter({ hasText: '۲ مشتری' }).waitFor();
    await go(page, '/trash');
    await page.getByRole('button', { name: 'بازگردانی علی رضایی' }).waitFor();
    await shot(page, 'fa-trash');
    await page.getByRole('button', { name: 'بازگردانی علی رضایی' }).click();
    await page.getByText('سطل بازیافت خالی است').waitFor();
    await shot(page, 'fa-trash-empty');

    // History shows the edit, the deletion and the restore.
    await go(page, '/customers');
    await page.getByRole('grid').getByRole('link', { name: 'علی رضایی' }).click();
    const history = page.getByTestId('history');
    await history.getByText('بازگردانده شد').waitFor();
    await history.getByText('به سطل بازیافت رفت').waitFor();
    await history.getByText('تغییر کرد').waitFor();
    expect(await history.textContent()).toContain('کرج');
    await shot(page, 'fa-customer-detail');

    // Dark theme.
    await go(page, '/settings');
    await page.getByText('تیره', { exact: true }).click();
    await go(page, '/customers');
    await page.getByRole('grid').waitFor();
    await shot(page, 'fa-dark-customers');
    await page.getByRole('grid').getByRole('link', { name: 'Acme Trading' }).click();
    await page.getByTestId('history').waitFor();
    await shot(page, 'fa-dark-organization-detail');

    expect(errors).toEqual([]);
    await page.close();
  });
});
