import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/customers/customer.schema';
import type { Lead, LeadListResult, Opportunity, OpportunityDetail } from '../../shared/pipeline/pipeline.schema';
import { DEFAULT_STAGES, LOST_STAGE_ID } from '../../shared/pipeline/stages';
import type { BusinessProfile } from '../../shared/documents/printable';
import { renderApp, startCore, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = startCore();
  // This shop works in Toman (Settings → business profile); amounts are typed and shown so.
  h.call('billing.profile.update', { ...h.call<BusinessProfile>('billing.profile.get', {}), rialDisplay: 'toman' });
});
afterEach(() => h.close());

const [NEW, QUALIFIED] = DEFAULT_STAGES.map((s) => s.id);

function deal(title: string, amountMinor = 12_500_000): Opportunity {
  const customer = h.call<Customer>('customers.create', { kind: 'organization', name: 'Aria Trading' });
  return h.call<Opportunity>('opportunities.create', { title, customerId: customer.id, amountMinor, currency: 'IRR' });
}

it('shows amounts in Rial when the business profile says Rial', async () => {
  h.call('billing.profile.update', { ...h.call<BusinessProfile>('billing.profile.get', {}), rialDisplay: 'rial' });
  const org = h.call<{ id: string }>('customers.create', { kind: 'organization', name: 'Rial Co' });
  h.call('opportunities.create', { title: 'In Rial', customerId: org.id, amountMinor: 12_500_000, currency: 'IRR' });
  renderApp('/pipeline');
  expect((await screen.findAllByText('12,500,000 Rial')).length).toBeGreaterThan(0);
});

describe('pipeline board', () => {
  it('renders every stage with counts and totals in Toman', async () => {
    const card = deal('Printer contract');
    renderApp('/pipeline');
    const column = await screen.findByTestId(`stage-column-${NEW}`);
    expect(within(column).getByText('New')).toBeInTheDocument();
    expect(within(column).getByTestId('stage-count')).toHaveTextContent('1 deal');
    expect(within(column).getByTestId('stage-totals')).toHaveTextContent('1,250,000 Toman');
    expect(within(column).getByTestId(`opportunity-card-${card.id}`)).toHaveTextContent('Printer contract');
    expect(screen.getByTestId(`stage-column-${LOST_STAGE_ID}`)).toHaveTextContent('No deals in this stage');
  });

  it('moves a focused card to the next stage with the arrow key and announces it', async () => {
    const card = deal('Printer contract');
    renderApp('/pipeline');
    const element = await screen.findByTestId(`opportunity-card-${card.id}`);
    element.focus();
    fireEvent.keyDown(element, { key: 'ArrowRight' });
    await waitFor(() =>
      expect(
        within(screen.getByTestId(`stage-column-${QUALIFIED}`)).getByTestId(`opportunity-card-${card.id}`),
      ).toBeInTheDocument(),
    );
    expect(screen.getByTestId('pipeline-announcer')).toHaveTextContent('“Printer contract” moved to Qualified.');
    await waitFor(() => expect(screen.getByTestId(`opportunity-card-${card.id}`)).toHaveFocus());
    const { history } = h.call<OpportunityDetail>('opportunities.get', { id: card.id });
    expect(history.map((e) => e.stageId)).toEqual([NEW, QUALIFIED]);
  });

  it('in Persian, ← is the next stage and the move into Lost asks for a reason', async () => {
    h.call('preferences.update', { language: 'fa', calendar: 'jalali', digits: 'persian' });
    const card = deal('قرارداد چاپگر');
    h.call('opportunities.move', { id: card.id, stageId: DEFAULT_STAGES[3]!.id });
    renderApp('/pipeline');
    const column = await screen.findByTestId(`stage-column-${DEFAULT_STAGES[3]!.id}`);
    expect(within(column).getByTestId('stage-totals')).toHaveTextContent('۱٬۲۵۰٬۰۰۰ تومان');
    const element = within(column).getByTestId(`opportunity-card-${card.id}`);
    fireEvent.keyDown(element, { key: 'ArrowLeft' });
    await waitFor(() =>
      expect(screen.getByTestId(`stage-column-${DEFAULT_STAGES[4]!.id}`)).toHaveTextContent('قرارداد چاپگر'),
    );
    fireEvent.keyDown(screen.getByTestId(`opportunity-card-${card.id}`), { key: 'ArrowLeft' });
    const dialog = await screen.findByRole('dialog');
    const user = userEvent.setup();
    await user.click(within(dialog).getByTestId('lost-confirm'));
    expect(
      await within(dialog).findByText('وقتی فرصتی از دست می‌رود دلیل از دست رفتن لازم است: بنویسید چرا از دست رفت.'),
    ).toBeInTheDocument();
    await user.type(within(dialog).getByTestId('lost-reason'), 'قیمت بالا');
    await user.click(within(dialog).getByTestId('lost-confirm'));
    await waitFor(() =>
      expect(screen.getByTestId(`stage-column-${LOST_STAGE_ID}`)).toHaveTextContent('ناموفق: قیمت بالا'),
    );
  });
});

describe('lead form', () => {
  it('names the problems under the fields in English and saves nothing', async () => {
    renderApp('/leads/new');
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('lead-save'));
    expect(await screen.findByText('Name is required.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /^Name/ }), 'Reza Ahmadi');
    await user.type(screen.getByRole('textbox', { name: 'Phone' }), '12');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'reza@');
    await user.click(screen.getByTestId('lead-save'));
    expect(await screen.findByText('Email is not a valid email address: “reza@”.')).toBeInTheDocument();
    await user.clear(screen.getByRole('textbox', { name: 'Email' }));
    await user.click(screen.getByTestId('lead-save'));
    expect(await screen.findByText('Phone is not a valid phone number: “12”.')).toBeInTheDocument();
    expect(h.call<LeadListResult>('leads.list', { includeClosed: true }).total).toBe(0);
  });

  it('names the problems in Persian', async () => {
    h.call('preferences.update', { language: 'fa', calendar: 'jalali', digits: 'persian' });
    renderApp('/leads/new');
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('lead-save'));
    expect(await screen.findByText('نام الزامی است.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /^نام/ }), 'رضا احمدی');
    await user.type(screen.getByRole('textbox', { name: 'تلفن' }), '۱۲');
    await user.click(screen.getByTestId('lead-save'));
    expect(await screen.findByText('تلفن شمارهٔ تلفن معتبری نیست: «۱۲».')).toBeInTheDocument();
    await user.clear(screen.getByRole('textbox', { name: 'تلفن' }));
    await user.type(screen.getByRole('textbox', { name: 'تلفن' }), '۰۹۱۲ ۳۴۵ ۶۷۸۹');
    await user.click(screen.getByTestId('lead-save'));
    await waitFor(() => expect(h.call<LeadListResult>('leads.list', {}).rows[0]?.phone).toBe('+989123456789'));
  });

  it('converts a lead, linking to the look-alike customer the check found', async () => {
    const existing = h.call<Customer>('customers.create', {
      kind: 'person',
      name: 'Reza Ahmadi',
      phones: [{ number: '09123456789' }],
    });
    const lead = h.call<{ id: string }>('leads.create', { name: 'Reza Ahmadi', phone: '09123456789' });
    renderApp(`/leads/${lead.id}`);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('lead-convert'));
    const dialog = await screen.findByTestId('convert-dialog');
    expect(within(dialog).getByRole('radio', { name: 'Link to “Reza Ahmadi”' })).toBeChecked();
    await user.type(within(dialog).getByTestId('convert-amount'), '2,000,000');
    await user.click(within(dialog).getByTestId('convert-confirm'));
    const page = await screen.findByTestId('opportunity-page');
    const id = page.getAttribute('data-opportunity-id') ?? '';
    const { opportunity } = h.call<OpportunityDetail>('opportunities.get', { id });
    expect(opportunity).toMatchObject({ customerId: existing.id, amountMinor: 20_000_000, currency: 'IRR' });
    expect(screen.getByTestId('mark-won')).toBeInTheDocument();
  });
});

describe('edit forms send only what was changed', () => {
  it('a deal: the amount typed here is saved, a close date set elsewhere meanwhile stays', async () => {
    const d = deal('Printer contract');
    renderApp(`/pipeline/opportunities/${d.id}`);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('opportunity-edit'));
    const form = await screen.findByTestId('opportunity-form');
    // Another window (or a sync round) sets the close date while the form is open.
    h.call('opportunities.update', {
      id: d.id,
      title: 'Printer contract',
      customerId: d.customerId,
      amountMinor: 12_500_000,
      currency: 'IRR',
      expectedCloseDate: '2026-12-20',
    });
    const amount = within(form).getByRole('textbox', { name: /^Amount/ });
    await user.clear(amount);
    await user.type(amount, '2,000,000');
    await user.click(within(form).getByTestId('opportunity-save'));
    await screen.findByText('Changes to “Printer contract” were saved.');
    const { opportunity } = h.call<OpportunityDetail>('opportunities.get', { id: d.id });
    expect(opportunity).toMatchObject({ amountMinor: 20_000_000, expectedCloseDate: '2026-12-20' });
  });

  it('a lead: a company changed here and notes written elsewhere both stay, also after a second save', async () => {
    const lead = h.call<Lead>('leads.create', { name: 'Reza Ahmadi', company: 'Ahmadi Print' });
    renderApp(`/leads/${lead.id}`);
    const user = userEvent.setup();
    const company = await screen.findByRole('textbox', { name: 'Company' });
    await waitFor(() => expect(company).toHaveValue('Ahmadi Print'));
    h.call('leads.update', { id: lead.id, name: 'Reza Ahmadi', company: 'Ahmadi Print', notes: 'Call after 5' });
    await user.clear(company);
    await user.type(company, 'Ahmadi Print House');
    await user.click(screen.getByTestId('lead-save'));
    await screen.findByText('Changes to “Reza Ahmadi” were saved.');
    expect(h.call<Lead>('leads.get', { id: lead.id })).toMatchObject({
      company: 'Ahmadi Print House',
      notes: 'Call after 5',
    });
    // The form now measures edits from what it saved: a second change is sent too.
    await user.type(company, ' Co.');
    await user.click(screen.getByTestId('lead-save'));
    await waitFor(() => expect(h.call<Lead>('leads.get', { id: lead.id }).company).toBe('Ahmadi Print House Co.'));
    expect(h.call<Lead>('leads.get', { id: lead.id }).notes).toBe('Call after 5');
  });
});
