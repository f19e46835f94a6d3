import type { HandlerGroup } from '../../rpc/handler.types';
import { findDuplicates, scanDuplicates } from './duplicate.repository';
import { mergeCustomers } from './duplicate.service';

export const duplicateHandlers: HandlerGroup<'customers.findDuplicates' | 'customers.merge' | 'duplicates.scan'> = {
  'customers.findDuplicates': (input, ctx) => findDuplicates(ctx.db, input, ctx.preferences().phoneRegion),
  'customers.merge': (input, ctx) => mergeCustomers(ctx.writer, input, ctx.now()),
  'duplicates.scan': (_input, ctx) => scanDuplicates(ctx.db),
};
