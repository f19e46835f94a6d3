import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpportunityInput } from '../../../shared/pipeline/pipeline.schema';
import { DEFAULT_STAGES, LOST_STAGE_ID, WON_STAGE_ID } from '../../../shared/pipeline/stages';
import { openTestApp, type TestApp } from '../../helpers/temp-app';

let now = Date.parse('2026-11-22T08:00:00.000Z');
let app: TestApp;
let customerId: string;

const [NEW, QUALIFIED, PROPOSAL] = DEFAULT_STAGES.map((s) => s.id);

beforeEach(() => {
  now = Date.parse('2026-11-22T08:00:00.000Z');
  app = openTestApp({ wallClock: () => now });
  customerId = app.call('customers.create', { kind: 'organization', name: 'Aria Trading' }).id;
});
afterEach(() => app.dispose());

const count = (table: string) => (app.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const opportunity = (extra: Partial<OpportunityInput> = {}): OpportunityInput => ({
  title: 'Printer service contract',
  customerId,
  amountMinor: 125_000_000,
  currency: 'IRR',
  ...extra,
});

describe('stages', () => {
  it('starts with the six default stages with fixed ids, in order', () => {
    const stages = app.call('pipeline.stages', {});
    expect(stages.map((s) => [s.name, s.kind, s.probabilityBp])).toEqual([
      ['New', 'open', 1000],
      ['Qualified', 'open', 2500],
      ['Proposal', 'open', 5000],
      ['Negotiation', 'open', 7500],
      ['Won', 'won', 10000],
      ['Lost', 'lost', 0],
    ]);
    expect(stages.map((s) => s.id)).toEqual(DEFAULT_STAGES.map((s) => s.id));
  });

  it('adds, reorders, renames and deletes stages; refuses to delete one in use or the last open one', () => {
    const demo = app.call('pipeline.stages.create', { name: 'Demo', probabilityBp: 4000, position: 3 });
    expect(app.call('pipeline.stages', {}).map((s) => s.name)).toEqual([
      'New',
      'Qualified',
      'Demo',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
    app.call('pipeline.stages.update', { id: demo.id, name: 'Product demo', probabilityBp: 4500, position: 1 });
    expect(app.call('pipeline.stages', {})[0]).toMatchObject({ name: 'Product demo', position: 1 });
    const deal = app.call('opportunities.create', opportunity({ stageId: demo.id }));
    expect(app.fail('pipeline.stages.delete', { id: demo.id }).issues).toEqual([
      { field: 'id', code: 'stage_in_use', params: { count: 1 } },
    ]);
    app.call('opportunities.move', { id: deal.id, stageId: NEW! });
    app.call('pipeline.stages.delete', { id: demo.id });
    for (const stage of DEFAULT_STAGES.filter((s) => s.kind === 'open' && s.id !== NEW)) {
      app.call('pipeline.stages.delete', { id: stage.id });
    }
    app.call('opportunities.move', { id: deal.id, stageId: WON_STAGE_ID });
    expect(app.fail('pipeline.stages.delete', { id: NEW! }).issues?.[0]?.code).toBe('last_open_stage');
  });

  it('a stage renamed from a stale dialog keeps the place another window gave it meanwhile', () => {
    const demo = app.call('pipeline.stages.create', { name: 'Demo', probabilityBp: 4000, position: 3 });
    app.call('pipeline.stages.update', { id: demo.id, name: 'Demo', probabilityBp: 4000, position: 1 });
    app.call('pipeline.stages.update', {
      id: demo.id,
      name: 'Product demo',
      probabilityBp: 4000,
      position: 3,
      changed: ['name'],
    });
    expect(app.call('pipeline.stages', {})[0]).toMatchObject({ id: demo.id, name: 'Product demo', position: 1 });
  });
});

describe('opportunities', () => {
  it('creates in the first open stage with its default probability and a history row', () => {
    const deal = app.call('opportunities.create', opportunity({ expectedCloseDate: '2026-12-21' }));
    expect(deal).toMatchObject({
      stageId: NEW,
      stageKind: 'open',
      probabilityBp: 1000,
      customerName: 'Aria Trading',
      amountMinor: 125_000_000,
      currency: 'IRR',
      expectedCloseDate: '2026-12-21',
      closedAt: null,
    });
    const { history } = app.call('opportunities.get', { id: deal.id });
    expect(history).toEqual([
      expect.objectContaining({ stageId: NEW, enteredAt: '2026-11-22T08:00:00.000Z', leftAt: null }),
    ]);
  });

  it('records each stage entered and left, needs a reason to lose, and can be won', () => {
    const deal = app.call('opportunities.create', opportunity());
    now += 86_400_000;
    app.call('opportunities.move', { id: deal.id, stageId: PROPOSAL! });
    now += 86_400_000;
    expect(app.fail('opportunities.move', { id: deal.id, stageId: LOST_STAGE_ID }).issues).toEqual([
      { field: 'lostReason', code: 'lost_reason_required' },
    ]);
    const lost = app.call('opportunities.move', { id: deal.id, stageId: LOST_STAGE_ID, lostReason: 'Too expensive' });
    expect(lost).toMatchObject({ stageKind: 'lost', lostReason: 'Too expensive', probabilityBp: 0 });
    expect(lost.closedAt).toBe('2026-11-24T08:00:00.000Z');
    now += 3_600_000;
    const won = app.call('opportunities.move', { id: deal.id, stageId: WON_STAGE_ID });
    expect(won).toMatchObject({ stageKind: 'won', lostReason: '', probabilityBp: 10_000 });
    const { history } = app.call('opportunities.get', { id: deal.id });
    expect(history.map((h) => [h.stageName, h.enteredAt, h.leftAt])).toEqual([
      ['New', '2026-11-22T08:00:00.000Z', '2026-11-23T08:00:00.000Z'],
      ['Proposal', '2026-11-23T08:00:00.000Z', '2026-11-24T08:00:00.000Z'],
      ['Lost', '2026-11-24T08:00:00.000Z', '2026-11-24T09:00:00.000Z'],
      ['Won', '2026-11-24T09:00:00.000Z', null],
    ]);
    // Every write went through the write path: history rows are in the change log.
    const logged = app.db.sqlite
      .prepare("SELECT count(*) AS n FROM change_log WHERE table_name = 'opportunity_stage_history'")
      .get() as { n: number };
    expect(logged.n).toBe(4 + 3);
  });

  it('moves through update too, keeping a chosen probability', () => {
    const deal = app.call('opportunities.create', opportunity());
    const updated = app.call('opportunities.update', {
      id: deal.id,
      ...opportunity(),
      stageId: QUALIFIED!,
      probabilityBp: 3300,
    });
    expect(updated).toMatchObject({ stageId: QUALIFIED, probabilityBp: 3300 });
    expect(app.call('opportunities.get', { id: deal.id }).history).toHaveLength(2);
  });

  it('an edit that names its changed fields keeps the others as stored (deals and leads)', () => {
    const deal = app.call('opportunities.create', opportunity());
    // A synced computer moves the deal on and raises the amount, while a form opened before renames it.
    app.call('opportunities.update', { id: deal.id, ...opportunity({ amountMinor: 150_000_000 }), stageId: PROPOSAL! });
    const renamed = app.call('opportunities.update', {
      id: deal.id,
      ...opportunity({ title: 'Printer service, 2 years' }),
      stageId: NEW!,
      changed: ['title'],
    });
    expect(renamed).toMatchObject({ title: 'Printer service, 2 years', stageId: PROPOSAL, amountMinor: 150_000_000 });

    const lead = app.call('leads.create', { name: 'Reza Ahmadi', company: 'Ahmadi Print', source: 'phone' });
    app.call('leads.update', {
      id: lead.id,
      name: 'Reza Ahmadi',
      company: 'Ahmadi Print',
      source: 'phone',
      notes: 'Call after 5',
    });
    const edited = app.call('leads.update', {
      id: lead.id,
      name: 'Reza Ahmadi',
      company: 'Ahmadi Print',
      source: 'website',
      changed: ['source'],
    });
    expect(edited).toMatchObject({ source: 'website', notes: 'Call after 5' });
  });

  it('names each bad input and saves nothing', () => {
    const before = [count('opportunities'), count('opportunity_stage_history'), count('change_log')];
    expect(app.fail('opportunities.create', opportunity({ amountMinor: -1 })).issues).toEqual([
      { field: 'amountMinor', code: 'negative_amount', params: {} },
    ]);
    expect(
      app.fail('opportunities.create', opportunity({ customerId: '01900000-0000-7000-8000-000000000000' })).issues,
    ).toEqual([{ field: 'customerId', code: 'unknown_customer' }]);
    expect(
      app.fail('opportunities.create', opportunity({ stageId: '01900000-0000-7000-8000-000000000000' })).issues,
    ).toEqual([{ field: 'stageId', code: 'unknown_stage' }]);
    expect(app.fail('opportunities.create', opportunity({ stageId: LOST_STAGE_ID })).issues).toEqual([
      { field: 'lostReason', code: 'lost_reason_required' },
    ]);
    expect(app.fail('opportunities.create', opportunity({ currency: 'XYZ1' })).issues?.[0]).toMatchObject({
      field: 'currency',
      code: 'invalid_currency',
    });
    expect(app.fail('opportunities.create', opportunity({ title: '' })).issues?.[0]).toMatchObject({
      field: 'title',
      code: 'required',
    });
    const deal = app.call('opportunities.create', opportunity());
    expect(
      app.fail('opportunities.move', { id: deal.id, stageId: '01900000-0000-7000-8000-000000000000' }).issues,
    ).toEqual([{ field: 'stageId', code: 'unknown_stage' }]);
    expect([count('opportunities'), count('opportunity_stage_history')]).toEqual([before[0]! + 1, before[1]! + 1]);
  });

  it('lists, filters by customer and stage kind, searches, deletes and restores', () => {
    const other = app.call('customers.create', { kind: 'person', name: 'Sara Karimi' }).id;
    const a = app.call('opportunities.create', opportunity());
    app.call('opportunities.create', opportunity({ title: 'Toner supply', customerId: other, stageId: WON_STAGE_ID }));
    expect(app.call('opportunities.list', { customerId }).rows.map((o) => o.id)).toEqual([a.id]);
    expect(app.call('opportunities.list', { kind: 'won' }).rows.map((o) => o.title)).toEqual(['Toner supply']);
    expect(app.call('opportunities.list', { query: 'sara' }).total).toBe(1);
    expect(app.call('opportunities.list', { query: 'printer' }).total).toBe(1);
    app.call('opportunities.delete', { id: a.id });
    expect(app.call('opportunities.list', {}).total).toBe(1);
    app.call('opportunities.restore', { id: a.id });
    expect(app.call('opportunities.list', {}).total).toBe(2);
  });
});

describe('board', () => {
  it('has every stage with counts, per-currency totals and cards', () => {
    app.call('opportunities.create', opportunity({ amountMinor: 100 }));
    app.call('opportunities.create', opportunity({ amountMinor: 250 }));
    app.call('opportunities.create', opportunity({ amountMinor: 1999, currency: 'USD' }));
    app.call('opportunities.create', opportunity({ amountMinor: 7, stageId: WON_STAGE_ID }));
    const board = app.call('pipeline.board', {});
    expect(board.columns.map((c) => c.stage.name)).toEqual([
      'New',
      'Qualified',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
    const [first] = board.columns;
    expect(first?.count).toBe(3);
    expect(first?.totals).toEqual([
      { currency: 'USD', amountMinor: 1999 },
      { currency: 'IRR', amountMinor: 350 },
    ]);
    expect(first?.opportunities).toHaveLength(3);
    expect(board.columns[4]).toMatchObject({ count: 1, totals: [{ currency: 'IRR', amountMinor: 7 }] });
    expect(app.call('pipeline.board', { closedLimit: 0 }).columns[4]?.opportunities).toEqual([]);
  });
});

describe('leads', () => {
  it('creates with a normalized phone, moves through statuses, needs a reason to disqualify', () => {
    const lead = app.call('leads.create', {
      name: 'Reza Ahmadi',
      company: 'Ahmadi Print',
      phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
      email: 'reza@example.com',
      source: 'phone',
    });
    expect(lead).toMatchObject({ status: 'new', phone: '+989123456789', source: 'phone' });
    const input = { name: lead.name, company: lead.company, phone: lead.phone, email: lead.email, source: lead.source };
    expect(app.call('leads.update', { id: lead.id, ...input, status: 'contacted' }).status).toBe('contacted');
    expect(app.fail('leads.update', { id: lead.id, ...input, status: 'disqualified' }).issues).toEqual([
      { field: 'disqualifyReason', code: 'disqualify_reason_required' },
    ]);
    const out = app.call('leads.update', {
      id: lead.id,
      ...input,
      status: 'disqualified',
      disqualifyReason: 'Only wanted a price',
    });
    expect(out).toMatchObject({ status: 'disqualified', disqualifyReason: 'Only wanted a price' });
    expect(app.call('leads.list', {}).total).toBe(0);
    expect(app.call('leads.list', { includeClosed: true }).total).toBe(1);
    expect(app.call('leads.list', { status: 'disqualified', query: '۳۴۵۶' }).total).toBe(1);
  });

  it('reports a bad phone and email by field', () => {
    const issues = app.fail('leads.create', { name: 'X', phone: '12', email: 'not-mail' }).issues;
    expect(issues).toEqual([expect.objectContaining({ field: 'email', code: 'invalid_email' })]);
    expect(app.fail('leads.create', { name: 'X', phone: '12' }).issues).toEqual([
      { field: 'phone', code: 'invalid_phone', params: { value: '12' } },
    ]);
    expect(count('leads')).toBe(0);
  });

  it('converts in one step to an organization, a person under it and an opportunity', () => {
    const lead = app.call('leads.create', { name: 'Reza Ahmadi', company: 'Ahmadi Print', phone: '09123456789' });
    const result = app.call('leads.convert', {
      id: lead.id,
      organization: { create: true },
      person: { create: true },
      opportunity: { title: 'Ahmadi Print deal', amountMinor: 50_000_000, currency: 'IRR', stageId: QUALIFIED! },
    });
    expect(result.customer).toMatchObject({ kind: 'organization', name: 'Ahmadi Print' });
    expect(result.person).toMatchObject({ kind: 'person', name: 'Reza Ahmadi', organizationId: result.customer.id });
    expect(result.person?.phones.map((p) => p.number)).toEqual(['+989123456789']);
    expect(result.opportunity).toMatchObject({
      customerId: result.customer.id,
      stageId: QUALIFIED,
      probabilityBp: 2500,
      leadId: lead.id,
    });
    expect(result.lead).toMatchObject({
      status: 'converted',
      convertedCustomerId: result.customer.id,
      convertedCustomerName: 'Ahmadi Print',
      convertedOpportunityId: result.opportunity?.id,
      convertedAt: '2026-11-22T08:00:00.000Z',
    });
    // A converted lead cannot be converted or edited again.
    expect(app.fail('leads.convert', { id: lead.id }).issues?.[0]).toMatchObject({
      field: 'id',
      code: 'lead_converted',
    });
    expect(app.fail('leads.update', { id: lead.id, name: 'Other' }).issues?.[0]?.code).toBe('lead_converted');
  });

  it('finds the duplicate and links to the existing customer instead of creating a twin', () => {
    const existing = app.call('customers.create', {
      kind: 'person',
      name: 'Reza Ahmadi',
      phones: [{ number: '0912 345 6789' }],
    });
    const lead = app.call('leads.create', { name: 'رضا احمدی', phone: '+98 912 345 6789' });
    const found = app.call('leads.duplicates', { id: lead.id });
    expect(found.person.map((d) => d.customer.id)).toEqual([existing.id]);
    expect(found.person[0]?.reasons).toContain('same_phone');

    const customers = count('customers');
    const refused = app.fail('leads.convert', { id: lead.id, person: { create: true } });
    expect(refused.issues).toEqual([{ field: 'person', code: 'possible_duplicate', params: { names: 'Reza Ahmadi' } }]);
    expect(count('customers')).toBe(customers);
    expect(app.call('leads.get', { id: lead.id }).status).toBe('new');

    const linked = app.call('leads.convert', {
      id: lead.id,
      person: { existingId: existing.id },
      opportunity: { title: 'Repeat order' },
    });
    expect(linked.customer.id).toBe(existing.id);
    expect(linked.person).toBeNull();
    expect(linked.opportunity).toMatchObject({ customerId: existing.id, stageId: NEW, currency: 'IRR' });
    expect(count('customers')).toBe(customers);
  });

  it('creates anyway when told to ignore duplicates', () => {
    app.call('customers.create', { kind: 'person', name: 'Reza Ahmadi' });
    const lead = app.call('leads.create', { name: 'Reza Ahmadi' });
    const result = app.call('leads.convert', { id: lead.id, person: { create: true, ignoreDuplicates: true } });
    expect(result.customer).toMatchObject({ kind: 'person', name: 'Reza Ahmadi' });
    expect(result.opportunity).toBeNull();
  });

  it('rolls back everything when a later step fails', () => {
    const lead = app.call('leads.create', { name: 'Reza Ahmadi', company: 'Ahmadi Print' });
    const before = [count('customers'), count('opportunities'), count('change_log')];
    const failed = app.fail('leads.convert', {
      id: lead.id,
      organization: { create: true },
      person: { create: true },
      opportunity: { title: 'Deal', amountMinor: 5, stageId: LOST_STAGE_ID },
    });
    expect(failed.issues).toEqual([{ field: 'opportunity.lostReason', code: 'lost_reason_required' }]);
    expect([count('customers'), count('opportunities'), count('change_log')]).toEqual(before);
    expect(app.call('leads.get', { id: lead.id }).status).toBe('new');
    expect(app.fail('leads.convert', { id: lead.id, person: { create: false } }).issues).toEqual([
      { field: 'person', code: 'convert_needs_customer' },
    ]);
    expect(app.fail('leads.convert', { id: lead.id, opportunity: { title: 'Deal', amountMinor: -5 } }).issues).toEqual([
      { field: 'opportunity.amountMinor', code: 'negative_amount', params: {} },
    ]);
  });
});
