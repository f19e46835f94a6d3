/** Which activity form is open (one at a time, from any page): new for a customer, or an edit. */
import { create } from 'zustand';
import type { Activity, ActivityStatus, ActivityType } from '../../../shared/activities/activity.schema';

export interface ActivityDialogOptions {
  customerId: string;
  customerName: string;
  /** Set when editing an existing activity. */
  activity?: Activity;
  /** Starting values for a new one (e.g. "log call": a call, done, subject filled in). */
  preset?: { type?: ActivityType; status?: ActivityStatus; subject?: string };
}

interface DialogState {
  options: ActivityDialogOptions | null;
  /** Bumped on every open, so the form starts fresh even for the same customer. */
  serial: number;
  open(options: ActivityDialogOptions): void;
  close(): void;
  reset(): void;
}

export const useActivityDialog = create<DialogState>()((set) => ({
  options: null,
  serial: 0,
  open: (options) => set((s) => ({ options, serial: s.serial + 1 })),
  close: () => set({ options: null }),
  reset: () => set({ options: null, serial: 0 }),
}));
