import type { HandlerGroup } from '../../rpc/handler.types';
import { globalSearch } from './search.repository';

export const searchHandlers: HandlerGroup<'search.global'> = {
  'search.global': ({ query, limit }, ctx) => globalSearch(ctx.db, query, limit),
};
