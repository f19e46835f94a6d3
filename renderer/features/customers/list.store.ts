/**
 * The customers list: filters, sort, and a sparse cache of rows fetched page by page as the
 * virtualized table scrolls. A generation counter drops answers to superseded queries.
 */
import { create } from 'zustand';
import type { CustomerKind, CustomerListRow, CustomerSort } from '../../../shared/customers/customer.schema';
import type { RpcErrorPayload } from '../../../shared/errors';
import { invoke } from '../../lib/client';
import { toPayload } from '../../stores/preferences';

export const PAGE_SIZE = 100;

export interface CustomerFilters {
  query: string;
  kind: CustomerKind | null;
  tag: string | null;
  /** Local calendar days picked in the date filter, as `YYYY-MM-DD` of the local (Gregorian) date. */
  createdFrom: Date | null;
  createdTo: Date | null;
  sort: CustomerSort;
  direction: 'asc' | 'desc';
}

interface ListState {
  filters: CustomerFilters;
  total: number | null;
  rows: Map<number, CustomerListRow>;
  /** Pages requested for the current generation. */
  requested: Set<number>;
  generation: number;
  selected: number;
  error: RpcErrorPayload | null;
  tags: string[];
  setFilters(patch: Partial<CustomerFilters>): void;
  toggleSort(sort: CustomerSort): void;
  clearFilters(): void;
  ensureRange(start: number, end: number): void;
  refresh(): void;
  loadTags(): Promise<void>;
  select(index: number): void;
  reset(): void;
}

export const defaultFilters = (): CustomerFilters => ({
  query: '',
  kind: null,
  tag: null,
  createdFrom: null,
  createdTo: null,
  sort: 'name',
  direction: 'asc',
});

/** Local midnight of a picked day → UTC ISO; the end bound is the next day (exclusive). */
export function dayBounds(
  from: Date | null,
  to: Date | null,
): { createdFrom: string | null; createdTo: string | null } {
  const start = from ? new Date(from.getFullYear(), from.getMonth(), from.getDate()) : null;
  const last = to ?? from;
  const end = last ? new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1) : null;
  return { createdFrom: start?.toISOString() ?? null, createdTo: end?.toISOString() ?? null };
}

export function hasActiveFilters(filters: CustomerFilters): boolean {
  return (
    filters.query.trim() !== '' ||
    filters.kind !== null ||
    filters.tag !== null ||
    filters.createdFrom !== null ||
    filters.createdTo !== null
  );
}

const initial = () => ({
  filters: defaultFilters(),
  total: null,
  rows: new Map<number, CustomerListRow>(),
  requested: new Set<number>(),
  generation: 0,
  selected: 0,
  error: null,
  tags: [],
});

export const useCustomerList = create<ListState>()((set, get) => {
  async function fetchPage(page: number): Promise<void> {
    const { filters, generation } = get();
    get().requested.add(page);
    try {
      const result = await invoke('customers.list', {
        query: filters.query,
        kind: filters.kind,
        tag: filters.tag,
        ...dayBounds(filters.createdFrom, filters.createdTo),
        sort: filters.sort,
        direction: filters.direction,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      if (get().generation !== generation) return;
      const rows = new Map(get().rows);
      // Drop stale rows past the new end, then place this page.
      for (const index of rows.keys()) if (index >= result.total) rows.delete(index);
      result.rows.forEach((row, i) => rows.set(result.offset + i, row));
      const selected = Math.max(0, Math.min(get().selected, result.total - 1));
      set({ rows, total: result.total, error: null, selected });
    } catch (error) {
      if (get().generation !== generation) return;
      get().requested.delete(page);
      set({ error: toPayload(error) });
    }
  }

  /** Starts a new generation; `keepRows` avoids a flash of empty rows when only data changed. */
  function restart(keepRows: boolean, selected = 0): void {
    set((s) => ({
      generation: s.generation + 1,
      requested: new Set<number>(),
      rows: keepRows ? s.rows : new Map<number, CustomerListRow>(),
      total: keepRows ? s.total : null,
      selected,
    }));
    void fetchPage(0);
  }

  return {
    ...initial(),
    setFilters(patch) {
      set((s) => ({ filters: { ...s.filters, ...patch } }));
      restart(false);
    },
    toggleSort(sort) {
      const { filters } = get();
      const direction = filters.sort === sort && filters.direction === 'asc' ? 'desc' : 'asc';
      set({ filters: { ...filters, sort, direction } });
      restart(false);
    },
    clearFilters() {
      const { sort, direction } = get().filters;
      set({ filters: { ...defaultFilters(), sort, direction } });
      restart(false);
    },
    ensureRange(start, end) {
      const { requested } = get();
      const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
      const last = Math.floor(Math.max(0, end) / PAGE_SIZE);
      for (let page = first; page <= last; page++) if (!requested.has(page)) void fetchPage(page);
    },
    refresh() {
      const pages = [...get().requested];
      restart(true, get().selected);
      for (const page of pages) if (page !== 0) void fetchPage(page);
      void get().loadTags();
    },
    async loadTags() {
      try {
        set({ tags: await invoke('customers.tags', {}) });
      } catch {
        // The tag filter simply stays as it was; the list shows request errors.
      }
    },
    select(index) {
      const total = get().total ?? 0;
      set({ selected: Math.max(0, Math.min(index, total - 1)) });
    },
    reset() {
      set(initial());
    },
  };
});
