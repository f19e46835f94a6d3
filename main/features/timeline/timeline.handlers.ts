import type { HandlerGroup } from '../../rpc/handler.types';
import { AppError } from '../../../shared/errors';
import { findCustomer } from '../customers/customer.repository';
import { customerSummary, customerTimeline } from './timeline.repository';

export const timelineHandlers: HandlerGroup<'customers.summary' | 'customers.timeline'> = {
  'customers.summary': ({ id }, ctx) => {
    if (!findCustomer(ctx.db, id)) throw new AppError('not_found', { params: { id } });
    return customerSummary(ctx.db, id, new Date(ctx.now()).toISOString());
  },
  'customers.timeline': ({ id, kinds, cursor, limit }, ctx) => {
    if (!findCustomer(ctx.db, id)) throw new AppError('not_found', { params: { id } });
    return customerTimeline(ctx.db, id, kinds, cursor, limit, new Date(ctx.now()).toISOString());
  },
};
