import { z } from 'zod';
import type { Activity, ActivityType } from '../activities/activity.schema';
import type { HistoryEntry } from '../history';
import type { Note } from '../notes/note.schema';

/** Header facts of the customer 360 page. Later issues add purchases and balance. */
export interface CustomerSummary {
  /** The latest call, email, meeting or letter that was done. */
  lastContact: { at: string; type: ActivityType } | null;
  /** The earliest planned activity from now on. */
  nextActivity: Activity | null;
  /** Planned tasks (type task), whatever their due date. */
  openTasks: number;
  /** Planned activities of any type whose time has passed: calls not made, meetings missed, tasks late. */
  overdue: number;
  notes: number;
}

export const TIMELINE_KINDS = ['note', 'activity', 'change'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export type TimelineItem =
  | { kind: 'note'; at: string; note: Note }
  | { kind: 'activity'; at: string; activity: Activity }
  /** One write to the customer record: its field changes (from the change log). */
  | { kind: 'change'; at: string; changes: HistoryEntry[] };

export interface TimelinePage {
  items: TimelineItem[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

export const timelineQuerySchema = z
  .object({
    id: z.uuid({ error: 'invalid_id' }),
    kinds: z
      .array(z.enum(TIMELINE_KINDS, { error: 'invalid_choice' }))
      .min(1, { error: 'required' })
      .default([...TIMELINE_KINDS]),
    cursor: z.string().max(200, { error: 'invalid' }).nullable().default(null),
    limit: z.number().int().min(1, { error: 'invalid' }).max(200, { error: 'too_big' }).default(50),
  })
  .strict();
