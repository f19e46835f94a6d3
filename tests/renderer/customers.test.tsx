import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/customers/customer.schema';
import { createTranslator, describeIssue } from '../../shared/i18n';
import { defaultFilters, useCustomerList } from '../../renderer/features/customers/list.store';
import { usePreferences } from '../../renderer/stores/preferences';
import { renderApp, startCore, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = startCore();
});
afterEach(() => h.close());

describe('stores', () => {
  it('start from their defaults in every test', () => {
    expect(useCustomerList.getState().filters).toEqual(defaultFilters());
    expect(useCustomerList.getState().total).toBeNull();
    expect(usePreferences.getState().status).toBe('idle');
    // Dirty them; the next test checks they were reset.
    useCustomerList.getState().setFilters({ query: 'dirty', kind: 'person' });
  });
  it('were reset after the previous test', () => {
    expect(useCustomerList.getState().filters.query).toBe('');
    expect(useCustomerList.getState().filters.kind).toBeNull();
  });
});

describe('customers list', () => {
  it('renders rows from the real database, with the total', async () => {
    const org = h.call<Customer>('customers.create', { kind: 'organization', name: 'Acme Trading', city: 'Tehran' });
    h.call('customers.create', {
      kind: 'person',
      name: 'Sara Karimi',
      organizationId: org.id,
      phones: [{ number: '09121234567', label: 'mobile' }],
    });
    renderApp('/customers');
    const grid = await screen.findByRole('grid');
    expect(await within(grid).findByRole('link', { name: 'Acme Trading' })).toBeInTheDocument();
    expect(within(grid).getAllByText('Acme Trading')).toHaveLength(2); // its row, and Sara's organization
    expect(within(grid).getByText('Sara Karimi')).toBeInTheDocument();
    expect(within(grid).getByText('0912 123 4567')).toBeInTheDocument();
    expect(screen.getByTestId('customer-total')).toHaveTextContent('2 customers');
  });

  it('shows the empty state with a create button when there are no customers', async () => {
    renderApp('/customers');
    expect(await screen.findByText('No customers yet')).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: /New customer/ }).length).toBeGreaterThan(0);
  });

  it('searches on the server and says when nothing matches', async () => {
    h.call('customers.create', { kind: 'person', name: 'علی رضایی' });
    h.call('customers.create', { kind: 'person', name: 'Bob' });
    renderApp('/customers');
    const user = userEvent.setup();
    await screen.findByText('Bob');
    await user.type(screen.getByRole('searchbox'), 'علي رضائي');
    await waitFor(() => expect(screen.queryByText('Bob')).not.toBeInTheDocument());
    expect(screen.getByText('علی رضایی')).toBeInTheDocument();
    await user.clear(screen.getByRole('searchbox'));
    await user.type(screen.getByRole('searchbox'), 'zzzz');
    expect(await screen.findByText('Nothing matches')).toBeInTheDocument();
  });

  it('moves the selection with the keyboard and opens with Enter', async () => {
    h.call('customers.create', { kind: 'person', name: 'Alpha' });
    const beta = h.call<Customer>('customers.create', { kind: 'person', name: 'Beta' });
    const { location } = renderApp('/customers');
    const user = userEvent.setup();
    const grid = await screen.findByRole('grid');
    await within(grid).findByText('Beta');
    grid.focus();
    await user.keyboard('{ArrowDown}');
    expect(grid).toHaveAttribute('aria-activedescendant', 'customer-row-1');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(location.history?.at(-1)).toBe(`/customers/${beta.id}`));
  });
});

describe('customer form validation', () => {
  it('shows per-field messages in English: empty name, bad email (client) and bad phone (server)', async () => {
    renderApp('/customers/new');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Name is required.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Add email' }));
    await user.type(screen.getByRole('textbox', { name: 'Email 1' }), 'bad@');
    expect(await screen.findByText('Email 1 is not a valid email address: “bad@”.')).toBeInTheDocument();

    await user.clear(screen.getByRole('textbox', { name: 'Email 1' }));
    await user.type(screen.getByRole('textbox', { name: 'Email 1' }), 'ok@example.com');
    await user.type(screen.getByRole('textbox', { name: /^Name/ }), 'Test Person');
    await user.click(screen.getByRole('button', { name: 'Add phone' }));
    await user.type(screen.getByRole('textbox', { name: 'Phone 1' }), '123');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    // Only main knows phone numbering plans: this message comes from the server.
    expect(await screen.findByText('Phone 1 is not a valid phone number: “123”.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Some fields need attention.');
    // Nothing typed was lost.
    expect(screen.getByRole('textbox', { name: /^Name/ })).toHaveValue('Test Person');
    expect(screen.getByRole('textbox', { name: 'Email 1' })).toHaveValue('ok@example.com');
    expect(h.call<{ total: number }>('customers.list', {}).total).toBe(0);
  });

  it('saves only what was edited: a change made elsewhere while the form was open stays', async () => {
    const sara = h.call<Customer>('customers.create', { kind: 'person', name: 'Sara', city: 'Shiraz' });
    renderApp(`/customers/${sara.id}/edit`);
    const user = userEvent.setup();
    const name = await screen.findByRole('textbox', { name: /^Name/ });
    await waitFor(() => expect(name).toHaveValue('Sara'));
    // A sync round (or another window) gives her a phone and a new city while the form is open.
    h.call('customers.update', {
      id: sara.id,
      kind: 'person',
      name: 'Sara',
      city: 'Tabriz',
      phones: [{ number: '09121234567' }],
    });
    await user.clear(name);
    await user.type(name, 'Sara Karimi');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Changes to “Sara Karimi” were saved.');
    const { customer } = h.call<{ customer: Customer }>('customers.get', { id: sara.id });
    expect(customer).toMatchObject({ name: 'Sara Karimi', city: 'Tabriz' });
    expect(customer.phones.map((p) => p.number)).toEqual(['+989121234567']);
  });

  it('shows the same messages in Persian, and accepts a phone typed in Persian digits', async () => {
    h.call('preferences.update', { language: 'fa', calendar: 'jalali', digits: 'persian' });
    const fa = createTranslator('fa', 'persian');
    const { location } = renderApp('/customers/new');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'ذخیره' }));
    expect(await screen.findByText('نام الزامی است.')).toBeInTheDocument();
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(document.documentElement).toHaveAttribute('lang', 'fa');

    await user.click(screen.getByRole('button', { name: 'افزودن ایمیل' }));
    await user.type(screen.getByRole('textbox', { name: 'ایمیل ۱' }), 'bad@');
    const emailMessage = describeIssue(fa, { field: 'emails.0', code: 'invalid_email', params: { value: 'bad@' } });
    expect(await screen.findByText(emailMessage)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'حذف ایمیل ۱' }));

    await user.type(screen.getByRole('textbox', { name: /^نام/ }), 'مریم احمدی');
    await user.click(screen.getByRole('button', { name: 'افزودن تلفن' }));
    await user.type(screen.getByRole('textbox', { name: 'تلفن ۱' }), '۱۲۳');
    await user.click(screen.getByRole('button', { name: 'ذخیره' }));
    const phoneMessage = describeIssue(fa, {
      field: 'phones.0.number',
      code: 'invalid_phone',
      params: { value: '۱۲۳' },
    });
    expect(await screen.findByText(phoneMessage)).toBeInTheDocument();

    await user.clear(screen.getByRole('textbox', { name: 'تلفن ۱' }));
    await user.type(screen.getByRole('textbox', { name: 'تلفن ۱' }), '۰۹۱۲۱۲۳۴۵۶۷');
    await user.click(screen.getByRole('button', { name: 'ذخیره' }));
    await waitFor(() => expect(location.history?.at(-1)).toMatch(/^\/customers\/[0-9a-f-]{36}$/));
    const saved = h.call<{ rows: { name: string; phones: { number: string }[] }[] }>('customers.list', {}).rows;
    expect(saved).toEqual([
      expect.objectContaining({ name: 'مریم احمدی', phones: [expect.objectContaining({ number: '+989121234567' })] }),
    ]);
  });
});

describe('detail, trash and settings', () => {
  it('deletes to Trash and restores from there', async () => {
    const c = h.call<Customer>('customers.create', { kind: 'organization', name: 'Gone Soon' });
    renderApp(`/customers/${c.id}`);
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Gone Soon' });
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(await screen.findByRole('button', { name: 'Move to Trash' }));
    await waitFor(() => expect(h.call<unknown[]>('trash.list', {})).toHaveLength(1));
    await user.click(screen.getByRole('link', { name: 'Trash' }));
    await user.click(await screen.findByRole('button', { name: 'Restore Gone Soon' }));
    expect(await screen.findByText('Trash is empty')).toBeInTheDocument();
    expect(h.call<Customer>('customers.restore', { id: c.id }).deletedAt).toBeNull();
  });

  it('shows History with readable values', async () => {
    const c = h.call<Customer>('customers.create', {
      kind: 'person',
      name: 'Reza',
      phones: [{ number: '09121234567', label: 'mobile' }],
    });
    h.call('customers.update', { id: c.id, kind: 'person', name: 'Reza K', city: 'Shiraz' });
    renderApp(`/customers/${c.id}`);
    const history = await screen.findByTestId('history');
    expect(await within(history).findByText('Reza → Reza K')).toBeInTheDocument();
    expect(within(history).getByText('— → Shiraz')).toBeInTheDocument();
    // Phone numbers are wrapped in invisible left-to-right isolates (U+2066…U+2069) for Persian text.
    const withoutIsolates = (text: string) => text.replace(/[\u2066-\u2069]/g, '');
    expect(
      within(history).getByText('0912 123 4567 (Mobile) → —', { normalizer: (text) => withoutIsolates(text).trim() }),
    ).toBeInTheDocument();
  });

  it('switches language and direction at once from Settings', async () => {
    renderApp('/settings');
    const user = userEvent.setup();
    await user.click(await screen.findByText('Persian (فارسی)'));
    expect(await screen.findByRole('heading', { name: 'تنظیمات' })).toBeInTheDocument();
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(h.call<{ language: string }>('preferences.get', {}).language).toBe('fa');
    expect(screen.getByText('ایران (IR)')).toBeInTheDocument();
  });
});
