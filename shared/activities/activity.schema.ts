import { z } from 'zod';

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'letter', 'task'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const ACTIVITY_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const RECURRENCES = ['daily', 'weekly', 'monthly', 'yearly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

const id = z.uuid({ error: 'invalid_id' });
const instant = z.iso.datetime({ error: 'invalid_date', offset: true });
const text = (max: number) => z.string({ error: 'invalid' }).trim().max(max, { error: 'too_long' });

export const activityInputSchema = z.object({
  type: z.enum(ACTIVITY_TYPES, { error: 'invalid_choice' }),
  subject: text(300).min(1, { error: 'required' }),
  description: text(10_000).default(''),
  customerId: id,
  /** A person of the customer organization the activity is with. */
  personId: id.nullable().default(null),
  /** When it happens or is due (UTC ISO-8601). */
  dueAt: instant.nullable().default(null),
  /** A due day without a time: dueAt is that day's local midnight. */
  allDay: z.boolean({ error: 'invalid' }).default(false),
  durationMinutes: z
    .number({ error: 'invalid' })
    .int({ error: 'invalid' })
    .min(0, { error: 'invalid' })
    .max(7 * 24 * 60, { error: 'too_big' })
    .nullable()
    .default(null),
  /** `done` logs a call or meeting after the fact in one step. */
  status: z.enum(ACTIVITY_STATUSES, { error: 'invalid_choice' }).default('planned'),
  outcome: text(2_000).default(''),
  remindAt: instant.nullable().default(null),
  recurrence: z.enum(RECURRENCES, { error: 'invalid_choice' }).nullable().default(null),
  /** IANA zone the dates were entered in; recurrence follows local days there. */
  timeZone: z.string().max(64, { error: 'too_long' }).optional(),
});
export type ActivityInput = z.input<typeof activityInputSchema>;
export type ActivityValues = z.output<typeof activityInputSchema>;

export const activityListQuerySchema = z.object({
  customerId: id.nullable().default(null),
  status: z.enum(ACTIVITY_STATUSES, { error: 'invalid_choice' }).nullable().default(null),
  type: z.enum(ACTIVITY_TYPES, { error: 'invalid_choice' }).nullable().default(null),
  /** Due from (inclusive) and to (exclusive), UTC: a calendar view's range. */
  from: instant.nullable().default(null),
  to: instant.nullable().default(null),
  offset: z.number().int().min(0, { error: 'invalid' }).default(0),
  limit: z.number().int().min(1, { error: 'invalid' }).max(1000, { error: 'too_big' }).default(200),
});
export type ActivityListQuery = z.input<typeof activityListQuerySchema>;

export interface Activity {
  id: string;
  type: ActivityType;
  subject: string;
  description: string;
  customerId: string | null;
  customerName: string;
  personId: string | null;
  personName: string | null;
  dueAt: string | null;
  allDay: boolean;
  durationMinutes: number | null;
  status: ActivityStatus;
  completedAt: string | null;
  outcome: string;
  remindAt: string | null;
  reminderDismissedAt: string | null;
  recurrence: Recurrence | null;
  recurrenceCalendar: 'gregorian' | 'jalali' | null;
  seriesId: string | null;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface ActivityListResult {
  total: number;
  rows: Activity[];
}

export interface Agenda {
  /** Planned, due before today. */
  overdue: Activity[];
  /** Planned and due today, plus what was done today. */
  today: Activity[];
  /** Planned, due in the coming days. */
  upcoming: Activity[];
  /** The local day the agenda was computed for (YYYY-MM-DD). */
  date: string;
}

export interface CompleteResult {
  activity: Activity;
  /** The next occurrence of a recurring task, created on completion. */
  next: Activity | null;
}
