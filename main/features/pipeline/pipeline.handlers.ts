import type { HandlerContext, HandlerGroup } from '../../rpc/handler.types';
import { AppError } from '../../../shared/errors';
import {
  boardData,
  findLead,
  findOpportunity,
  listLeads,
  listOpportunities,
  listStages,
  stageHistory,
} from './pipeline.repository';
import {
  convertLead,
  createLead,
  createOpportunity,
  createStage,
  deleteLead,
  deleteOpportunity,
  deleteStage,
  leadDuplicates,
  moveOpportunity,
  restoreLead,
  restoreOpportunity,
  updateLead,
  updateOpportunity,
  updateStage,
  type PipelineContext,
} from './pipeline.service';

const serviceContext = (ctx: HandlerContext): PipelineContext => ({
  writer: ctx.writer,
  phoneRegion: ctx.preferences().phoneRegion,
  now: ctx.now,
});

export const pipelineHandlers: HandlerGroup<
  | 'leads.list'
  | 'leads.get'
  | 'leads.create'
  | 'leads.update'
  | 'leads.delete'
  | 'leads.restore'
  | 'leads.duplicates'
  | 'leads.convert'
  | 'pipeline.stages'
  | 'pipeline.stages.create'
  | 'pipeline.stages.update'
  | 'pipeline.stages.delete'
  | 'pipeline.board'
  | 'opportunities.list'
  | 'opportunities.get'
  | 'opportunities.create'
  | 'opportunities.update'
  | 'opportunities.move'
  | 'opportunities.delete'
  | 'opportunities.restore'
> = {
  'leads.list': (input, ctx) => listLeads(ctx.db, input),
  'leads.get': ({ id }, ctx) => {
    const lead = findLead(ctx.db, id);
    if (!lead) throw new AppError('not_found', { params: { id } });
    return lead;
  },
  'leads.create': (input, ctx) => createLead(serviceContext(ctx), input),
  'leads.update': ({ id, changed, ...values }, ctx) => updateLead(serviceContext(ctx), id, values, changed),
  'leads.delete': ({ id }, ctx) => {
    deleteLead(serviceContext(ctx), id);
    return { id };
  },
  'leads.restore': ({ id }, ctx) => restoreLead(serviceContext(ctx), id),
  'leads.duplicates': ({ id }, ctx) => leadDuplicates(serviceContext(ctx), id),
  'leads.convert': (input, ctx) => convertLead(serviceContext(ctx), input),

  'pipeline.stages': (_input, ctx) => listStages(ctx.db),
  'pipeline.stages.create': (input, ctx) => createStage(serviceContext(ctx), input),
  'pipeline.stages.update': ({ id, changed, ...values }, ctx) => updateStage(serviceContext(ctx), id, values, changed),
  'pipeline.stages.delete': ({ id }, ctx) => {
    deleteStage(serviceContext(ctx), id);
    return { id };
  },
  'pipeline.board': ({ closedLimit }, ctx) => boardData(ctx.db, closedLimit),

  'opportunities.list': (input, ctx) => listOpportunities(ctx.db, input),
  'opportunities.get': ({ id }, ctx) => {
    const opportunity = findOpportunity(ctx.db, id);
    if (!opportunity) throw new AppError('not_found', { params: { id } });
    return { opportunity, history: stageHistory(ctx.db, id) };
  },
  'opportunities.create': (input, ctx) => createOpportunity(serviceContext(ctx), input),
  'opportunities.update': ({ id, changed, ...values }, ctx) =>
    updateOpportunity(serviceContext(ctx), id, values, changed),
  'opportunities.move': ({ id, stageId, lostReason }, ctx) =>
    moveOpportunity(serviceContext(ctx), id, stageId, lostReason),
  'opportunities.delete': ({ id }, ctx) => {
    deleteOpportunity(serviceContext(ctx), id);
    return { id };
  },
  'opportunities.restore': ({ id }, ctx) => restoreOpportunity(serviceContext(ctx), id),
};
