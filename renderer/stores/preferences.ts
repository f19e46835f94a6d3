/**
 * Display preferences (language, calendar, digits, theme, phone region) and app facts, loaded
 * once at start and changed in Settings. Everything that shows text or dates reads from here.
 */
import { create } from 'zustand';
import type { AppInfo } from '../../shared/contract';
import type { RpcErrorPayload } from '../../shared/errors';
import { defaultPreferences, type Preferences, type PreferencesPatch } from '../../shared/preferences';
import { invoke, RpcError } from '../lib/client';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

interface PreferencesState {
  preferences: Preferences;
  info: AppInfo | null;
  status: LoadStatus;
  error: RpcErrorPayload | null;
  load(): Promise<void>;
  update(patch: PreferencesPatch): Promise<void>;
  reset(): void;
}

function systemLocale(): string {
  return typeof navigator === 'undefined' ? 'en' : navigator.language;
}

export function toPayload(error: unknown): RpcErrorPayload {
  if (error instanceof RpcError) return error.payload;
  return { code: 'internal', params: { detail: error instanceof Error ? error.message : String(error) } };
}

const initial = () => ({
  preferences: defaultPreferences(systemLocale()),
  info: null,
  status: 'idle' as LoadStatus,
  error: null,
});

export const usePreferences = create<PreferencesState>()((set, get) => ({
  ...initial(),
  async load() {
    set({ status: 'loading', error: null });
    try {
      const [preferences, info] = await Promise.all([invoke('preferences.get', {}), invoke('app.info', {})]);
      set({ preferences, info, status: 'ready' });
    } catch (error) {
      set({ status: 'failed', error: toPayload(error) });
    }
  },
  async update(patch) {
    // Optimistic: the window switches at once; the stored value comes back from main.
    const before = get().preferences;
    set({ preferences: { ...before, ...patch } });
    try {
      set({ preferences: await invoke('preferences.update', patch) });
    } catch (error) {
      set({ preferences: before });
      throw error;
    }
  },
  reset() {
    set(initial());
  },
}));
