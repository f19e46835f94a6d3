import type { HandlerGroup } from '../rpc/handler.types';
import {
  leaveSync,
  listConflicts,
  resolveConflict,
  retireDevice,
  setupSync,
  syncRound,
  syncStatus,
} from './sync.service';

export const syncHandlers: HandlerGroup<
  'sync.status' | 'sync.setup' | 'sync.now' | 'sync.leave' | 'sync.retire' | 'sync.conflicts' | 'sync.resolveConflict'
> = {
  'sync.status': (_input, ctx) => syncStatus(ctx),
  'sync.setup': (input, ctx) => {
    setupSync(ctx, input);
    return syncStatus(ctx);
  },
  'sync.now': (_input, ctx) => syncRound(ctx),
  'sync.leave': (_input, ctx) => {
    leaveSync(ctx);
    return syncStatus(ctx);
  },
  'sync.retire': (input, ctx) => {
    retireDevice(ctx, input.deviceId);
    return syncStatus(ctx);
  },
  'sync.conflicts': (_input, ctx) => listConflicts(ctx),
  'sync.resolveConflict': (input, ctx) => {
    resolveConflict(ctx, input.id, input.action);
    return listConflicts(ctx);
  },
};
