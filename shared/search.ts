import { z } from 'zod';
import type { Activity } from './activities/activity.schema';
import type { CustomerListRow } from './customers/customer.schema';
import type { Note } from './notes/note.schema';

export const globalSearchSchema = z
  .object({
    query: z.string().max(200, { error: 'too_long' }),
    /** Results per group. */
    limit: z.number().int().min(1, { error: 'invalid' }).max(50, { error: 'too_big' }).default(6),
  })
  .strict();

export interface NoteHit extends Note {
  customerName: string;
}

/** Ctrl/Cmd+K results, grouped; each group ranks exact and prefix name matches first. */
export interface GlobalSearchResult {
  query: string;
  organizations: CustomerListRow[];
  people: CustomerListRow[];
  activities: Activity[];
  notes: NoteHit[];
}
