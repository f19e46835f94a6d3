import type { HandlerGroup } from '../../rpc/handler.types';
import { listTrash } from './trash.repository';

export const trashHandlers: HandlerGroup<'trash.list'> = {
  'trash.list': (_input, ctx) => listTrash(ctx.db),
};
