/** Reads of stages, leads and opportunities (with their customer's name), and the board. */
import { sql, type Db } from '../../../db/database';
import type { LeadRow, OpportunityRow, StageRow } from '../../../db/schema';
import {
  leadListQuerySchema,
  opportunityListQuerySchema,
  type Board,
  type BoardColumn,
  type Lead,
  type LeadListQuery,
  type LeadListResult,
  type LeadSource,
  type MoneyTotal,
  type Opportunity,
  type OpportunityListQuery,
  type OpportunityListResult,
  type Stage,
  type StageHistoryEntry,
} from '../../../shared/pipeline/pipeline.schema';
import { normalizeForSearch } from '../../../shared/text/normalize';

export function toStage(row: StageRow): Stage {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    probabilityBp: row.probability_bp,
    kind: row.kind,
  };
}

/** Live stages in board order. */
export function listStages(db: Db): Stage[] {
  return db
    .all(
      sql.selectFrom('pipeline_stages').selectAll().where('deleted_at', 'is', null).orderBy('position').orderBy('id'),
    )
    .map(toStage);
}

export function findStageRow(db: Db, id: string): StageRow | undefined {
  return db.first(sql.selectFrom('pipeline_stages').selectAll().where('id', '=', id));
}

type LeadWithName = LeadRow & { converted_customer_name: string | null };

export function toLead(row: LeadWithName): Lead {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    phone: row.phone,
    email: row.email,
    source: row.source as LeadSource,
    status: row.status,
    disqualifyReason: row.disqualify_reason,
    notes: row.notes,
    ownerId: row.owner_id,
    convertedCustomerId: row.converted_customer_id,
    convertedCustomerName: row.converted_customer_name,
    convertedOpportunityId: row.converted_opportunity_id,
    convertedAt: row.converted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

function leadsWithNames() {
  return sql
    .selectFrom('leads as l')
    .leftJoin('customers as c', 'c.id', 'l.converted_customer_id')
    .selectAll('l')
    .select('c.name as converted_customer_name');
}

export function findLead(db: Db, id: string): Lead | null {
  const row = db.first(leadsWithNames().where('l.id', '=', id));
  return row ? toLead(row) : null;
}

export function findLeadRow(db: Db, id: string): LeadRow | undefined {
  return db.first(sql.selectFrom('leads').selectAll().where('id', '=', id));
}

export function listLeads(db: Db, input: LeadListQuery): LeadListResult {
  const q = leadListQuerySchema.parse(input);
  let base = leadsWithNames().where('l.deleted_at', 'is', null);
  if (q.status) base = base.where('l.status', '=', q.status);
  else if (!q.includeClosed) base = base.where('l.status', 'in', ['new', 'contacted', 'qualified']);
  const needle = normalizeForSearch(q.query);
  if (needle) base = base.where((eb) => eb(eb.fn<number>('instr', ['l.search_text', eb.val(needle)]), '>', 0));
  const total = db.first(base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const rows = db.all(base.orderBy('l.created_at', 'desc').orderBy('l.seq', 'desc').limit(q.limit).offset(q.offset));
  return { total, rows: rows.map(toLead) };
}

type OpportunityWithNames = OpportunityRow & { customer_name: string | null; stage_kind: Stage['kind'] | null };

export function toOpportunity(row: OpportunityWithNames): Opportunity {
  return {
    id: row.id,
    title: row.title,
    customerId: row.customer_id,
    customerName: row.customer_name ?? '',
    stageId: row.stage_id,
    stageKind: row.stage_kind ?? 'open',
    amountMinor: row.amount_minor,
    currency: row.currency,
    probabilityBp: row.probability_bp,
    expectedCloseDate: row.expected_close_date,
    ownerId: row.owner_id,
    lostReason: row.lost_reason,
    leadId: row.lead_id,
    stageEnteredAt: row.stage_entered_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

function opportunitiesWithNames() {
  return sql
    .selectFrom('opportunities as o')
    .leftJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin('pipeline_stages as s', 's.id', 'o.stage_id')
    .selectAll('o')
    .select(['c.name as customer_name', 's.kind as stage_kind']);
}

export function findOpportunity(db: Db, id: string): Opportunity | null {
  const row = db.first(opportunitiesWithNames().where('o.id', '=', id));
  return row ? toOpportunity(row) : null;
}

export function findOpportunityRow(db: Db, id: string): OpportunityRow | undefined {
  return db.first(sql.selectFrom('opportunities').selectAll().where('id', '=', id));
}

export function listOpportunities(db: Db, input: OpportunityListQuery): OpportunityListResult {
  const q = opportunityListQuerySchema.parse(input);
  let base = opportunitiesWithNames().where('o.deleted_at', 'is', null);
  if (q.stageId) base = base.where('o.stage_id', '=', q.stageId);
  if (q.customerId) base = base.where('o.customer_id', '=', q.customerId);
  if (q.kind) base = base.where('s.kind', '=', q.kind);
  const needle = normalizeForSearch(q.query);
  if (needle) {
    base = base.where((eb) =>
      eb.or([
        eb(eb.fn<number>('instr', ['o.search_text', eb.val(needle)]), '>', 0),
        eb(eb.fn<number>('instr', ['c.search_text', eb.val(needle)]), '>', 0),
      ]),
    );
  }
  const total = db.first(base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const rows = db.all(
    base
      .orderBy('s.position')
      .orderBy('o.stage_entered_at', 'desc')
      .orderBy('o.seq', 'desc')
      .limit(q.limit)
      .offset(q.offset),
  );
  return { total, rows: rows.map(toOpportunity) };
}

export function stageHistory(db: Db, opportunityId: string): StageHistoryEntry[] {
  return db
    .all(
      sql
        .selectFrom('opportunity_stage_history as h')
        .leftJoin('pipeline_stages as s', 's.id', 'h.stage_id')
        .select(['h.id', 'h.stage_id', 'h.entered_at', 'h.left_at', 's.name as stage_name'])
        .where('h.opportunity_id', '=', opportunityId)
        .where('h.deleted_at', 'is', null)
        .orderBy('h.entered_at')
        .orderBy('h.seq'),
    )
    .map((row) => ({
      id: row.id,
      stageId: row.stage_id,
      stageName: row.stage_name ?? '',
      enteredAt: row.entered_at,
      leftAt: row.left_at,
    }));
}

/**
 * The board: every live stage with its count and per-currency totals (all its opportunities),
 * every card of the open stages, and the most recently closed `closedLimit` of won/lost stages.
 */
export function boardData(db: Db, closedLimit: number): Board {
  const stages = listStages(db);
  const totals = db
    .prepare(
      `SELECT stage_id, currency, count(*) AS n, sum(amount_minor) AS amount FROM opportunities
       WHERE deleted_at IS NULL GROUP BY stage_id, currency`,
    )
    .all() as { stage_id: string; currency: string; n: number; amount: number }[];
  const columns = new Map<string, BoardColumn>(
    stages.map((stage) => [stage.id, { stage, count: 0, totals: [], opportunities: [] }]),
  );
  for (const row of totals) {
    const column = columns.get(row.stage_id);
    if (!column) continue;
    column.count += row.n;
    column.totals.push({ currency: row.currency, amountMinor: row.amount });
  }
  // Cards per stage straight from the (stage_id, stage_entered_at) index, then the customers'
  // names in one lookup: cheaper than joining customers row by row for thousands of cards.
  const cardRows = (stageId: string, limit: number) =>
    db
      .prepare(
        `SELECT * FROM opportunities WHERE stage_id = ? AND deleted_at IS NULL
         ORDER BY stage_entered_at DESC, seq DESC LIMIT ?`,
      )
      .all(stageId, limit) as OpportunityRow[];
  const picked: { stage: Stage; rows: OpportunityRow[] }[] = [];
  for (const stage of stages) {
    if (stage.kind !== 'open' && closedLimit === 0) continue;
    picked.push({ stage, rows: cardRows(stage.id, stage.kind === 'open' ? -1 : closedLimit) });
  }
  const customerIds = [...new Set(picked.flatMap((p) => p.rows.map((r) => r.customer_id)))];
  const names = new Map(
    (
      db
        .prepare('SELECT c.id, c.name FROM json_each(?) AS j JOIN customers AS c ON c.id = j.value')
        .all(JSON.stringify(customerIds)) as { id: string; name: string }[]
    ).map((c) => [c.id, c.name]),
  );
  for (const { stage, rows } of picked) {
    const column = columns.get(stage.id);
    if (!column) continue;
    column.opportunities = rows.map((row) =>
      toOpportunity({ ...row, customer_name: names.get(row.customer_id) ?? null, stage_kind: stage.kind }),
    );
  }
  const byAmount = (a: MoneyTotal, b: MoneyTotal) =>
    b.amountMinor - a.amountMinor || a.currency.localeCompare(b.currency);
  return {
    columns: stages
      .map((stage) => columns.get(stage.id))
      .filter((c) => c !== undefined)
      .map((c) => ({ ...c, totals: c.totals.sort(byAmount) })),
  };
}
