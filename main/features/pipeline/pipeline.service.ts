/**
 * Rules of the sales pipeline. Stages are configurable (a lost stage needs a reason, the last
 * open stage cannot go, a stage with deals cannot go). Opportunities belong to a live customer,
 * have a non-negative amount in a known currency, and every stage change closes one history row
 * and opens the next in the same transaction. Leads convert in one transaction into customers
 * (created or linked, after the duplicate check) plus an opportunity, and keep links to both.
 * Every write goes through the write path.
 */
import { v7 as uuidv7 } from 'uuid';
import type { LeadRow, OpportunityRow, StageRow } from '../../../db/schema';
import type { Customer } from '../../../shared/customers/customer.schema';
import { parsePhone } from '../../../shared/customers/phone';
import { withChanged } from '../../../shared/changed-fields';
import { AppError, type FieldIssue } from '../../../shared/errors';
import type {
  Lead,
  LeadConvertResult,
  LeadConvertValues,
  LeadDuplicates,
  LeadValues,
  Opportunity,
  OpportunityValues,
  Stage,
  StageValues,
} from '../../../shared/pipeline/pipeline.schema';
import { deleteRecord, insertRecord, restoreRecord, updateRecord, type Writer } from '../../sync/mutate';
import type { Fields } from '../../sync/tables';
import { customerRef, findCustomer } from '../customers/customer.repository';
import { createCustomer } from '../customers/customer.service';
import { findDuplicates } from '../duplicates/duplicate.repository';
import {
  findLead,
  findLeadRow,
  findOpportunity,
  findOpportunityRow,
  findStageRow,
  listStages,
  toStage,
} from './pipeline.repository';

export interface PipelineContext {
  writer: Writer;
  phoneRegion: string;
  now(): number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function ownerIssue(ctx: PipelineContext, ownerId: string | null, field = 'ownerId'): FieldIssue[] {
  if (!ownerId) return [];
  const user = ctx.writer.db.prepare('SELECT deleted_at FROM users WHERE id = ?').get(ownerId) as
    { deleted_at: string | null } | undefined;
  return user && !user.deleted_at ? [] : [{ field, code: 'unknown_owner' }];
}

function liveStage(ctx: PipelineContext, id: string): StageRow | null {
  const row = findStageRow(ctx.writer.db, id);
  return row && !row.deleted_at ? row : null;
}

// ---- Stages ----------------------------------------------------------------------------------

function mustFindStage(ctx: PipelineContext, id: string): StageRow {
  const row = liveStage(ctx, id);
  if (!row) throw new AppError('not_found', { params: { id } });
  return row;
}

/** Puts `id` at `position` (1-based) and renumbers the other live stages after it. */
function placeStage(ctx: PipelineContext, id: string, position: number | null): void {
  const others = listStages(ctx.writer.db).filter((s) => s.id !== id);
  const index = position === null ? others.length : Math.min(Math.max(position - 1, 0), others.length);
  const order = [...others.slice(0, index).map((s) => s.id), id, ...others.slice(index).map((s) => s.id)];
  order.forEach((stageId, i) => updateRecord(ctx.writer, 'pipeline_stages', stageId, { position: i + 1 }));
}

export function createStage(ctx: PipelineContext, values: StageValues): Stage {
  const id = uuidv7();
  ctx.writer.db.transaction(() => {
    const last = listStages(ctx.writer.db).length;
    insertRecord(ctx.writer, 'pipeline_stages', id, {
      name: values.name,
      position: last + 1,
      probability_bp: values.probabilityBp,
      kind: values.kind,
    });
    if (values.position !== null) placeStage(ctx, id, values.position);
  });
  return toStage(mustFindStage(ctx, id));
}

function openStageCount(ctx: PipelineContext, exceptId: string): number {
  return listStages(ctx.writer.db).filter((s) => s.kind === 'open' && s.id !== exceptId).length;
}

function stageUsed(ctx: PipelineContext, id: string): number {
  const row = ctx.writer.db
    .prepare('SELECT count(*) AS n FROM opportunities WHERE stage_id = ? AND deleted_at IS NULL')
    .get(id) as { n: number };
  return row.n;
}

/** With `changed`, as for deals: the other fields keep what is stored now. */
export function updateStage(
  ctx: PipelineContext,
  id: string,
  edited: StageValues,
  changed?: readonly (keyof StageValues)[],
): Stage {
  ctx.writer.db.transaction(() => {
    const row = mustFindStage(ctx, id);
    const stored: StageValues = {
      name: row.name,
      probabilityBp: row.probability_bp,
      kind: row.kind,
      position: row.position,
    };
    const values = changed ? withChanged(stored, edited, changed) : edited;
    if (row.kind === 'open' && values.kind !== 'open' && openStageCount(ctx, id) === 0) {
      throw AppError.validation([{ field: 'kind', code: 'last_open_stage' }]);
    }
    if (row.kind !== values.kind && stageUsed(ctx, id) > 0) {
      throw AppError.validation([{ field: 'kind', code: 'stage_in_use', params: { count: stageUsed(ctx, id) } }]);
    }
    updateRecord(ctx.writer, 'pipeline_stages', id, {
      name: values.name,
      probability_bp: values.probabilityBp,
      kind: values.kind,
    });
    if (values.position !== null && values.position !== row.position) placeStage(ctx, id, values.position);
  });
  return toStage(mustFindStage(ctx, id));
}

export function deleteStage(ctx: PipelineContext, id: string): void {
  ctx.writer.db.transaction(() => {
    const row = mustFindStage(ctx, id);
    const used = stageUsed(ctx, id);
    if (used > 0) throw AppError.validation([{ field: 'id', code: 'stage_in_use', params: { count: used } }]);
    if (row.kind === 'open' && openStageCount(ctx, id) === 0) {
      throw AppError.validation([{ field: 'id', code: 'last_open_stage' }]);
    }
    deleteRecord(ctx.writer, 'pipeline_stages', id);
  });
}

// ---- Opportunities ---------------------------------------------------------------------------

function currencyIssue(currency: string, field: string): FieldIssue[] {
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency });
    return /^[A-Z]{3}$/.test(currency) ? [] : [{ field, code: 'invalid_currency', params: { value: currency } }];
  } catch {
    return [{ field, code: 'invalid_currency', params: { value: currency } }];
  }
}

function firstOpenStage(ctx: PipelineContext): StageRow {
  const first = listStages(ctx.writer.db).find((s) => s.kind === 'open');
  const row = first ? liveStage(ctx, first.id) : null;
  if (!row) throw AppError.validation([{ field: 'stageId', code: 'unknown_stage' }]);
  return row;
}

/** Checks links and rules of an opportunity's values; `prefix` names fields inside a larger input. */
function checkOpportunity(
  ctx: PipelineContext,
  values: OpportunityValues,
  prefix = '',
): { issues: FieldIssue[]; stage: StageRow | null } {
  const issues: FieldIssue[] = [];
  const customer = customerRef(ctx.writer.db, values.customerId);
  if (!customer || customer.deleted) issues.push({ field: `${prefix}customerId`, code: 'unknown_customer' });
  let stage: StageRow | null = null;
  if (values.stageId) {
    stage = liveStage(ctx, values.stageId);
    if (!stage) issues.push({ field: `${prefix}stageId`, code: 'unknown_stage' });
  } else {
    stage = firstOpenStage(ctx);
  }
  issues.push(...currencyIssue(values.currency, `${prefix}currency`));
  if (stage?.kind === 'lost' && !values.lostReason)
    issues.push({ field: `${prefix}lostReason`, code: 'lost_reason_required' });
  issues.push(...ownerIssue(ctx, values.ownerId, `${prefix}ownerId`));
  return { issues, stage };
}

function opportunityResult(ctx: PipelineContext, id: string): Opportunity {
  const opportunity = findOpportunity(ctx.writer.db, id);
  if (!opportunity) throw new AppError('not_found', { params: { id } });
  return opportunity;
}

function enterStage(ctx: PipelineContext, opportunityId: string, stageId: string, at: string): void {
  insertRecord(ctx.writer, 'opportunity_stage_history', uuidv7(), {
    opportunity_id: opportunityId,
    stage_id: stageId,
    entered_at: at,
    left_at: null,
  });
}

/** Inserts a checked opportunity (inside the caller's transaction) and its first history row. */
function insertOpportunity(
  ctx: PipelineContext,
  values: OpportunityValues,
  stage: StageRow,
  leadId: string | null,
): string {
  const id = uuidv7();
  const at = iso(ctx.now());
  insertRecord(ctx.writer, 'opportunities', id, {
    title: values.title,
    customer_id: values.customerId,
    stage_id: stage.id,
    amount_minor: values.amountMinor,
    currency: values.currency,
    probability_bp: values.probabilityBp ?? stage.probability_bp,
    expected_close_date: values.expectedCloseDate,
    owner_id: values.ownerId ?? ctx.writer.userId,
    lost_reason: stage.kind === 'lost' ? values.lostReason : '',
    lead_id: leadId,
    stage_entered_at: at,
    closed_at: stage.kind === 'open' ? null : at,
  });
  enterStage(ctx, id, stage.id, at);
  return id;
}

export function createOpportunity(ctx: PipelineContext, values: OpportunityValues): Opportunity {
  const id = ctx.writer.db.transaction(() => {
    const { issues, stage } = checkOpportunity(ctx, values);
    if (issues.length || !stage) throw AppError.validation(issues);
    return insertOpportunity(ctx, values, stage, null);
  });
  return opportunityResult(ctx, id);
}

function mustFindOpportunity(ctx: PipelineContext, id: string): OpportunityRow {
  const row = findOpportunityRow(ctx.writer.db, id);
  if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
  return row;
}

/** The fields of a stage change: history closed and opened, probability and closing follow the stage. */
function stageChange(ctx: PipelineContext, row: OpportunityRow, stage: StageRow, lostReason: string): Fields {
  const at = iso(ctx.now());
  ctx.writer.db
    .prepare(
      'SELECT id FROM opportunity_stage_history WHERE opportunity_id = ? AND left_at IS NULL AND deleted_at IS NULL',
    )
    .all(row.id)
    .forEach((open) =>
      updateRecord(ctx.writer, 'opportunity_stage_history', (open as { id: string }).id, { left_at: at }),
    );
  enterStage(ctx, row.id, stage.id, at);
  return {
    stage_id: stage.id,
    stage_entered_at: at,
    probability_bp: stage.probability_bp,
    closed_at: stage.kind === 'open' ? null : at,
    lost_reason: stage.kind === 'lost' ? lostReason : '',
  };
}

/**
 * With `changed`, only those fields come from `edited`; the rest keep what is stored now, which
 * another window or a synced computer may have written since the form opened.
 */
export function updateOpportunity(
  ctx: PipelineContext,
  id: string,
  edited: OpportunityValues,
  changed?: readonly (keyof OpportunityValues)[],
): Opportunity {
  ctx.writer.db.transaction(() => {
    const row = mustFindOpportunity(ctx, id);
    const stored: OpportunityValues = {
      title: row.title,
      customerId: row.customer_id,
      stageId: row.stage_id,
      amountMinor: row.amount_minor,
      currency: row.currency,
      probabilityBp: row.probability_bp,
      expectedCloseDate: row.expected_close_date,
      lostReason: row.lost_reason,
      ownerId: row.owner_id,
    };
    const values = changed ? withChanged(stored, edited, changed) : edited;
    const { issues, stage } = checkOpportunity(ctx, { ...values, stageId: values.stageId ?? row.stage_id });
    if (issues.length || !stage) throw AppError.validation(issues);
    const fields: Fields = {
      title: values.title,
      customer_id: values.customerId,
      amount_minor: values.amountMinor,
      currency: values.currency,
      expected_close_date: values.expectedCloseDate,
      owner_id: values.ownerId ?? row.owner_id,
      lost_reason: stage.kind === 'lost' ? values.lostReason : '',
    };
    if (stage.id !== row.stage_id) Object.assign(fields, stageChange(ctx, row, stage, values.lostReason));
    if (values.probabilityBp !== null) fields.probability_bp = values.probabilityBp;
    updateRecord(ctx.writer, 'opportunities', id, fields);
  });
  return opportunityResult(ctx, id);
}

/** Moves to another stage (the board's drag and drop and keyboard moves). */
export function moveOpportunity(ctx: PipelineContext, id: string, stageId: string, lostReason: string): Opportunity {
  ctx.writer.db.transaction(() => {
    const row = mustFindOpportunity(ctx, id);
    const stage = liveStage(ctx, stageId);
    if (!stage) throw AppError.validation([{ field: 'stageId', code: 'unknown_stage' }]);
    if (stage.kind === 'lost' && !lostReason)
      throw AppError.validation([{ field: 'lostReason', code: 'lost_reason_required' }]);
    if (stage.id === row.stage_id) {
      if (stage.kind === 'lost') updateRecord(ctx.writer, 'opportunities', id, { lost_reason: lostReason });
      return;
    }
    updateRecord(ctx.writer, 'opportunities', id, stageChange(ctx, row, stage, lostReason));
  });
  return opportunityResult(ctx, id);
}

export function deleteOpportunity(ctx: PipelineContext, id: string): void {
  const row = findOpportunityRow(ctx.writer.db, id);
  if (!row) throw new AppError('not_found', { params: { id } });
  if (!row.deleted_at) deleteRecord(ctx.writer, 'opportunities', id);
}

export function restoreOpportunity(ctx: PipelineContext, id: string): Opportunity {
  if (!findOpportunityRow(ctx.writer.db, id)) throw new AppError('not_found', { params: { id } });
  restoreRecord(ctx.writer, 'opportunities', id);
  return opportunityResult(ctx, id);
}

// ---- Leads -----------------------------------------------------------------------------------

function leadResult(ctx: PipelineContext, id: string): Lead {
  const lead = findLead(ctx.writer.db, id);
  if (!lead) throw new AppError('not_found', { params: { id } });
  return lead;
}

function leadFields(ctx: PipelineContext, values: LeadValues): Fields {
  const issues: FieldIssue[] = [];
  let phone = '';
  if (values.phone) {
    const parsed = parsePhone(values.phone, ctx.phoneRegion);
    if (parsed) phone = parsed;
    else issues.push({ field: 'phone', code: 'invalid_phone', params: { value: values.phone } });
  }
  if (values.status === 'disqualified' && !values.disqualifyReason) {
    issues.push({ field: 'disqualifyReason', code: 'disqualify_reason_required' });
  }
  issues.push(...ownerIssue(ctx, values.ownerId));
  if (issues.length) throw AppError.validation(issues);
  return {
    name: values.name,
    company: values.company,
    phone,
    email: values.email,
    source: values.source,
    status: values.status,
    disqualify_reason: values.status === 'disqualified' ? values.disqualifyReason : '',
    notes: values.notes,
  };
}

export function createLead(ctx: PipelineContext, values: LeadValues): Lead {
  const id = uuidv7();
  const fields = leadFields(ctx, values);
  insertRecord(ctx.writer, 'leads', id, { ...fields, owner_id: values.ownerId ?? ctx.writer.userId });
  return leadResult(ctx, id);
}

function mustFindLead(ctx: PipelineContext, id: string): LeadRow {
  const row = findLeadRow(ctx.writer.db, id);
  if (!row || row.deleted_at) throw new AppError('not_found', { params: { id } });
  return row;
}

/** With `changed`, as for opportunities: the other fields keep what is stored now. */
export function updateLead(
  ctx: PipelineContext,
  id: string,
  edited: LeadValues,
  changed?: readonly (keyof LeadValues)[],
): Lead {
  ctx.writer.db.transaction(() => {
    const row = mustFindLead(ctx, id);
    if (row.status === 'converted') throw AppError.validation([{ field: 'id', code: 'lead_converted' }]);
    const stored: LeadValues = {
      name: row.name,
      company: row.company,
      phone: row.phone,
      email: row.email,
      source: row.source as LeadValues['source'],
      status: row.status,
      disqualifyReason: row.disqualify_reason,
      notes: row.notes,
      ownerId: row.owner_id,
    };
    const values = changed ? withChanged(stored, edited, changed) : edited;
    const fields = leadFields(ctx, values);
    updateRecord(ctx.writer, 'leads', id, { ...fields, owner_id: values.ownerId ?? row.owner_id });
  });
  return leadResult(ctx, id);
}

export function deleteLead(ctx: PipelineContext, id: string): void {
  const row = findLeadRow(ctx.writer.db, id);
  if (!row) throw new AppError('not_found', { params: { id } });
  if (!row.deleted_at) deleteRecord(ctx.writer, 'leads', id);
}

export function restoreLead(ctx: PipelineContext, id: string): Lead {
  if (!findLeadRow(ctx.writer.db, id)) throw new AppError('not_found', { params: { id } });
  restoreRecord(ctx.writer, 'leads', id);
  return leadResult(ctx, id);
}

/** Customers that look like the lead: its company as an organization, itself as a person. */
export function leadDuplicates(ctx: PipelineContext, id: string): LeadDuplicates {
  const row = mustFindLead(ctx, id);
  const phones = row.phone ? [row.phone] : [];
  const emails = row.email ? [row.email] : [];
  return {
    organization: row.company
      ? findDuplicates(
          ctx.writer.db,
          { kind: 'organization', name: row.company, phones: [], emails: [], excludeId: null },
          ctx.phoneRegion,
        )
      : [],
    person: findDuplicates(
      ctx.writer.db,
      { kind: 'person', name: row.name, phones, emails, excludeId: null },
      ctx.phoneRegion,
    ),
  };
}

function checkExisting(
  ctx: PipelineContext,
  existingId: string,
  kind: 'organization' | 'person',
  field: string,
  issues: FieldIssue[],
): void {
  const ref = customerRef(ctx.writer.db, existingId);
  if (!ref || ref.deleted || ref.kind !== kind) issues.push({ field, code: 'unknown_customer' });
}

export function convertLead(ctx: PipelineContext, input: LeadConvertValues): LeadConvertResult {
  const ids = ctx.writer.db.transaction(() => {
    const lead = mustFindLead(ctx, input.id);
    if (lead.status === 'converted') {
      throw AppError.validation([{ field: 'id', code: 'lead_converted', params: { name: lead.name } }]);
    }
    const { organization: org, person } = input;
    const issues: FieldIssue[] = [];
    const duplicates = leadDuplicates(ctx, lead.id);
    if (org.existingId) checkExisting(ctx, org.existingId, 'organization', 'organization.existingId', issues);
    else if (org.create) {
      if (!lead.company) issues.push({ field: 'company', code: 'required' });
      else if (!org.ignoreDuplicates && duplicates.organization[0]) {
        const names = duplicates.organization.map((d) => d.customer.name).join('، ');
        issues.push({ field: 'organization', code: 'possible_duplicate', params: { names } });
      }
    }
    if (person.existingId) checkExisting(ctx, person.existingId, 'person', 'person.existingId', issues);
    else if (person.create && !person.ignoreDuplicates && duplicates.person[0]) {
      const names = duplicates.person.map((d) => d.customer.name).join('، ');
      issues.push({ field: 'person', code: 'possible_duplicate', params: { names } });
    }
    const hasOrg = org.existingId !== null || (org.create && lead.company !== '');
    const hasPerson = person.existingId !== null || person.create;
    if (!hasOrg && !hasPerson) issues.push({ field: 'person', code: 'convert_needs_customer' });
    if (issues.length) throw AppError.validation(issues);

    const customerContext = { writer: ctx.writer, phoneRegion: ctx.phoneRegion };
    // The lead's phone and e-mail go to the person when one is made, else to the organization.
    const contact = {
      phones: lead.phone ? [{ number: lead.phone, label: 'mobile' as const }] : [],
      emails: lead.email ? [lead.email] : [],
    };
    const base = { address: '', city: '', tags: [], preferredChannel: null, description: '' };
    let organizationId = org.existingId;
    if (!organizationId && org.create) {
      organizationId = createCustomer(customerContext, {
        ...base,
        kind: 'organization',
        name: lead.company,
        organizationId: null,
        ...(person.create && !person.existingId ? { phones: [], emails: [] } : contact),
      }).id;
    }
    let personId = person.existingId;
    if (!personId && person.create) {
      personId = createCustomer(customerContext, {
        ...base,
        kind: 'person',
        name: lead.name,
        organizationId,
        ...contact,
      }).id;
    }
    const customerId = organizationId ?? personId;
    if (!customerId) throw AppError.validation([{ field: 'person', code: 'convert_needs_customer' }]);

    let opportunityId: string | null = null;
    if (input.opportunity) {
      const values: OpportunityValues = { ...input.opportunity, customerId };
      const { issues: oppIssues, stage } = checkOpportunity(ctx, values, 'opportunity.');
      if (oppIssues.length || !stage) throw AppError.validation(oppIssues);
      opportunityId = insertOpportunity(ctx, values, stage, lead.id);
    }
    updateRecord(ctx.writer, 'leads', lead.id, {
      status: 'converted',
      converted_customer_id: customerId,
      converted_opportunity_id: opportunityId,
      converted_at: iso(ctx.now()),
    });
    return { customerId, personId: personId !== customerId ? personId : null, opportunityId };
  });
  const customer = findCustomer(ctx.writer.db, ids.customerId);
  if (!customer) throw new AppError('not_found', { params: { id: ids.customerId } });
  const person: Customer | null = ids.personId ? findCustomer(ctx.writer.db, ids.personId) : null;
  return {
    lead: leadResult(ctx, input.id),
    customer,
    person,
    opportunity: ids.opportunityId ? opportunityResult(ctx, ids.opportunityId) : null,
  };
}
