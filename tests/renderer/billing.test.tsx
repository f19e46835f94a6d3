import type { BusinessProfile } from '../../shared/documents/printable';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Quote } from '../../shared/billing/billing.schema';
import type { Customer } from '../../shared/customers/customer.schema';
import { useBillingProfile } from '../../renderer/features/billing/billing.store';
import { dataChanged } from '../../renderer/stores/data';
import { renderApp, startCore, type Harness } from './harness';

let h: Harness;
afterEach(() => {
  useBillingProfile.getState().reset();
  h.close();
});

const THREE_LINES = {
  currency: 'IRR',
  lines: [
    {
      description: 'Tea',
      quantityMilli: 3000,
      unitPriceMinor: 1_250_000,
      taxBasisPoints: 1000,
      discount: { kind: 'percent', basisPoints: 1000 },
    },
    { description: 'Delivery', quantityMilli: 1000, unitPriceMinor: 333_333 },
    { description: 'Saffron', quantityMilli: 2500, unitPriceMinor: 777_777, taxBasisPoints: 1000 },
  ],
  discount: { kind: 'amount', minor: 100_000 },
};

function quoteWithThreeLines(): Quote {
  const customer = h.call<Customer>('customers.create', { kind: 'organization', name: 'Aria Trading' });
  return h.call<Quote>('quotes.create', { customerId: customer.id, ...THREE_LINES });
}

describe('quote editor (English)', () => {
  beforeEach(() => {
    h = startCore('en-US');
  });

  it('shows the totals main computed, live, with the amount in words', async () => {
    const quote = quoteWithThreeLines();
    renderApp(`/quotes/${quote.id}`);
    const total = await screen.findByTestId('total-total');
    expect(total).toHaveTextContent(`${quote.totals.total.toLocaleString('en')} Rial`);
    expect(screen.getByTestId('total-tax')).toHaveTextContent(`${quote.totals.tax.toLocaleString('en')} Rial`);
    expect(screen.getByTestId('total-words')).toHaveTextContent(/^In words: six million/);

    // Typing a new quantity recomputes at once: 4 × 1,250,000 − 10% = 4,500,000, less its share of
    // the document discount (66,393), plus 10% tax = 4,876,968 on line 1.
    const user = userEvent.setup();
    const qty = screen.getByTestId('line-0-qty');
    await user.clear(qty);
    await user.type(qty, '4');
    expect(screen.getByTestId('line-0-total')).toHaveTextContent('4,876,968');
  });

  it('names the problem: a discount above the line, a number it cannot read, no customer', async () => {
    const quote = quoteWithThreeLines();
    renderApp(`/quotes/${quote.id}`);
    const user = userEvent.setup();
    const discount = await screen.findByTestId('line-1-discount');
    await user.type(discount, '150');
    expect(await screen.findByTestId('totals-problem')).toHaveTextContent(
      'Line 2: the discount is more than the amount it discounts.',
    );
    await user.clear(discount);
    const price = screen.getByTestId('line-2-price');
    await user.clear(price);
    await user.type(price, '12abc');
    expect(await screen.findByText('“12abc” is not a number.')).toBeInTheDocument();
  });

  it('keeps what the user typed when the data changes meanwhile, and says a newer version was held back', async () => {
    const quote = quoteWithThreeLines();
    renderApp(`/quotes/${quote.id}`);
    const user = userEvent.setup();
    const qty = await screen.findByTestId('line-0-qty');
    await user.clear(qty);
    await user.type(qty, '4');
    // Another window (or a sync round) changes the quote; every data change reloads the editor.
    h.call('quotes.update', {
      id: quote.id,
      customerId: quote.customerId,
      ...THREE_LINES,
      notes: 'Deliver on Saturday',
    });
    act(() => dataChanged());
    await waitFor(() => expect(screen.getByTestId('changed-elsewhere')).toHaveTextContent('changed elsewhere'));
    expect(screen.getByTestId('line-0-qty')).toHaveValue('4');
    expect(screen.getByTestId('document-notes')).toHaveValue('');

    // Saving writes what was changed here and keeps the other window's notes; then the stored
    // version shows and the notice goes.
    await user.click(screen.getByTestId('save-document'));
    await waitFor(() => expect(screen.queryByTestId('changed-elsewhere')).not.toBeInTheDocument());
    const stored = h.call<Quote>('quotes.get', { id: quote.id });
    expect(stored.lines[0]?.quantityMilli).toBe(4000);
    expect(stored.notes).toBe('Deliver on Saturday');
    await waitFor(() => expect(screen.getByTestId('document-notes')).toHaveValue('Deliver on Saturday'));
  });

  it('shows a change made elsewhere at once when nothing was typed', async () => {
    const quote = quoteWithThreeLines();
    renderApp(`/quotes/${quote.id}`);
    expect(await screen.findByTestId('line-0-qty')).toHaveValue('3');
    h.call('quotes.update', {
      id: quote.id,
      customerId: quote.customerId,
      ...THREE_LINES,
      notes: 'Deliver on Saturday',
      status: 'sent',
    });
    act(() => dataChanged());
    await waitFor(() => expect(screen.getByTestId('document-notes')).toHaveValue('Deliver on Saturday'));
    expect(screen.getByTestId('quote-status-select')).toHaveValue('Sent');
    expect(screen.queryByTestId('changed-elsewhere')).not.toBeInTheDocument();
  });

  it('shows an invoice issued elsewhere as issued, over unsaved edits', async () => {
    const customer = h.call<Customer>('customers.create', { kind: 'organization', name: 'Aria Trading' });
    const invoice = h.call<{ id: string }>('invoices.create', { customerId: customer.id, ...THREE_LINES });
    renderApp(`/invoices/${invoice.id}`);
    const user = userEvent.setup();
    const notes = await screen.findByTestId('document-notes');
    await user.type(notes, 'unsaved');
    h.call('invoices.issue', { id: invoice.id });
    act(() => dataChanged());
    expect(await screen.findByTestId('read-only-note')).toBeInTheDocument();
    expect(screen.getByTestId('document-notes')).toHaveValue('');
    expect(screen.queryByTestId('changed-elsewhere')).not.toBeInTheDocument();
  });

  it('a draft invoice saves only what was changed: a due date set elsewhere meanwhile stays', async () => {
    const customer = h.call<Customer>('customers.create', { kind: 'organization', name: 'Aria Trading' });
    const invoice = h.call<{ id: string }>('invoices.create', { customerId: customer.id, ...THREE_LINES });
    renderApp(`/invoices/${invoice.id}`);
    const user = userEvent.setup();
    const notes = await screen.findByTestId('document-notes');
    await user.type(notes, 'Paid in two parts');
    h.call('invoices.update', {
      id: invoice.id,
      customerId: customer.id,
      ...THREE_LINES,
      dueAt: '2026-12-01T20:29:00Z',
    });
    act(() => dataChanged());
    await screen.findByTestId('changed-elsewhere');
    await user.click(screen.getByTestId('save-document'));
    await waitFor(() => expect(screen.queryByTestId('changed-elsewhere')).not.toBeInTheDocument());
    expect(h.call('invoices.get', { id: invoice.id })).toMatchObject({
      notes: 'Paid in two parts',
      dueAt: '2026-12-01T20:29:00Z',
    });
  });

  it('a product edit keeps its description and a price set elsewhere meanwhile', async () => {
    const tea = h.call<{ id: string }>('products.create', {
      name: 'Tea',
      priceMinor: 1_000_000,
      currency: 'IRR',
      description: 'Lahijan, first flush',
    });
    renderApp('/products');
    const user = userEvent.setup();
    const row = (await screen.findByText('Tea')).closest('tr');
    if (!row) throw new Error('no row for Tea');
    await user.click(within(row).getByRole('button', { name: 'Edit' }));
    const name = await screen.findByTestId('product-name');
    h.call('products.update', {
      id: tea.id,
      name: 'Tea',
      priceMinor: 1_200_000,
      currency: 'IRR',
      description: 'Lahijan, first flush',
    });
    await user.clear(name);
    await user.type(name, 'Green tea');
    await user.click(screen.getByTestId('save-product'));
    await screen.findByText('“Green tea” was saved.');
    expect(h.call('products.get', { id: tea.id })).toMatchObject({
      name: 'Green tea',
      priceMinor: 1_200_000,
      description: 'Lahijan, first flush',
    });
  });

  it('the business profile saves only what was changed: a footer written elsewhere meanwhile stays', async () => {
    renderApp('/settings/business');
    const user = userEvent.setup();
    const phone = await screen.findByTestId('profile-phone');
    const profile = h.call<BusinessProfile>('billing.profile.get', {});
    h.call('billing.profile.update', { ...profile, footer: 'Thank you for shopping with us' });
    await user.type(phone, '021 8888 0000');
    await user.click(screen.getByTestId('save-profile'));
    await screen.findByText('The business profile was saved.');
    expect(h.call<BusinessProfile>('billing.profile.get', {})).toMatchObject({
      phone: '021 8888 0000',
      footer: 'Thank you for shopping with us',
    });
  });

  it('a new invoice without customer or lines says so before asking main', async () => {
    renderApp('/invoices/new');
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('save-document'));
    expect(await screen.findByTestId('editor-error')).toHaveTextContent('Customer is required.');
    expect(screen.getByTestId('lines-error')).toHaveTextContent('Lines: add at least one line.');
  });
});

describe('quote editor (Persian)', () => {
  beforeEach(() => {
    h = startCore('fa-IR');
  });

  it('shows totals in Persian digits and words, and the problem in Persian', async () => {
    const quote = quoteWithThreeLines();
    renderApp(`/quotes/${quote.id}`);
    const total = await screen.findByTestId('total-total');
    await waitFor(() => expect(total).toHaveTextContent('۶٬۰۷۵٬۳۱۱ ریال'));
    expect(screen.getByTestId('total-words')).toHaveTextContent(/^به حروف: شش میلیون/);
    expect(screen.getByTestId('line-0-qty')).toHaveValue('۳');
    const user = userEvent.setup();
    const discount = screen.getByTestId('line-1-discount');
    await user.type(discount, '۱۵۰');
    expect(await screen.findByTestId('totals-problem')).toHaveTextContent(
      'ردیف ۲: تخفیف از مبلغی که بر آن اعمال می‌شود بیشتر است.',
    );
  });

  it('shows the total in Toman when the profile says so', async () => {
    const quote = quoteWithThreeLines();
    h.call('billing.profile.update', { ...h.call<BusinessProfile>('billing.profile.get', {}), rialDisplay: 'toman' });
    renderApp(`/quotes/${quote.id}`);
    const total = await screen.findByTestId('total-total');
    await waitFor(() => expect(total).toHaveTextContent('۶۰۷٬۵۳۱٫۱ تومان'));
  });
});

describe('business profile page', () => {
  beforeEach(() => {
    h = startCore('en-US');
  });

  it('marks only "Business profile" in the navigation, not "Settings" as well', async () => {
    renderApp('/settings/business');
    await screen.findByTestId('save-profile');
    const active = [...document.querySelectorAll('.nav-link[data-active]')].map((link) => link.textContent);
    expect(active).toEqual(['Business profile']);
  });
});
