/** Due reminders: fetched at start and every minute, and pushed by main's `reminders.due` event. */
import { create } from 'zustand';
import type { Activity } from '../../../shared/activities/activity.schema';
import type { RpcErrorPayload } from '../../../shared/errors';
import { invoke } from '../../lib/client';
import { toPayload } from '../../stores/preferences';

interface RemindersState {
  due: Activity[];
  error: RpcErrorPayload | null;
  load(): Promise<void>;
  /** Adds activities main announced, without waiting for the next poll. */
  add(activities: Activity[]): void;
  drop(id: string): void;
  reset(): void;
}

export const useReminders = create<RemindersState>()((set, get) => ({
  due: [],
  error: null,
  async load() {
    try {
      set({ due: await invoke('reminders.due', {}), error: null });
    } catch (error) {
      set({ error: toPayload(error) });
    }
  },
  add(activities) {
    const known = new Set(get().due.map((a) => a.id));
    set({ due: [...get().due, ...activities.filter((a) => !known.has(a.id))] });
  },
  drop(id) {
    set({ due: get().due.filter((a) => a.id !== id) });
  },
  reset() {
    set({ due: [], error: null });
  },
}));
