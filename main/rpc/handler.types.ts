import type { Db } from '../../db/database';
import type { AppInfo, MethodName, MethodOutput, MethodParsedInput } from '../../shared/contract';
import type { Preferences } from '../../shared/preferences';
import type { Writer } from '../sync/mutate';

export interface HandlerContext {
  db: Db;
  writer: Writer;
  info: AppInfo;
  preferences(): Preferences;
  setPreferences(next: Preferences): void;
  /** Wall-clock milliseconds; tests set the time. */
  now(): number;
  /** IANA time zone of this machine: "today" and recurring days are counted there. */
  timeZone: string;
}

/** A handler receives input already validated by the contract's schema. */
export type Handler<K extends MethodName> = (input: MethodParsedInput<K>, ctx: HandlerContext) => MethodOutput<K>;
export type Handlers = { [K in MethodName]: Handler<K> };
export type HandlerGroup<K extends MethodName> = { [M in K]: Handler<M> };
