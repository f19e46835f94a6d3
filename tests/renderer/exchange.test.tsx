import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { exportJson } from '../../main/exchange/export';
import type { Customer, CustomerListResult } from '../../shared/customers/customer.schema';
import { renderApp, startCore, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = startCore();
});
afterEach(() => h.close());

// Persian headers (Arabic ي/ك variants on purpose), one column that maps to nothing, and row 4
// with nothing to name a customer by.
const CSV = [
  'نام,موبايل,ایمیل,شهر,شماره تماس',
  'علی رضایی,09121234567,ali@example.ir,تهران,02188776655',
  'مریم کریمی,09351234567,maryam@example.ir,اصفهان,',
  ',,,شیراز,02133334444',
].join('\r\n');

const csvFile = (name = 'contacts.csv') => new File([`\uFEFF${CSV}`], name, { type: 'text/csv' });

async function upload(file: File) {
  const user = userEvent.setup({ applyAccept: false });
  await screen.findByTestId('exchange-page');
  await user.upload(screen.getByTestId('exchange-file'), file);
  return user;
}

describe('import page', () => {
  it('a JSON export: nothing to map, and a record already here takes the file’s values when chosen', async () => {
    const sara = h.call<Customer>('customers.create', { kind: 'person', name: 'Sara Karimi' });
    const doc = exportJson(h.core.db, h.core.info.schemaVersion, new Date());
    const record = doc.tables.customers.find((c) => c.id === sara.id);
    if (!record) throw new Error('Sara is not in the export');
    doc.tables.customers = [
      { ...record, name: 'Sara Karimi (wholesale)' },
      { ...record, id: uuidv7(), name: 'Reza Tehrani' },
    ];
    renderApp('/exchange');
    const user = await upload(new File([JSON.stringify(doc)], 'pishkhan.json', { type: 'application/json' }));
    expect(await screen.findByTestId('exchange-json-found')).toHaveTextContent(
      'Records already here (the same id) are skipped or updated',
    );
    expect(screen.queryByTestId('exchange-mapping')).toBeNull();
    expect(screen.getByText('When a record is already here (the same id)')).toBeInTheDocument();
    const choice = screen.getByTestId('exchange-on-duplicate');
    expect(within(choice).queryByText('Create it anyway')).toBeNull();
    await user.click(within(choice).getByText('Take the file’s values'));
    await user.click(screen.getByTestId('exchange-run'));
    const done = await screen.findByTestId('exchange-summary');
    // The owner and the six default stages are in the file too, unchanged: skipped.
    expect(within(done).getByTestId('exchange-summary-counts')).toHaveTextContent(
      '1 created, 1 updated, 7 skipped, 0 rejected',
    );
    const names = h.call<CustomerListResult>('customers.list', {}).rows.map((r) => r.name);
    expect(names.sort()).toEqual(['Reza Tehrani', 'Sara Karimi (wholesale)']);
  });

  it('maps Persian headers automatically and leaves an unknown column out', async () => {
    renderApp('/exchange');
    await upload(csvFile());
    const mapping = await screen.findByTestId('exchange-mapping');
    expect(within(mapping).getByTestId('exchange-map-0')).toHaveValue('Name');
    expect(within(mapping).getByTestId('exchange-map-1')).toHaveValue('Mobile');
    expect(within(mapping).getByTestId('exchange-map-2')).toHaveValue('Email');
    expect(within(mapping).getByTestId('exchange-map-3')).toHaveValue('City');
    expect(within(mapping).getByTestId('exchange-map-4')).toHaveValue('Do not import');
    expect(screen.getByTestId('exchange-encoding')).toHaveTextContent('Detected: UTF-8, separated by commas');
    // Sample values beside each column, and the preview under the mapped fields.
    expect(within(mapping).getByText('علی رضایی')).toBeInTheDocument();
    const preview = screen.getByTestId('exchange-preview');
    expect(within(preview).getByText('Mobile')).toBeInTheDocument();
    expect(within(preview).queryByText('02188776655')).toBeNull();
  });

  it('dry run lists the rejected row with its number and reason, then the import saves the rest', async () => {
    renderApp('/exchange');
    const user = await upload(csvFile());
    await screen.findByTestId('exchange-mapping');
    await user.click(screen.getByTestId('exchange-dry-run'));
    const dry = await screen.findByTestId('exchange-dry-summary');
    expect(dry).toHaveTextContent('Dry run: nothing was saved');
    expect(within(dry).getByTestId('exchange-summary-counts')).toHaveTextContent(
      '2 created, 0 updated, 0 skipped, 1 rejected of 3 rows.',
    );
    const rows = within(dry).getAllByTestId('exchange-problem-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('Row 4');
    expect(rows[0]).toHaveTextContent('No name, company, email or phone to name the customer by.');
    expect(h.call<CustomerListResult>('customers.list', {}).total).toBe(0);

    await user.click(screen.getByTestId('exchange-run'));
    const done = await screen.findByTestId('exchange-summary');
    expect(done).toHaveTextContent('Import finished');
    expect(h.call<CustomerListResult>('customers.list', {}).total).toBe(2);
  });

  it('shows the dry run in Persian with Persian digits', async () => {
    h.call('preferences.update', { language: 'fa', digits: 'persian' });
    renderApp('/exchange');
    const user = await upload(csvFile());
    const mapping = await screen.findByTestId('exchange-mapping');
    expect(within(mapping).getByTestId('exchange-map-0')).toHaveValue('نام');
    await user.click(screen.getByTestId('exchange-dry-run'));
    const dry = await screen.findByTestId('exchange-dry-summary');
    expect(within(dry).getByTestId('exchange-count-created')).toHaveTextContent('۲');
    expect(within(dry).getByTestId('exchange-count-rejected')).toHaveTextContent('۱');
    const row = within(dry).getByTestId('exchange-problem-row');
    expect(row).toHaveTextContent('ردیف ۴');
    expect(row.textContent).not.toMatch(/[0-9]/);
  });

  it('mapping the extra column changes what the dry run would do', async () => {
    renderApp('/exchange');
    const user = await upload(csvFile());
    const mapping = await screen.findByTestId('exchange-mapping');
    await user.click(within(mapping).getByTestId('exchange-map-4'));
    await user.click(await screen.findByRole('option', { name: 'Work phone' }));
    expect(within(mapping).getByTestId('exchange-map-4')).toHaveValue('Work phone');
    await user.click(screen.getByTestId('exchange-dry-run'));
    const dry = await screen.findByTestId('exchange-dry-summary');
    // Row 4 now has a phone to be named by.
    expect(within(dry).getByTestId('exchange-summary-counts')).toHaveTextContent('3 created');
  });

  it('says clearly when a file cannot be imported, and writes nothing', async () => {
    renderApp('/exchange');
    await upload(new File(['Name,Mobile\r\nAli,0912\r\n"Broken, 0912\r\nReza,0912\r\n'], 'broken.csv'));
    const alert = await screen.findByTestId('exchange-problem');
    expect(alert).toHaveTextContent('This file cannot be imported');
    expect(alert).toHaveTextContent('line 3');
    expect(screen.queryByTestId('exchange-mapping')).toBeNull();
  });

  it('refuses a file of an unknown type and an empty file', async () => {
    renderApp('/exchange');
    const user = await upload(new File(['x'], 'photo.png'));
    expect(await screen.findByTestId('exchange-problem')).toHaveTextContent(
      '“photo.png” is not a file Pishkhan can import',
    );
    await user.upload(screen.getByTestId('exchange-file'), new File([''], 'empty.csv'));
    await waitFor(() => expect(screen.getByTestId('exchange-problem')).toHaveTextContent('The file is empty.'));
  });
});
