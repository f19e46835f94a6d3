/** A counter bumped whenever records change (ours or another window's), so open pages reload. */
import { create } from 'zustand';
import { useCustomerList } from '../features/customers/list.store';

interface DataState {
  version: number;
  bump(): void;
  reset(): void;
}

export const useDataVersion = create<DataState>()((set) => ({
  version: 0,
  bump: () => set((s) => ({ version: s.version + 1 })),
  reset: () => set({ version: 0 }),
}));

/** Call after a change: every open list and page refreshes. */
export function dataChanged(): void {
  useDataVersion.getState().bump();
  useCustomerList.getState().refresh();
}
