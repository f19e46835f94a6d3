/** Leads, stages, opportunities and the board; spread into the one contract in shared/contract.ts. */
import { z } from 'zod';
import { changedList } from '../changed-fields';
import { byId, id, method, none } from '../contract-kit';
import {
  leadConvertSchema,
  leadInputSchema,
  leadListQuerySchema,
  opportunityInputSchema,
  opportunityListQuerySchema,
  opportunityMoveSchema,
  stageInputSchema,
  type Board,
  type Lead,
  type LeadConvertResult,
  type LeadDuplicates,
  type LeadListResult,
  type Opportunity,
  type OpportunityDetail,
  type OpportunityListResult,
  type Stage,
} from './pipeline.schema';

export const pipelineContract = {
  'leads.list': method<LeadListResult>()(leadListQuerySchema),
  'leads.get': method<Lead>()(byId),
  'leads.create': method<Lead>()(leadInputSchema.strict()),
  'leads.update': method<Lead>()(leadInputSchema.extend({ id, changed: changedList(leadInputSchema) }).strict()),
  'leads.delete': method<{ id: string }>()(byId),
  'leads.restore': method<Lead>()(byId),
  /** Customers that look like the lead's company (organization) and the lead itself (person). */
  'leads.duplicates': method<LeadDuplicates>()(byId),
  /** One transaction: customer(s) created or linked, the opportunity created, the lead marked converted. */
  'leads.convert': method<LeadConvertResult>()(leadConvertSchema),

  'pipeline.stages': method<Stage[]>()(none),
  'pipeline.stages.create': method<Stage>()(stageInputSchema.strict()),
  'pipeline.stages.update': method<Stage>()(
    stageInputSchema.extend({ id, changed: changedList(stageInputSchema) }).strict(),
  ),
  'pipeline.stages.delete': method<{ id: string }>()(byId),
  'pipeline.board': method<Board>()(
    z
      .object({
        /** Cards shown per won or lost column (the most recently closed). */
        closedLimit: z.number().int().min(0, { error: 'invalid' }).max(500, { error: 'too_big' }).default(50),
      })
      .strict(),
  ),

  'opportunities.list': method<OpportunityListResult>()(opportunityListQuerySchema),
  'opportunities.get': method<OpportunityDetail>()(byId),
  'opportunities.create': method<Opportunity>()(opportunityInputSchema.strict()),
  'opportunities.update': method<Opportunity>()(
    opportunityInputSchema.extend({ id, changed: changedList(opportunityInputSchema) }).strict(),
  ),
  /** Moves to another stage: history row closed and opened; a lost stage needs a reason. */
  'opportunities.move': method<Opportunity>()(opportunityMoveSchema),
  'opportunities.delete': method<{ id: string }>()(byId),
  'opportunities.restore': method<Opportunity>()(byId),
} as const;
