import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Activity, ActivityListResult } from '../../shared/activities/activity.schema';
import type { Customer } from '../../shared/customers/customer.schema';
import { renderApp, startCore, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = startCore();
});
afterEach(() => h.close());

const person = (name: string, phone?: string) =>
  h.call<Customer>('customers.create', {
    kind: 'person',
    name,
    phones: phone ? [{ number: phone, label: 'mobile' }] : [],
  });

describe('activity form', () => {
  it('shows messages under the fields in English, from the schema and from main', async () => {
    const sara = person('Sara Karimi');
    renderApp(`/customers/${sara.id}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Schedule task' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Subject is required.')).toBeInTheDocument();

    await user.type(within(dialog).getByRole('textbox', { name: /^Subject/ }), 'Send the price list');
    const time = within(dialog).getByRole('textbox', { name: 'Time' });
    await user.clear(time);
    await user.type(time, '25:99');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Time must be like 14:30.')).toBeInTheDocument();

    // A repeating task without a date: only main knows that rule; its message lands under Repeats.
    await user.clear(time);
    await user.type(time, '10:30');
    await user.click(within(dialog).getByRole('combobox', { name: 'Repeats' }));
    await user.click(await screen.findByRole('option', { name: 'Every month' }));
    await user.click(within(dialog).getByRole('button', { name: 'Remove the date' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Repeats: a repeating task needs a due date.')).toBeInTheDocument();
    expect(h.call<ActivityListResult>('activities.list', {}).total).toBe(0);
  });

  it('edits only what was changed: a description written elsewhere meanwhile stays', async () => {
    const sara = person('Sara Karimi');
    const call = h.call<Activity>('activities.create', {
      type: 'call',
      subject: 'Follow-up call',
      customerId: sara.id,
      dueAt: '2026-11-23T07:00:00Z',
    });
    renderApp(`/customers/${sara.id}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'More for “Follow-up call”' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    // A synced computer writes the call's description while the dialog is open.
    h.call('activities.update', {
      id: call.id,
      type: 'call',
      subject: 'Follow-up call',
      customerId: sara.id,
      dueAt: '2026-11-23T07:00:00Z',
      description: 'Asked for the autumn price list',
    });
    const subject = within(dialog).getByRole('textbox', { name: /^Subject/ });
    await user.clear(subject);
    await user.type(subject, 'Price call');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await screen.findByText('“Price call” was saved.');
    const stored = h.call<ActivityListResult>('activities.list', {}).rows[0];
    expect(stored).toMatchObject({ subject: 'Price call', description: 'Asked for the autumn price list' });
  });

  it('shows the same messages in Persian', async () => {
    h.call('preferences.update', { language: 'fa', calendar: 'jalali', digits: 'persian' });
    const sara = person('سارا کریمی');
    renderApp(`/customers/${sara.id}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'برنامه‌ریزی کار' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'ذخیره' }));
    expect(await within(dialog).findByText('موضوع الزامی است.')).toBeInTheDocument();
    const time = within(dialog).getByRole('textbox', { name: 'ساعت' });
    await user.clear(time);
    await user.type(time, '۲۵:۹۹');
    expect(await within(dialog).findByText('ساعت باید مانند ۱۴:۳۰ باشد.')).toBeInTheDocument();
    // Persian digits in the time are read.
    await user.clear(time);
    await user.type(time, '۰۹:۱۵');
    await user.type(within(dialog).getByRole('textbox', { name: /^موضوع/ }), 'پیگیری سفارش');
    await user.click(within(dialog).getByRole('button', { name: 'ذخیره' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const [saved] = h.call<ActivityListResult>('activities.list', {}).rows;
    expect(saved?.subject).toBe('پیگیری سفارش');
    expect(saved?.type).toBe('task');
    expect(saved?.status).toBe('planned');
  });

  it('logs a call in two keystrokes: L, then Enter', async () => {
    const sara = person('Sara Karimi');
    renderApp(`/customers/${sara.id}`);
    const user = userEvent.setup();
    await screen.findByRole('button', { name: 'Log call' });
    await screen.findByTestId('timeline-change');
    await user.keyboard('l');
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('textbox', { name: /^Subject/ })).toHaveValue('Call with Sara Karimi');
    await waitFor(() => expect(within(dialog).getByRole('textbox', { name: /^Subject/ })).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const [call] = h.call<ActivityListResult>('activities.list', { customerId: sara.id }).rows;
    expect(call).toMatchObject({ type: 'call', status: 'done', subject: 'Call with Sara Karimi' });
    const timeline = screen.getByTestId('timeline');
    expect(await within(timeline).findByText('Call with Sara Karimi')).toBeInTheDocument();
  });
});

describe('customer 360 timeline', () => {
  it('shows notes, activities and changes in one list, filtered by kind', async () => {
    const sara = person('Sara Karimi');
    h.call('customers.update', { id: sara.id, kind: 'person', name: 'Sara Karimi', city: 'Shiraz' });
    h.call('notes.create', { recordType: 'customer', recordId: sara.id, body: 'Prefers morning calls' });
    h.call<Activity>('activities.create', {
      type: 'meeting',
      subject: 'Visit the shop',
      customerId: sara.id,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    renderApp(`/customers/${sara.id}`);
    const timeline = await screen.findByTestId('timeline');
    expect(await within(timeline).findByText('Prefers morning calls')).toBeInTheDocument();
    expect(within(timeline).getByText('Visit the shop')).toBeInTheDocument();
    expect(within(timeline).getAllByTestId('timeline-change').length).toBeGreaterThanOrEqual(2);
    expect(within(timeline).getByText('— → Shiraz')).toBeInTheDocument();

    // Header facts from customers.summary.
    const summary = screen.getByTestId('summary');
    await waitFor(() => expect(within(summary).getByText('Visit the shop', { exact: false })).toBeInTheDocument());
    expect(within(summary).getByText('Notes').nextSibling).toHaveTextContent('1');

    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'Notes' }));
    await waitFor(() => expect(within(screen.getByTestId('timeline')).queryByText('Visit the shop')).toBeNull());
    expect(within(screen.getByTestId('timeline')).getByText('Prefers morning calls')).toBeInTheDocument();

    // A planned activity is completed in place.
    await user.click(screen.getByRole('radio', { name: 'Everything' }));
    await user.click(await screen.findByRole('button', { name: 'Mark “Visit the shop” done' }));
    await waitFor(() =>
      expect(h.call<ActivityListResult>('activities.list', { status: 'done' }).rows[0]?.subject).toBe('Visit the shop'),
    );
  });
});

describe('duplicates in the customer form', () => {
  it('warns about a likely duplicate before saving, with the reason and a link', async () => {
    const sara = person('Sara Karimi', '09121234567');
    renderApp('/customers/new');
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: /^Name/ }), 'Sara Karimi');
    const warning = await screen.findByTestId('duplicate-warning', {}, { timeout: 3000 });
    expect(warning).toHaveTextContent('A customer looks like this one');
    expect(within(warning).getByText('Same name')).toBeInTheDocument();
    expect(within(warning).getByRole('link', { name: 'Sara Karimi' })).toHaveAttribute('href', `/customers/${sara.id}`);
    // Saving is still allowed.
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(h.call<{ total: number }>('customers.list', {}).total).toBe(2));
  });
});

describe('global search', () => {
  it('opens with Ctrl+K, finds a customer by the last digits of a phone and opens it with Enter', async () => {
    const sara = person('Sara Karimi', '09121234567');
    h.call('notes.create', { recordType: 'customer', recordId: sara.id, body: 'Karimi wants a discount' });
    const { location } = renderApp('/customers');
    const user = userEvent.setup();
    await screen.findByRole('grid');
    await user.keyboard('{Control>}k{/Control}');
    const box = await screen.findByRole('combobox', { name: 'Search everything' });
    await user.type(box, '4567');
    const results = screen.getByRole('listbox');
    expect(await within(results).findByRole('option', { name: /Sara Karimi/ })).toBeInTheDocument();
    expect(within(results).getByText('People')).toBeInTheDocument();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(location.history?.at(-1)).toBe(`/customers/${sara.id}`));

    // Grouped results; ↓ moves across groups.
    await user.keyboard('{Control>}k{/Control}');
    await user.type(await screen.findByRole('combobox', { name: 'Search everything' }), 'Karimi');
    const list = screen.getByRole('listbox');
    await within(list).findByText('Notes');
    const options = within(list).getAllByRole('option');
    expect(options.length).toBeGreaterThanOrEqual(2);
    await user.keyboard('{ArrowDown}');
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
  });
});
