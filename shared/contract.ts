/**
 * The single RPC contract between the window and main: method name → zod input schema and
 * output type. Main validates every input against it (main/rpc/router.ts); the renderer's client
 * and the handlers are typed from it, so a change here is checked on both sides at compile time.
 */
import { z } from 'zod';
import {
  customerInputSchema,
  customerListQuerySchema,
  type Customer,
  type CustomerDetail,
  type CustomerListResult,
  type CustomerRef,
} from './customers/customer.schema';
import type { HistoryEntry, TrashItem } from './history';
import { preferencesPatchSchema, type Preferences } from './preferences';

/** A method: its input schema, and its output type carried as a phantom. */
interface Method<I extends z.ZodType, O> {
  input: I;
  /** Never read at run time; only its type matters. */
  output?: O;
}
const method =
  <O>() =>
  <I extends z.ZodType>(input: I): Method<I, O> => ({ input });

const none = z.object({}).strict();
const byId = z.object({ id: z.uuid({ error: 'invalid_id' }) }).strict();

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
  'customers.update': method<Customer>()(customerInputSchema.extend({ id: z.uuid({ error: 'invalid_id' }) }).strict()),
  'customers.delete': method<{ id: string }>()(byId),
  'customers.restore': method<Customer>()(byId),
  'customers.history': method<HistoryEntry[]>()(byId),
  'customers.tags': method<string[]>()(none),
  'customers.organizations': method<CustomerRef[]>()(
    z.object({ query: z.string().max(200, { error: 'too_long' }).default('') }).strict(),
  ),

  'trash.list': method<TrashItem[]>()(none),
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
}
export type EventName = keyof AppEvents;
