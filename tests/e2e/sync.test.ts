/**
 * End to end: two browser-mode hosts (two devices, each with its own data folder) and one temp
 * sync folder, each driven in its own Chromium. Both set up sync through the Sync page (the second
 * first hits the taken invoice prefix), a customer created in one appears in the other after "Sync
 * now", a file still being copied in shows as a problem with its name, an unplugged folder as a
 * failed round, and a delete on one device against an edit on the other lands in the conflict
 * inbox, where it is restored. The business profile, edited on both while apart, keeps both
 * computers' fields. In English and in Persian (Jalali dates, Persian digits).
 * Screenshots (1280×800) go to artifacts/screenshots/sync-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Customer, CustomerListResult } from '../../shared/customers/customer.schema';
import type { SyncConflict, SyncStatus } from '../../shared/sync/sync.schema';
import { go, shot, startE2e, type E2eSession } from './harness';

type Language = 'en' | 'fa';

const TEXT = {
  en: {
    shop: 'Shop',
    laptop: 'Laptop',
    customer: 'Sara Karimi',
    edited: 'Sara Karimi (wholesale)',
    name: /^Name/,
    city: 'City',
    cityValue: 'Tabriz',
    save: 'Save',
    off: 'Sync off',
    prefixTaken: 'is already used by the device “Shop”',
    oneWaiting: '1 change waiting',
    synced: 'Synced just now',
    problem: 'Sync problem',
    finished: 'Sync finished',
    incomplete: 'has not arrived whole yet',
    missing: 'does not exist',
    retired: 'retired',
    conflictCount: 'Records edited on one device after being deleted on another: 1.',
    deletedOn: 'Deleted on Shop',
    editedOn: 'Edited on Laptop',
    fields: 'Edited: Name, City',
    noConflicts: 'No conflicts',
    twins: ['Reza Karimi', 'Reza Karimy'],
    merged: 'so it cannot be restored',
    address: 'Valiasr St., Tehran',
    footer: 'Thank you for your purchase',
    profileSaved: 'The business profile was saved.',
  },
  fa: {
    shop: 'فروشگاه',
    laptop: 'لپ‌تاپ',
    customer: 'سارا کریمی',
    edited: 'سارا کریمی (عمده)',
    name: /^نام/,
    city: 'شهر',
    cityValue: 'تبریز',
    save: 'ذخیره',
    off: 'همگام‌سازی خاموش',
    prefixTaken: 'را دستگاه «فروشگاه» به کار می‌برد',
    oneWaiting: '۱ تغییر در انتظار',
    synced: 'همگام‌شده همین حالا',
    problem: 'مشکل همگام‌سازی',
    finished: 'همگام‌سازی انجام شد',
    incomplete: 'هنوز کامل نرسیده است',
    missing: 'وجود ندارد',
    retired: 'بازنشسته',
    conflictCount: 'رکوردهایی که روی یک دستگاه حذف و روی دستگاه دیگری ویرایش شده‌اند: ۱.',
    deletedOn: 'حذف‌شده روی فروشگاه',
    editedOn: 'ویرایش‌شده روی لپ‌تاپ',
    fields: 'ویرایش‌شده‌ها: نام، شهر',
    noConflicts: 'تعارضی نیست',
    twins: ['رضا کریمی', 'رضا کریمي'],
    merged: 'بازگرداندنی نیست',
    address: 'تهران، خیابان ولیعصر',
    footer: 'با سپاس از خرید شما',
    profileSaved: 'مشخصات کسب‌وکار ذخیره شد.',
  },
} as const;

let sessions: E2eSession[] = [];
let folders: string[] = [];

afterEach(async () => {
  // Hosts first: each runs a last round on close, while the folder is still there.
  for (const session of sessions) await session.close();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  sessions = [];
  folders = [];
});

interface Device {
  session: E2eSession;
  page: Page;
  errors: string[];
}

async function openDevice(language: Language, prefix: string): Promise<Device> {
  const session = await startE2e(prefix);
  sessions.push(session);
  await session.rpc('preferences.update', {
    language,
    theme: 'light',
    calendar: language === 'fa' ? 'jalali' : 'gregorian',
    digits: language === 'fa' ? 'persian' : 'latin',
  });
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(session.url);
  await page.locator(`html[lang="${language}"]`).waitFor();
  await go(page, '/sync');
  await page.getByTestId('sync-page').waitFor();
  return { session, page, errors };
}

async function setUp(page: Page, folder: string, deviceName: string, seriesPrefix?: string): Promise<void> {
  // The prefix field is filled from billing once the page has asked; wait so a click never races it.
  await expect.poll(() => page.getByTestId('sync-series-prefix').inputValue()).not.toBe('');
  await page.getByTestId('sync-folder').fill(folder);
  await page.getByTestId('sync-device-name').fill(deviceName);
  if (seriesPrefix) await page.getByTestId('sync-series-prefix').fill(seriesPrefix);
  await page.getByTestId('sync-setup-run').click();
}

async function syncNow(page: Page, expected: string): Promise<void> {
  await go(page, '/sync');
  await page.getByTestId('sync-now').click();
  await page.getByTestId('sync-now-result').or(page.getByTestId('sync-now-error')).getByText(expected).waitFor();
}

async function run(language: Language): Promise<void> {
  const text = TEXT[language];
  const name = (step: string) => `sync-${language}-${step}`;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pishkhan-e2e-sync-folder-'));
  folders.push(folder);
  const shop = await openDevice(language, 'pishkhan-e2e-sync-shop-');
  const laptop = await openDevice(language, 'pishkhan-e2e-sync-laptop-');

  // Not set up: the header says so quietly, the page offers the form with the current prefix.
  await shop.page.getByTestId('sync-indicator').getByText(text.off).waitFor();
  await expect.poll(() => shop.page.getByTestId('sync-series-prefix').inputValue()).toBe('A-{year}-');
  await shot(shop.page, name('setup'));
  await setUp(shop.page, folder, text.shop);
  await shop.page.getByTestId('sync-this-device').waitFor();
  await shop.page.getByTestId('sync-indicator').getByText(text.synced).waitFor();
  await shot(shop.page, name('shop-status'));

  // The laptop keeps the prefix every install starts with: taken by the shop, said under the field.
  await setUp(laptop.page, folder, text.laptop);
  await laptop.page.getByText(text.prefixTaken, { exact: false }).waitFor();
  await shot(laptop.page, name('laptop-prefix-taken'));
  await laptop.page.getByTestId('sync-series-prefix').fill('B-{year}-');
  await laptop.page.getByTestId('sync-setup-run').click();
  await expect.poll(() => laptop.page.getByTestId('sync-device-row').count()).toBe(2);

  // A customer made in the shop's window waits, then travels with "Sync now".
  await go(shop.page, '/customers/new');
  await shop.page.getByRole('textbox', { name: text.name }).fill(text.customer);
  await shop.page.getByRole('button', { name: text.save }).click();
  await shop.page.getByRole('heading', { name: text.customer }).waitFor();
  await shop.page.getByTestId('sync-indicator').getByText(text.oneWaiting).waitFor();
  await shot(shop.page, name('shop-waiting'));
  await syncNow(shop.page, text.finished);
  await shot(shop.page, name('shop-synced'));
  await syncNow(laptop.page, text.finished);
  await go(laptop.page, '/customers');
  await laptop.page.getByRole('link', { name: text.customer }).waitFor();
  await shot(laptop.page, name('laptop-customers'));

  // The laptop's edit form is open while the shop adds a phone and a sync round brings it in (as
  // the automatic one every few minutes would). Saving the form writes only the city it changed:
  // the shop's phone stays, here and, after the next rounds, in the shop too.
  const saraId =
    (await shop.session.rpc<CustomerListResult>('customers.list', {})).rows.find((r) => r.name === text.customer)?.id ??
    '';
  await go(laptop.page, `/customers/${saraId}/edit`);
  const city = laptop.page.getByRole('textbox', { name: text.city, exact: true });
  await city.waitFor();
  await shop.session.rpc('customers.update', {
    id: saraId,
    kind: 'person',
    name: text.customer,
    phones: [{ number: '09121234567', label: 'mobile' }],
  });
  await shop.session.rpc('sync.now', {});
  await laptop.session.rpc('sync.now', {});
  await city.fill(text.cityValue);
  await laptop.page.getByRole('button', { name: text.save }).click();
  await laptop.page.getByRole('heading', { name: text.customer }).waitFor();
  const kept = { city: text.cityValue, phones: [{ number: '+989121234567', label: 'mobile' }] };
  const onLaptop = await laptop.session.rpc<{ customer: Customer }>('customers.get', { id: saraId });
  expect(onLaptop.customer).toMatchObject(kept);
  await shot(laptop.page, name('laptop-edit-kept-phone'));
  await syncNow(laptop.page, text.finished);
  await syncNow(shop.page, text.finished);
  expect((await shop.session.rpc<{ customer: Customer }>('customers.get', { id: saraId })).customer).toMatchObject(
    kept,
  );

  // The business profile while apart: the shop types its address, the laptop (its page loaded
  // before) its invoice footer. Each field syncs on its own, so both computers end with both.
  await go(shop.page, '/settings/business');
  await go(laptop.page, '/settings/business');
  await shop.page.getByTestId('profile-address').fill(text.address);
  await shop.page.getByTestId('save-profile').click();
  await shop.page.getByText(text.profileSaved).waitFor();
  await laptop.page.getByTestId('profile-footer').fill(text.footer);
  await laptop.page.getByTestId('save-profile').click();
  await laptop.page.getByText(text.profileSaved).waitFor();
  await syncNow(shop.page, text.finished);
  await syncNow(laptop.page, text.finished);
  await syncNow(shop.page, text.finished);
  for (const device of [shop, laptop]) {
    await go(device.page, '/settings/business');
    await expect.poll(() => device.page.getByTestId('profile-address').inputValue()).toBe(text.address);
    await expect.poll(() => device.page.getByTestId('profile-footer').inputValue()).toBe(text.footer);
  }
  await shot(laptop.page, name('laptop-profile-both-fields'));

  // A file another device is still copying in: a problem naming the file, nothing else stops.
  const ghost = 'f00dfeedf00dfeed';
  fs.mkdirSync(path.join(folder, 'Pishkhan-Sync/log', ghost), { recursive: true });
  const partial = path.join(folder, 'Pishkhan-Sync/log', ghost, '1-3.0badc0de.ndjson');
  fs.writeFileSync(partial, '{"pishkhan":"changes"');
  await syncNow(laptop.page, text.finished);
  await laptop.page.getByTestId('sync-problem').getByText(text.incomplete, { exact: false }).waitFor();
  await expect
    .poll(() => laptop.page.getByTestId('sync-problem-file').textContent())
    .toBe(`log/${ghost}/1-3.0badc0de.ndjson`);
  await laptop.page.getByTestId('sync-indicator').getByText(text.problem).waitFor();
  await shot(laptop.page, name('laptop-problem'));
  fs.rmSync(path.join(folder, 'Pishkhan-Sync/log', ghost), { recursive: true });

  // The device that never came back is retired, after a question.
  const ghostRow = laptop.page.getByTestId('sync-device-row').filter({ hasText: ghost });
  await ghostRow.getByRole('button').click();
  await laptop.page.getByTestId('sync-retire-confirm').waitFor();
  await shot(laptop.page, name('laptop-retire-confirm'));
  await laptop.page.getByTestId('sync-retire-confirm').click();
  await ghostRow.getByTestId('sync-device-retired').getByText(text.retired).waitFor();

  // The shared folder unplugged: the round fails with a translated notice naming the folder.
  const unplugged = `${folder}-unplugged`;
  fs.renameSync(folder, unplugged);
  await syncNow(laptop.page, text.missing);
  await laptop.page.getByTestId('sync-indicator').getByText(text.problem).waitFor();
  await shot(laptop.page, name('laptop-unplugged'));
  // Later (or after an automatic round) the failure stays in sight at the top of the page.
  await laptop.page.reload();
  await laptop.page.getByTestId('sync-last-error').getByText(text.missing, { exact: false }).waitFor();
  await laptop.page.getByTestId('sync-problems-unchecked').waitFor();
  await shot(laptop.page, name('laptop-unplugged-later'));
  fs.renameSync(unplugged, folder);
  await syncNow(laptop.page, text.finished);
  await laptop.page.getByTestId('sync-problems-none').waitFor();
  await expect.poll(() => laptop.page.getByTestId('sync-last-error').count()).toBe(0);
  await laptop.page.getByTestId('sync-indicator').getByText(text.synced).waitFor();
  await shot(laptop.page, name('laptop-status'));

  // Deleted in the shop, edited on the laptop before either synced: a conflict on both.
  const sara = (await shop.session.rpc<CustomerListResult>('customers.list', {})).rows.find(
    (row) => row.name === text.customer,
  );
  if (!sara) throw new Error('the customer made in the window is missing');
  await shop.session.rpc('customers.delete', { id: sara.id });
  await laptop.session.rpc('customers.update', {
    id: sara.id,
    kind: 'person',
    name: text.edited,
    city: 'Shiraz',
    changed: ['name', 'city'],
  });
  await syncNow(shop.page, text.finished);
  await syncNow(laptop.page, text.finished);
  await syncNow(shop.page, text.finished);
  await laptop.page.getByTestId('sync-conflicts-alert').getByText(text.conflictCount).waitFor();
  await laptop.page
    .getByTestId('sync-conflict-badge')
    .getByText(language === 'fa' ? '۱' : '1')
    .waitFor();
  await shot(laptop.page, name('laptop-conflict-alert'));
  await laptop.page.getByTestId('sync-tab-conflicts').click();
  const card = laptop.page.getByTestId('sync-conflict');
  await card.getByText(text.deletedOn, { exact: false }).waitFor();
  await card.getByText(text.editedOn, { exact: false }).waitFor();
  await card.getByText(text.fields).waitFor();
  await shot(laptop.page, name('laptop-conflicts'));
  expect(await shop.session.rpc<SyncConflict[]>('sync.conflicts', {})).toHaveLength(1);

  await card.getByTestId('sync-conflict-restore').click();
  await laptop.page.getByTestId('sync-conflicts-empty').getByText(text.noConflicts).waitFor();
  await shot(laptop.page, name('laptop-conflicts-empty'));

  // The decision reaches the shop: the record is back there with the laptop's edits.
  await syncNow(laptop.page, text.finished);
  await syncNow(shop.page, text.finished);
  await go(shop.page, '/sync/conflicts');
  await shop.page.getByTestId('sync-conflicts-empty').waitFor();
  const back = await shop.session.rpc<{ customer: { name: string; deletedAt: string | null } }>('customers.get', {
    id: sara.id,
  });
  expect(back.customer).toMatchObject({ name: text.edited, deletedAt: null });
  const status = await shop.session.rpc<SyncStatus>('sync.status', {});
  expect(status.openConflicts).toBe(0);
  expect(status.devices.map((d) => d.name).sort()).toEqual([text.laptop, text.shop].sort());

  // Merged away in the shop, edited on the laptop: the card offers the survivor, not Restore.
  const twins = [];
  for (const twinName of text.twins) {
    twins.push(await shop.session.rpc<{ id: string }>('customers.create', { kind: 'person', name: twinName }));
  }
  await syncNow(shop.page, text.finished);
  await syncNow(laptop.page, text.finished);
  const merge = await shop.session.rpc<{ mergedId: string; survivor: { id: string; name: string } }>(
    'customers.merge',
    { ids: twins.map((twin) => twin.id) },
  );
  const away = text.twins[twins.findIndex((twin) => twin.id === merge.mergedId)] ?? '';
  await laptop.session.rpc('customers.update', { id: merge.mergedId, kind: 'person', name: away, city: 'Yazd' });
  await syncNow(shop.page, text.finished);
  await syncNow(laptop.page, text.finished);
  await go(laptop.page, '/sync/conflicts');
  const mergedCard = laptop.page.getByTestId('sync-conflict');
  await mergedCard.getByTestId('sync-conflict-merged').getByText(text.merged, { exact: false }).waitFor();
  expect(await mergedCard.getByTestId('sync-conflict-restore').count()).toBe(0);
  await shot(laptop.page, name('laptop-conflict-merged'));
  await mergedCard.getByTestId('sync-conflict-open-survivor').click();
  await laptop.page.waitForURL(`**/customers/${merge.survivor.id}`);
  await go(laptop.page, '/sync/conflicts');
  await laptop.page.getByTestId('sync-conflict-delete').click();
  await laptop.page.getByTestId('sync-conflicts-empty').waitFor();

  expect(shop.errors).toEqual([]);
  expect(laptop.errors).toEqual([]);
}

/** Each device issued an invoice alone, in the default series, before the two synced. */
async function numbersIssuedTwice(language: Language): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pishkhan-e2e-sync-folder-'));
  folders.push(folder);
  const shop = await openDevice(language, 'pishkhan-e2e-sync-shop-');
  const laptop = await openDevice(language, 'pishkhan-e2e-sync-laptop-');
  const numbers: (string | null)[] = [];
  for (const [device, customer] of [
    [shop, TEXT[language].customer],
    [laptop, TEXT[language].twins[0]],
  ] as const) {
    const { id: customerId } = await device.session.rpc<{ id: string }>('customers.create', {
      kind: 'person',
      name: customer,
    });
    const draft = await device.session.rpc<{ id: string }>('invoices.create', {
      customerId,
      currency: 'IRR',
      lines: [
        {
          description: 'Service',
          quantityMilli: 1000,
          unitPriceMinor: 10_000,
          discount: { kind: 'percent', basisPoints: 0 },
        },
      ],
      discount: { kind: 'percent', basisPoints: 0 },
    });
    numbers.push((await device.session.rpc<{ number: string | null }>('invoices.issue', { id: draft.id })).number);
  }
  expect(numbers[0]).toBe(numbers[1]);
  await shop.session.rpc('sync.setup', { folder, deviceName: TEXT[language].shop, seriesPrefix: 'A-{year}-' });
  await laptop.session.rpc('sync.setup', { folder, deviceName: TEXT[language].laptop, seriesPrefix: 'B-{year}-' });
  await shop.session.rpc('sync.now', {});
  await go(laptop.page, '/sync');
  const alert = laptop.page.getByTestId('sync-numbers-twice');
  await alert.getByText(language === 'fa' ? 'تغییر نمی‌کند' : 'cannot be changed', { exact: false }).waitFor();
  await shot(laptop.page, `sync-${language}-numbers-twice`);
  expect(laptop.errors).toEqual([]);
}

describe('sync between two browser-mode devices', () => {
  it('sets up, syncs a customer, shows problems and resolves a conflict, in English', async () => {
    await run('en');
  });

  it('does the same in Persian, right to left, with Jalali dates and Persian digits', async () => {
    await run('fa');
  });

  it('says which invoice numbers two devices issued alike before joining, in English and Persian', async () => {
    await numbersIssuedTwice('en');
    await numbersIssuedTwice('fa');
  });
});
