/** The business profile (for Rial/Toman display and defaults), loaded once and kept after saves. */
import { create } from 'zustand';
import type { BusinessProfile } from '../../../shared/documents/printable';
import { invoke } from '../../lib/client';

interface ProfileState {
  profile: BusinessProfile | null;
  load(): Promise<BusinessProfile>;
  set(profile: BusinessProfile): void;
  reset(): void;
}

export const useBillingProfile = create<ProfileState>()((set, get) => ({
  profile: null,
  async load() {
    const current = get().profile;
    if (current) return current;
    const profile = await invoke('billing.profile.get', {});
    set({ profile });
    return profile;
  },
  set: (profile) => set({ profile }),
  reset: () => set({ profile: null }),
}));
