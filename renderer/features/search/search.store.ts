/** Whether the global search (Ctrl/Cmd+K) is open. */
import { create } from 'zustand';

interface SearchState {
  opened: boolean;
  open(): void;
  close(): void;
  reset(): void;
}

export const useGlobalSearch = create<SearchState>()((set) => ({
  opened: false,
  open: () => set({ opened: true }),
  close: () => set({ opened: false }),
  reset: () => set({ opened: false }),
}));
