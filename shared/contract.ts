/**
 * The single RPC contract between the window and main: method name → zod input schema and
 * output type. Main validates every input against it (main/rpc/router.ts); the renderer's client
 * and the handlers are typed from it, so a change here is checked on both sides at compile time.
 */
import { z } from 'zod';
import { changedList } from './changed-fields';
import {
  customerInputSchema,
  customerListQuerySchema,
  type Customer,
  type CustomerDetail,
  type CustomerListResult,
  type CustomerRef,
} from './customers/customer.schema';
import {
  activityInputSchema,
  activityListQuerySchema,
  type Activity,
  type ActivityListResult,
  type Agenda,
  type CompleteResult,
} from './activities/activity.schema';
import { timelineQuerySchema, type CustomerSummary, type TimelinePage } from './customers/customer360';
import {
  duplicateCheckSchema,
  mergeInputSchema,
  type DuplicateCandidate,
  type DuplicateScanResult,
  type MergeResult,
} from './duplicates/duplicate.schema';
import type { HistoryEntry, TrashItem } from './history';
import { noteBody, noteInputSchema, type Note } from './notes/note.schema';
import { globalSearchSchema, type GlobalSearchResult } from './search';
import { preferencesPatchSchema, type Preferences } from './preferences';

import { backupContract } from './backup/backup.contract';
import { pipelineContract } from './pipeline/pipeline.contract';
import { byId, id, instant, method, none, type Method } from './contract-kit';
import { billingContract } from './billing/billing.contract';
import { exchangeContract } from './exchange/exchange.contract';
import { documentsContract } from './documents/documents.contract';
import { syncContract } from './sync/sync.contract';

export interface AppInfo {
  version: string;
  dataDir: string;
  databaseFile: string;
  deviceId: string;
  schemaVersion: number;
}

export const contract = {
  'app.info': method<AppInfo>()(none),
  'preferences.get': method<Preferences>()(none),
  'preferences.update': method<Preferences>()(preferencesPatchSchema),

  'customers.list': method<CustomerListResult>()(customerListQuerySchema.strict()),
  'customers.get': method<CustomerDetail>()(byId),
  'customers.create': method<Customer>()(customerInputSchema.strict()),
  'customers.update': method<Customer>()(
    customerInputSchema
      .extend({
        id: z.uuid({ error: 'invalid_id' }),
        /**
         * The fields the user changed; the others keep what is stored (another window or a synced
         * computer may have changed them since the form opened). Absent: every field is written.
         */
        changed: changedList(customerInputSchema),
      })
      .strict(),
  ),
  'customers.delete': method<{ id: string }>()(byId),
  'customers.restore': method<Customer>()(byId),
  'customers.history': method<HistoryEntry[]>()(byId),
  'customers.tags': method<string[]>()(none),
  'customers.organizations': method<CustomerRef[]>()(
    z.object({ query: z.string().max(200, { error: 'too_long' }).default('') }).strict(),
  ),

  'customers.summary': method<CustomerSummary>()(byId),
  'customers.timeline': method<TimelinePage>()(timelineQuerySchema),
  'customers.findDuplicates': method<DuplicateCandidate[]>()(duplicateCheckSchema),
  'customers.merge': method<MergeResult>()(mergeInputSchema),
  'duplicates.scan': method<DuplicateScanResult>()(none),

  'notes.list': method<Note[]>()(noteInputSchema.pick({ recordType: true, recordId: true }).strict()),
  'notes.create': method<Note>()(noteInputSchema.strict()),
  'notes.update': method<Note>()(z.object({ id, body: noteBody }).strict()),
  'notes.delete': method<{ id: string }>()(byId),
  'notes.restore': method<Note>()(byId),

  'activities.get': method<Activity>()(byId),
  'activities.list': method<ActivityListResult>()(activityListQuerySchema.strict()),
  'activities.create': method<Activity>()(activityInputSchema.strict()),
  'activities.update': method<Activity>()(
    activityInputSchema.extend({ id, changed: changedList(activityInputSchema) }).strict(),
  ),
  'activities.complete': method<CompleteResult>()(
    z.object({ id, outcome: z.string().trim().max(2_000, { error: 'too_long' }).optional() }).strict(),
  ),
  'activities.cancel': method<CompleteResult>()(byId),
  'activities.reschedule': method<Activity>()(
    z.object({ id, dueAt: instant, allDay: z.boolean({ error: 'invalid' }).optional() }).strict(),
  ),
  'activities.delete': method<{ id: string }>()(byId),
  'activities.restore': method<Activity>()(byId),

  'agenda.get': method<Agenda>()(
    z
      .object({
        /** How many days after today "upcoming" covers. */
        days: z.number().int().min(1, { error: 'invalid' }).max(62, { error: 'too_big' }).default(7),
        timeZone: z.string().max(64, { error: 'too_long' }).optional(),
      })
      .strict(),
  ),
  'reminders.due': method<Activity[]>()(none),
  'reminders.dismiss': method<Activity>()(byId),
  'reminders.snooze': method<Activity>()(z.object({ id, until: instant }).strict()),

  'search.global': method<GlobalSearchResult>()(globalSearchSchema),

  'trash.list': method<TrashItem[]>()(none),
  ...billingContract,
  ...pipelineContract,
  ...backupContract,
  ...exchangeContract,
  ...documentsContract,
  ...syncContract,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<K extends MethodName> = z.input<Contract[K]['input']>;
export type MethodParsedInput<K extends MethodName> = z.output<Contract[K]['input']>;
export type MethodOutput<K extends MethodName> = Contract[K] extends Method<z.ZodType, infer O> ? O : never;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events main pushes to windows (Electron 'events' channel, SSE in browser mode). */
export interface AppEvents {
  /** Some records changed; lists showing these tables should refresh. */
  'data.changed': { tables: string[] };
  /** Reminders that came due while the app runs (each raised once per run). */
  'reminders.due': { activities: Activity[] };
}
export type EventName = keyof AppEvents;
/** Every event, for transports that forward them all (IPC, server-sent events). */
export const EVENT_NAMES = ['data.changed', 'reminders.due'] as const satisfies readonly EventName[];
