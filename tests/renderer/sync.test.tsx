/**
 * Sync in the window against two real cores and one temp folder: the window's core and a second
 * device ("Shop") driven through its contract. Setup errors come back translated under their
 * fields; "Sync now" reports what came in; the conflict inbox restores a record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/customers/customer.schema';
import type { SyncStatus } from '../../shared/sync/sync.schema';
import { openTestApp, tempDir, type TestApp } from '../helpers/temp-app';
import { renderApp, startCore, type Harness } from './harness';

let h: Harness;
let shop: TestApp;
let folder: string;

beforeEach(() => {
  folder = tempDir('pishkhan-sync-ui-');
  shop = openTestApp();
});
afterEach(() => {
  h.close();
  shop.dispose();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** The other device sets up first, with the default invoice prefix every new install has. */
function shopJoins(): void {
  shop.call('sync.setup', { folder, deviceName: 'Shop', seriesPrefix: 'A-{year}-' });
}

async function fillSetup(values: { folder?: string; deviceName?: string; seriesPrefix?: string }) {
  const user = userEvent.setup();
  await screen.findByTestId('sync-setup');
  // The prefix field starts with this device's current prefix (from billing).
  await waitFor(() => expect(screen.getByTestId('sync-series-prefix')).toHaveValue('A-{year}-'));
  for (const [field, testId] of [
    ['folder', 'sync-folder'],
    ['deviceName', 'sync-device-name'],
    ['seriesPrefix', 'sync-series-prefix'],
  ] as const) {
    const value = values[field];
    if (value === undefined) continue;
    await user.clear(screen.getByTestId(testId));
    // user-event reads { and [ as key names; doubled they are typed as themselves.
    if (value) await user.type(screen.getByTestId(testId), value.replaceAll('{', '{{').replaceAll('[', '[['));
  }
  return user;
}

describe('sync setup (English)', () => {
  beforeEach(() => {
    h = startCore('en-US');
  });

  it('says sync is off in the header and shows translated field errors, then sets up', async () => {
    shopJoins();
    renderApp('/sync');
    expect(await screen.findByTestId('sync-indicator')).toHaveTextContent('Sync off');

    // A folder that does not exist, and a name the shop already uses (any case).
    const missing = path.join(folder, 'unplugged');
    let user = await fillSetup({ folder: missing, deviceName: 'shop' });
    await user.click(screen.getByTestId('sync-setup-run'));
    // The path is isolated (U+2068 … U+2069) so it keeps its direction inside Persian text too.
    const folderError = await screen.findByText('does not exist (is the drive', { exact: false });
    expect(folderError).toHaveTextContent(`The folder “\u2068${missing}\u2069” does not exist`);

    user = await fillSetup({ folder, deviceName: 'shop' });
    await user.click(screen.getByTestId('sync-setup-run'));
    expect(
      await screen.findByText('Device name: another device in this sync folder is already called “\u2068shop\u2069”.'),
    ).toBeInTheDocument();

    // The prefix every install starts with is the shop's already.
    user = await fillSetup({ deviceName: 'Laptop' });
    await user.click(screen.getByTestId('sync-setup-run'));
    expect(
      await screen.findByText(
        'Invoice number prefix: the invoice series “\u2068A-\u2060{year}-\u2069” is already used by the device “Shop”.',
        { exact: false },
      ),
    ).toBeInTheDocument();
    expect(h.call<SyncStatus>('sync.status', {}).configured).toBe(false);

    user = await fillSetup({ seriesPrefix: 'B-{year}-' });
    await user.click(screen.getByTestId('sync-setup-run'));
    const card = await screen.findByTestId('sync-this-device');
    expect(within(card).getByTestId('sync-status-name')).toHaveTextContent('Laptop');
    expect(within(card).getByTestId('sync-status-folder')).toHaveTextContent(folder);
    const rows = screen.getAllByTestId('sync-device-row');
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual(['Laptopthis computer', 'Shop']);
    expect(screen.getByTestId('sync-problems-none')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveTextContent('Synced just now'));
  });

  it('Sync now brings the other device’s customer and says what came in', async () => {
    shopJoins();
    h.call('sync.setup', { folder, deviceName: 'Laptop', seriesPrefix: 'B-{year}-' });
    const sara = shop.call('customers.create', { kind: 'person', name: 'Sara Karimi' });
    shop.call('sync.now', {});
    h.call('customers.create', { kind: 'person', name: 'Reza' });

    renderApp('/sync');
    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveTextContent('1 change waiting'));
    expect(await screen.findByTestId('sync-status-pending')).toHaveTextContent('1');
    await userEvent.setup().click(screen.getByTestId('sync-now'));
    const result = await screen.findByTestId('sync-now-result');
    expect(result).toHaveTextContent(/^Sync finished: 1 changes sent, [1-9]\d* received\.$/);
    expect(h.call<{ customer: Customer }>('customers.get', { id: sara.id }).customer.name).toBe('Sara Karimi');
    await waitFor(() => expect(screen.getByTestId('sync-status-pending')).toHaveTextContent('0'));
    expect(screen.getByTestId('sync-indicator')).toHaveTextContent('Synced just now');
  });

  it('Stop syncing asks first, then shows the setup form again', async () => {
    h.call('sync.setup', { folder, deviceName: 'Laptop', seriesPrefix: 'B-{year}-' });
    renderApp('/sync');
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('sync-leave'));
    await user.click(await screen.findByTestId('sync-leave-confirm'));
    await screen.findByTestId('sync-setup');
    expect(h.call<SyncStatus>('sync.status', {}).configured).toBe(false);
    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveTextContent('Sync off'));
  });
});

/** Sara is deleted on the shop's computer and renamed on this one before either syncs. */
function conflictOnSara(): Customer {
  shopJoins();
  h.call('sync.setup', { folder, deviceName: 'Laptop', seriesPrefix: 'B-{year}-' });
  const sara = shop.call('customers.create', { kind: 'person', name: 'Sara', city: 'Tehran' });
  shop.call('sync.now', {});
  h.call('sync.now', {});
  shop.call('customers.delete', { id: sara.id });
  h.call('customers.update', { id: sara.id, kind: 'person', name: 'Sara Karimi', city: 'Shiraz' });
  shop.call('sync.now', {});
  h.call('sync.now', {});
  return sara;
}

describe('conflict inbox', () => {
  it('lists who deleted and who edited which fields, and restores the record', async () => {
    h = startCore('en-US');
    const sara = conflictOnSara();
    renderApp('/sync');
    const badge = await screen.findByTestId('sync-conflicts-alert');
    expect(badge).toHaveTextContent('Records edited on one device after being deleted on another: 1.');
    const user = userEvent.setup();
    await user.click(within(badge).getByRole('link', { name: 'Open the conflict inbox' }));

    const card = await screen.findByTestId('sync-conflict');
    expect(within(card).getByTestId('sync-conflict-title')).toHaveTextContent('Sara Karimi');
    expect(card).toHaveTextContent('Customer');
    expect(card).toHaveTextContent(/Deleted on Shop, /);
    expect(card).toHaveTextContent(/Edited on Laptop, /);
    expect(within(card).getByTestId('sync-conflict-fields')).toHaveTextContent('Edited: Name, City');

    await user.click(within(card).getByRole('button', { name: 'Restore “Sara Karimi”' }));
    await screen.findByTestId('sync-conflicts-empty');
    expect(screen.getByText('No conflicts')).toBeInTheDocument();
    const restored = h.call<{ customer: Customer }>('customers.get', { id: sara.id }).customer;
    expect(restored.deletedAt).toBeNull();
    expect(restored.name).toBe('Sara Karimi');
  });

  it('reads in Persian: kinds, fields and dates translated, digits Persian', async () => {
    h = startCore('fa-IR');
    h.call('preferences.update', { language: 'fa', calendar: 'jalali', digits: 'persian' });
    conflictOnSara();
    renderApp('/sync/conflicts');
    const card = await screen.findByTestId('sync-conflict');
    expect(card).toHaveTextContent('مشتری');
    expect(card).toHaveTextContent(/حذف‌شده روی Shop، .*۱۴[۰-۹]{2}/);
    expect(within(card).getByTestId('sync-conflict-fields')).toHaveTextContent('ویرایش‌شده‌ها: نام، شهر');
    expect(screen.getByTestId('sync-tab-conflicts')).toHaveTextContent('۱');

    const user = userEvent.setup();
    await user.click(within(card).getByRole('button', { name: '«Sara Karimi» حذف‌شده بماند' }));
    await screen.findByTestId('sync-conflicts-empty');
    expect(screen.getByText('تعارضی نیست')).toBeInTheDocument();
  });

  it('offers the survivor instead of Restore for a customer merged away on the other device', async () => {
    h = startCore('en-US');
    shopJoins();
    h.call('sync.setup', { folder, deviceName: 'Laptop', seriesPrefix: 'B-{year}-' });
    const kept = shop.call('customers.create', { kind: 'person', name: 'Sara Ahmadi', city: 'Tehran' });
    const twin = shop.call('customers.create', { kind: 'person', name: 'Sara Ahmady', city: 'Tehran' });
    shop.call('sync.now', {});
    h.call('sync.now', {});
    const merged = shop.call('customers.merge', { ids: [kept.id, twin.id] });
    const away = merged.mergedId === twin.id ? twin : kept;
    h.call('customers.update', { id: away.id, kind: 'person', name: away.name, city: 'Shiraz' });
    shop.call('sync.now', {});
    h.call('sync.now', {});

    const { location } = renderApp('/sync/conflicts');
    const card = await screen.findByTestId('sync-conflict');
    const survivor = merged.survivor.name;
    expect(within(card).getByTestId('sync-conflict-merged')).toHaveTextContent(
      `It was merged into “${survivor}”, so it cannot be restored.`,
    );
    expect(within(card).queryByTestId('sync-conflict-restore')).toBeNull();
    const user = userEvent.setup();
    await user.click(within(card).getByRole('button', { name: `Open “${survivor}”` }));
    await screen.findByTestId('summary');
    expect(location.history.at(-1)).toBe(`/customers/${merged.survivor.id}`);
  });

  it('shows a taken series prefix in Persian under its field', async () => {
    h = startCore('fa-IR');
    h.call('preferences.update', { language: 'fa', calendar: 'jalali', digits: 'persian' });
    shopJoins();
    renderApp('/sync');
    expect(await screen.findByTestId('sync-indicator')).toHaveTextContent('همگام‌سازی خاموش');
    const user = await fillSetup({ folder, deviceName: 'لپ‌تاپ' });
    await user.click(screen.getByTestId('sync-setup-run'));
    expect(
      await screen.findByText(
        'پیشوند شمارهٔ فاکتور: سری فاکتور «\u2068A-\u2060{year}-\u2069» را دستگاه «Shop» به کار می‌برد.',
        {
          exact: false,
        },
      ),
    ).toBeInTheDocument();
  });
});

describe('invoice numbers issued twice', () => {
  /** Each computer issued invoices alone in the default series before the two synced. */
  function issuedBeforeJoining(): string {
    const invoice = (customerId: string) => ({
      customerId,
      currency: 'IRR' as const,
      lines: [
        {
          description: 'Service',
          quantityMilli: 1000,
          unitPriceMinor: 10_000,
          discount: { kind: 'percent' as const, basisPoints: 0 },
        },
      ],
      discount: { kind: 'percent' as const, basisPoints: 0 },
    });
    const sara = shop.call('customers.create', { kind: 'person', name: 'Sara' }).id;
    const onShop = shop.call('invoices.issue', { id: shop.call('invoices.create', invoice(sara)).id }).number;
    const reza = h.call<Customer>('customers.create', { kind: 'person', name: 'Reza' }).id;
    const draft = h.call<{ id: string }>('invoices.create', invoice(reza)).id;
    const onLaptop = h.call<{ number: string | null }>('invoices.issue', { id: draft }).number;
    expect(onLaptop).toBe(onShop);
    shopJoins();
    h.call('sync.setup', { folder, deviceName: 'Laptop', seriesPrefix: 'B-{year}-' });
    shop.call('sync.now', {});
    h.call('sync.now', {});
    return onShop ?? '';
  }

  it('lists them with what to do, in English', async () => {
    h = startCore('en-US');
    const number = issuedBeforeJoining();
    renderApp('/sync');
    const alert = await screen.findByTestId('sync-numbers-twice');
    expect(alert).toHaveTextContent('Invoice numbers issued twice: 1');
    expect(alert).toHaveTextContent(
      `Each of these numbers is on more than one invoice: \u2068${number.replaceAll('-', '-\u2060')}`,
    );
    expect(alert).toHaveTextContent('Issued numbers cannot be changed');
  });

  it('lists them in Persian with Persian digits in the count', async () => {
    h = startCore('fa-IR');
    h.call('preferences.update', { language: 'fa', calendar: 'jalali', digits: 'persian' });
    issuedBeforeJoining();
    renderApp('/sync');
    const alert = await screen.findByTestId('sync-numbers-twice');
    expect(alert).toHaveTextContent('شماره‌های فاکتورِ دوبار صادرشده: ۱');
    expect(alert).toHaveTextContent('شمارهٔ فاکتورِ صادرشده تغییر نمی‌کند');
  });
});
