/**
 * This device's sync status, shared by the header indicator and the Sync pages. Reloaded when
 * records change (the automatic rounds in main announce `sync_state`) and after every action.
 */
import { create } from 'zustand';
import type { RpcErrorPayload } from '../../../shared/errors';
import type { SyncStatus } from '../../../shared/sync/sync.schema';
import { invoke } from '../../lib/client';
import { toPayload } from '../../stores/preferences';

interface SyncState {
  status: SyncStatus | null;
  /** Why the status itself could not be read (not a failed round: that is in `status.lastError`). */
  error: RpcErrorPayload | null;
  load(): Promise<void>;
  set(status: SyncStatus): void;
  reset(): void;
}

export const useSync = create<SyncState>()((set) => ({
  status: null,
  error: null,
  async load() {
    try {
      set({ status: await invoke('sync.status', {}), error: null });
    } catch (error) {
      set({ error: toPayload(error) });
    }
  },
  set: (status) => set({ status, error: null }),
  reset: () => set({ status: null, error: null }),
}));
