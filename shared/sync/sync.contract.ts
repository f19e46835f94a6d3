/** Sync methods; spread into the one contract in shared/contract.ts. */
import { method, none } from '../contract-kit';
import {
  syncResolveSchema,
  syncRetireSchema,
  syncSetupSchema,
  type SyncConflict,
  type SyncRoundResult,
  type SyncStatus,
} from './sync.schema';

export const syncContract = {
  'sync.status': method<SyncStatus>()(none),
  /** Creates `Pishkhan-Sync/` in the folder, or joins the one there, then runs a first round. */
  'sync.setup': method<SyncStatus>()(syncSetupSchema),
  /** One full round: publish, apply, snapshot and compact when due. */
  'sync.now': method<SyncRoundResult>()(none),
  /** Stops syncing on this device; the folder and the data stay as they are. */
  'sync.leave': method<SyncStatus>()(none),
  /** Marks a device that stopped syncing as retired, so its acknowledgements no longer hold files back. */
  'sync.retire': method<SyncStatus>()(syncRetireSchema),
  'sync.conflicts': method<SyncConflict[]>()(none),
  'sync.resolveConflict': method<SyncConflict[]>()(syncResolveSchema),
} as const;
