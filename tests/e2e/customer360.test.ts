/**
 * End to end, Customer 360: the built renderer in Debian's Chromium against the browser-mode host
 * with a fresh data folder. Search by the last digits of a phone, log a call in two keystrokes,
 * see it on the timeline and in Today, a near-duplicate warning, and a merge — in English and
 * Persian; screenshots (1280×800) are kept under artifacts/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
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

/** Calls the contract from inside the page (same token, same host) to set up data quickly. */
async function rpc<T>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([m, i]) => {
      const token = sessionStorage.getItem('pishkhan.token') ?? '';
      const response = await fetch('/rpc', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ method: m, input: i }),
      });
      const result = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
      if (!result.ok) throw new Error(`${String(m)}: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    [method, input] as const,
  ) as Promise<T>;
}

interface Created {
  id: string;
}

/** Ctrl+K; headless Chromium may keep the shortcut from the page, so the header button is the fallback. */
async function openSearch(page: Page): Promise<void> {
  await page.locator('body').click({ position: { x: 600, y: 400 } });
  await page.keyboard.press('Control+k');
  const box = page.getByRole('combobox', { name: /Search everything|جستجو در همه‌چیز/ });
  try {
    await box.waitFor({ timeout: 1500 });
  } catch {
    await page.getByTestId('search-button').click();
    await box.waitFor();
  }
}

const hourFromNow = () => new Date(Date.now() + 3_600_000).toISOString();
const minuteAgo = () => new Date(Date.now() - 60_000).toISOString();

describe('customer 360 in Chromium', () => {
  it('search by phone digits, log a call, see it on the timeline and in Today, warn about and merge duplicates — English and Persian', async () => {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await rpc(page, 'preferences.update', { language: 'en', calendar: 'gregorian', digits: 'latin', theme: 'light' });
    await page.reload();

    // ---------- English ----------
    const sara = await rpc<Created>(page, 'customers.create', {
      kind: 'person',
      name: 'Sara Karimi',
      city: 'Shiraz',
      phones: [{ number: '0912 123 4567', label: 'mobile' }],
    });
    await rpc<Created>(page, 'customers.create', {
      kind: 'organization',
      name: 'Acme Trading',
      phones: [{ number: '021 8888 1234', label: 'work' }],
    });
    await go(page, '/agenda');
    await page.getByText('Nothing planned for today.').waitFor();
    await shot(page, 'en-agenda-empty');
    await go(page, '/duplicates');
    await page.getByText('No duplicates found').waitFor();
    await shot(page, 'en-duplicates-empty');
    await page.getByRole('button', { name: 'Reminders' }).click();
    await page.getByText('No reminders are due.').waitFor();
    await shot(page, 'en-reminders-empty');
    await page.keyboard.press('Escape');

    // Search: the last 4 digits of a phone; Enter opens the customer.
    await go(page, '/customers');
    await page.getByRole('grid').waitFor();
    await openSearch(page);
    await page.keyboard.type('4567');
    await page.getByRole('option', { name: /Sara Karimi/ }).waitFor();
    await shot(page, 'en-search');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sara Karimi' }).waitFor();
    await page.getByTestId('timeline').waitFor();
    await shot(page, 'en-customer-360-before');

    // Log the call: L, then Enter.
    await page.keyboard.press('l');
    const subject = page.getByRole('dialog').getByRole('textbox', { name: /^Subject/ });
    await subject.waitFor();
    expect(await subject.inputValue()).toBe('Call with Sara Karimi');
    await shot(page, 'en-log-call');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('timeline').getByText('Call with Sara Karimi').waitFor();
    await page
      .getByTestId('summary')
      .getByText(/^Call, /)
      .waitFor();

    // A planned task with a reminder already due, and a note.
    await rpc(page, 'activities.create', {
      type: 'task',
      subject: 'Send the price list',
      customerId: sara.id,
      dueAt: hourFromNow(),
      remindAt: minuteAgo(),
    });
    await rpc(page, 'notes.create', { recordType: 'customer', recordId: sara.id, body: 'Prefers calls after 10am.' });
    await page.reload();
    await page.getByTestId('timeline').getByText('Send the price list').waitFor();
    await page.getByTestId('timeline').getByText('Prefers calls after 10am.').waitFor();
    await shot(page, 'en-customer-360');

    // The reminder bell.
    await page.getByRole('button', { name: '1 reminders due' }).click();
    await page.getByTestId('reminder').getByText('Send the price list').waitFor();
    await shot(page, 'en-reminders');
    await page.keyboard.press('Escape');
    await page.getByTestId('reminder').waitFor({ state: 'detached' });

    // The call is in Today.
    await go(page, '/agenda');
    await page.getByTestId('agenda-today').getByText('Call with Sara Karimi').waitFor();
    await shot(page, 'en-agenda');
    await page.locator('label', { hasText: /^Week$/ }).click();
    await shot(page, 'en-agenda-week');

    // A near-duplicate: the warning appears before saving; saving is still allowed.
    await go(page, '/customers/new');
    await page.getByRole('textbox', { name: /^Name/ }).fill('Sara Karimy');
    await page.getByRole('button', { name: 'Add phone' }).click();
    await page.getByRole('textbox', { name: 'Phone 1', exact: true }).fill('09121234567');
    await page.getByTestId('duplicate-warning').getByRole('link', { name: 'Sara Karimi' }).waitFor();
    await page.getByTestId('duplicate-warning').getByText('Same phone').waitFor();
    await shot(page, 'en-duplicate-warning');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Sara Karimy' }).waitFor();
    const karimy = page.url().split('/customers/')[1] ?? '';
    await rpc(page, 'activities.create', {
      type: 'email',
      subject: 'Quote sent by email',
      customerId: karimy,
      status: 'done',
      dueAt: new Date().toISOString(),
    });

    // Find duplicates → Merge: the older record survives with both sets of activities.
    await go(page, '/duplicates');
    await page.getByTestId('duplicate-pair').first().waitFor();
    await shot(page, 'en-duplicates');
    await page.getByRole('button', { name: /Merge Sara Karim/ }).click();
    await page.getByRole('dialog').getByText('Stays', { exact: true }).waitFor();
    await shot(page, 'en-merge');
    await page.getByRole('dialog').getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByRole('heading', { name: 'Sara Karimi' }).waitFor();
    expect(page.url()).toContain(sara.id);
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('Call with Sara Karimi').waitFor();
    await timeline.getByText('Quote sent by email').waitFor();
    await page.getByTestId('history').getByText('Merged').first().waitFor();
    await shot(page, 'en-merged');

    // ---------- Persian, Jalali, Persian digits ----------
    await rpc(page, 'preferences.update', { language: 'fa', calendar: 'jalali', digits: 'persian' });
    const reza = await rpc<Created>(page, 'customers.create', {
      kind: 'person',
      name: 'رضا احمدی',
      city: 'تبریز',
      phones: [{ number: '0935 555 0101', label: 'mobile' }],
    });
    await page.reload();
    await go(page, '/customers');
    await page.getByRole('grid').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await openSearch(page);
    await page.keyboard.type('۰۱۰۱');
    await page.getByRole('option', { name: /رضا احمدی/ }).waitFor();
    await shot(page, 'fa-search');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'رضا احمدی' }).waitFor();
    await page.getByTestId('timeline').waitFor();
    await shot(page, 'fa-customer-360-before');
    await page.keyboard.press('l');
    const faSubject = page.getByRole('dialog').getByRole('textbox', { name: /^موضوع/ });
    await faSubject.waitFor();
    expect(await faSubject.inputValue()).toBe('تماس با رضا احمدی');
    await shot(page, 'fa-log-call');
    await page.getByTestId('activity-date').click();
    await page.locator('.rdp-root').waitFor();
    expect(await page.locator('.rdp-root').getAttribute('dir')).toBe('rtl');
    await shot(page, 'fa-activity-date-picker');
    await page.getByTestId('activity-date').click();
    await page.locator('.rdp-root').waitFor({ state: 'detached' });
    await faSubject.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('timeline').getByText('تماس با رضا احمدی').waitFor();
    await rpc(page, 'activities.create', {
      type: 'meeting',
      subject: 'بازدید از فروشگاه',
      customerId: reza.id,
      dueAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    await page.reload();
    await page.getByTestId('timeline').getByText('بازدید از فروشگاه').waitFor();
    await shot(page, 'fa-customer-360');

    await go(page, '/agenda');
    await page.getByTestId('agenda-today').getByText('تماس با رضا احمدی').waitFor();
    await page.getByTestId('agenda-overdue').getByText('بازدید از فروشگاه').waitFor();
    await shot(page, 'fa-agenda');

    // A near-duplicate typed with Arabic yeh.
    await go(page, '/customers/new');
    await page.getByRole('textbox', { name: /^نام/ }).fill('رضا احمدي');
    await page.getByTestId('duplicate-warning').getByRole('link', { name: 'رضا احمدی' }).waitFor();
    await shot(page, 'fa-duplicate-warning');
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('heading', { name: 'رضا احمدي' }).waitFor();
    const second = page.url().split('/customers/')[1] ?? '';
    await rpc(page, 'activities.create', {
      type: 'letter',
      subject: 'نامهٔ پیشنهاد قیمت',
      customerId: second,
      status: 'done',
      dueAt: new Date().toISOString(),
    });

    await go(page, '/duplicates');
    await page
      .getByRole('button', { name: /ادغام رضا/ })
      .first()
      .waitFor();
    await shot(page, 'fa-duplicates');
    await page
      .getByRole('button', { name: /ادغام رضا/ })
      .first()
      .click();
    await page.getByRole('dialog').getByText('می‌ماند', { exact: true }).waitFor();
    await shot(page, 'fa-merge');
    await page.getByRole('dialog').getByRole('button', { name: 'ادغام', exact: true }).click();
    await page.getByRole('heading', { name: 'رضا احمدی' }).waitFor();
    expect(page.url()).toContain(reza.id);
    await page.getByTestId('timeline').getByText('تماس با رضا احمدی').waitFor();
    await page.getByTestId('timeline').getByText('نامهٔ پیشنهاد قیمت').waitFor();
    await shot(page, 'fa-merged');

    // Dark theme.
    await rpc(page, 'preferences.update', { theme: 'dark' });
    await page.reload();
    await page.getByTestId('timeline').waitFor();
    await shot(page, 'fa-dark-customer-360');
    await go(page, '/agenda');
    await page.getByTestId('agenda-today').waitFor();
    await shot(page, 'fa-dark-agenda');
    await openSearch(page);
    await page.keyboard.type('رضا');
    await page.getByRole('option').first().waitFor();
    await shot(page, 'fa-dark-search');
    await page.keyboard.press('Escape');
    await rpc(page, 'preferences.update', { language: 'en', calendar: 'gregorian', digits: 'latin' });
    await page.reload();
    await page.getByTestId('agenda-today').waitFor();
    await shot(page, 'en-dark-agenda');
    await go(page, `/customers/${sara.id}`);
    await page.getByTestId('timeline').waitFor();
    await shot(page, 'en-dark-customer-360');

    expect(errors).toEqual([]);
    await page.close();
  });
});
