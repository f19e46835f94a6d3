import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Invoice, LineInput, Quote } from '../../shared/billing/billing.schema';
import type { Customer } from '../../shared/customers/customer.schema';
import { useBillingProfile } from '../../renderer/features/billing/billing.store';
import { renderApp, startCore, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = startCore();
  useBillingProfile.getState().reset();
});
afterEach(() => {
  h.close();
  useBillingProfile.getState().reset();
});

const line = (unitPriceMinor: number, taxBasisPoints = 0): LineInput[] => [
  { description: 'Tea, 500 g', quantityMilli: 1000, unitPriceMinor, taxBasisPoints },
];

/** A quote, invoice A (1,000,000 Rial) paid 400,000 in cash, invoice B (2,750,000) paid in full. */
function seed(name: string) {
  const customer = h.call<Customer>('customers.create', { kind: 'organization', name });
  const quote = h.call<Quote>('quotes.create', { customerId: customer.id, currency: 'IRR', lines: line(500_000) });
  const draftA = h.call<Invoice>('invoices.create', {
    customerId: customer.id,
    currency: 'IRR',
    lines: line(1_000_000),
  });
  const a = h.call<Invoice>('invoices.issue', { id: draftA.id });
  const draftB = h.call<Invoice>('invoices.create', {
    customerId: customer.id,
    currency: 'IRR',
    lines: line(2_500_000, 1000),
  });
  const b = h.call<Invoice>('invoices.issue', { id: draftB.id });
  h.call('payments.add', { invoiceId: a.id, paidAt: new Date().toISOString(), amountMinor: 400_000, method: 'cash' });
  h.call('payments.add', { invoiceId: b.id, paidAt: new Date().toISOString(), amountMinor: 2_750_000, method: 'card' });
  return { customer, quote, a, b };
}

describe('customer 360 billing', () => {
  it('shows the open balance, purchases, quotes, invoices and payments in English', async () => {
    const { customer, quote, a, b } = seed('Aria Trading');
    renderApp(`/customers/${customer.id}`);

    const summary = await screen.findByTestId('summary');
    await waitFor(() => expect(within(summary).getByTestId('summary-balance')).toHaveTextContent('600,000 Rial'));
    expect(within(summary).getByText('Open balance')).toBeInTheDocument();
    expect(within(summary).getByTestId('summary-purchases')).toHaveTextContent('3,750,000 Rial');
    expect(within(summary).getByTestId('summary-purchases')).toHaveAttribute(
      'title',
      expect.stringMatching(/^2 invoices · last /),
    );

    const timeline = await screen.findByTestId('timeline');
    const invoices = await within(timeline).findAllByTestId('timeline-invoice');
    expect(invoices).toHaveLength(2);
    const itemA = invoices.find((el) => el.textContent.includes(a.number ?? '?'));
    expect(itemA).toBeDefined();
    if (!itemA) return;
    // The number as stored (never grouped), its status, total and remaining balance; a link to the editor.
    expect(within(itemA).getByRole('link', { name: `Invoice ${a.number ?? ''}` })).toHaveAttribute(
      'href',
      `/invoices/${a.id}`,
    );
    expect(within(itemA).getByText('Partially paid')).toBeInTheDocument();
    expect(itemA).toHaveTextContent('1,000,000 Rial');
    expect(itemA).toHaveTextContent('Balance due: 600,000 Rial');
    const itemB = invoices.find((el) => el !== itemA);
    expect(itemB && within(itemB).getByText('Paid')).toBeInTheDocument();
    expect(itemB).toHaveTextContent('2,750,000 Rial');

    const quoteItem = within(timeline).getByTestId('timeline-quote');
    expect(within(quoteItem).getByRole('link', { name: 'Quote' })).toHaveAttribute('href', `/quotes/${quote.id}`);
    expect(quoteItem).toHaveTextContent('500,000 Rial');
    expect(within(quoteItem).getByText('Draft')).toBeInTheDocument();

    const payments = within(timeline).getAllByTestId('timeline-payment');
    expect(payments).toHaveLength(2);
    const cash = payments.find((el) => el.textContent.includes('Cash'));
    expect(cash).toHaveTextContent('400,000 Rial');
    expect(cash && within(cash).getByRole('link', { name: `for invoice ${a.number ?? ''}` })).toHaveAttribute(
      'href',
      `/invoices/${a.id}`,
    );
    expect(payments.find((el) => el.textContent.includes('Card'))).toHaveTextContent(`for invoice ${b.number ?? ''}`);

    // The chips filter by kind.
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'Payments' }));
    await waitFor(() =>
      expect(within(screen.getByTestId('timeline')).queryAllByTestId('timeline-invoice')).toHaveLength(0),
    );
    expect(within(screen.getByTestId('timeline')).getAllByTestId('timeline-payment')).toHaveLength(2);
    await user.click(screen.getByRole('radio', { name: 'Quotes' }));
    await waitFor(() =>
      expect(within(screen.getByTestId('timeline')).queryAllByTestId('timeline-payment')).toHaveLength(0),
    );
    expect(within(screen.getByTestId('timeline')).getAllByTestId('timeline-quote')).toHaveLength(1);
    await user.click(screen.getByRole('radio', { name: 'Invoices' }));
    await waitFor(() =>
      expect(within(screen.getByTestId('timeline')).getAllByTestId('timeline-invoice')).toHaveLength(2),
    );
    expect(within(screen.getByTestId('timeline')).queryAllByTestId('timeline-quote')).toHaveLength(0);
  });

  it('shows them in Persian, in Toman with Persian digits, numbers kept as issued', async () => {
    h.call('preferences.update', { language: 'fa', calendar: 'jalali', digits: 'persian' });
    h.call('billing.profile.update', {
      ...h.call<Record<string, unknown>>('billing.profile.get', {}),
      rialDisplay: 'toman',
    });
    const { customer, a } = seed('بازرگانی آریا');
    renderApp(`/customers/${customer.id}`);

    const summary = await screen.findByTestId('summary');
    await waitFor(() => expect(within(summary).getByTestId('summary-balance')).toHaveTextContent('۶۰٬۰۰۰ تومان'));
    expect(within(summary).getByText('مانده حساب')).toBeInTheDocument();
    expect(within(summary).getByText('خریدها')).toBeInTheDocument();
    expect(within(summary).getByTestId('summary-purchases')).toHaveTextContent('۳۷۵٬۰۰۰ تومان');

    const timeline = await screen.findByTestId('timeline');
    const invoices = await within(timeline).findAllByTestId('timeline-invoice');
    const itemA = invoices.find((el) => el.textContent.includes(a.number ?? '?'));
    expect(itemA).toBeDefined();
    if (!itemA) return;
    expect(within(itemA).getByRole('link', { name: `فاکتور ${a.number ?? ''}` })).toHaveAttribute(
      'href',
      `/invoices/${a.id}`,
    );
    expect(within(itemA).getByText('پرداخت ناقص')).toBeInTheDocument();
    expect(itemA).toHaveTextContent('۱۰۰٬۰۰۰ تومان');
    const cash = within(timeline)
      .getAllByTestId('timeline-payment')
      .find((el) => el.textContent.includes('نقد'));
    expect(cash).toHaveTextContent('۴۰٬۰۰۰ تومان');
    expect(within(timeline).getByTestId('timeline-quote')).toHaveTextContent('۵۰٬۰۰۰ تومان');

    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'پرداخت‌ها' }));
    await waitFor(() =>
      expect(within(screen.getByTestId('timeline')).queryAllByTestId('timeline-invoice')).toHaveLength(0),
    );
    expect(within(screen.getByTestId('timeline')).getAllByTestId('timeline-payment')).toHaveLength(2);
  });

  it('keeps the empty timeline message for a customer without records of a billing kind', async () => {
    const customer = h.call<Customer>('customers.create', { kind: 'person', name: 'Sara Karimi' });
    renderApp(`/customers/${customer.id}`);
    const user = userEvent.setup();
    await screen.findByTestId('timeline-change', {}, { timeout: 5000 });
    await user.click(screen.getByRole('radio', { name: 'Invoices' }));
    expect(await screen.findByTestId('timeline-empty')).toHaveTextContent('Nothing of this kind yet.');
    const summary = screen.getByTestId('summary');
    expect(within(summary).getByText('Open balance').nextSibling).toHaveTextContent('—');
  });
});
