/**
 * The app core, without any window: opens the data folder, migrates, loads the device identity
 * and clock, and exposes the contract as one `dispatch` function. The Electron shell, the
 * browser-mode host, the CLI and the tests all use exactly this.
 */
import { EventEmitter } from 'node:events';
import crypto from 'node:crypto';
import path from 'node:path';
import { openDatabase, schemaVersion, type Db } from '../db/database';
import type { AppEvents, AppInfo, EventName } from '../shared/contract';
import { DEFAULT_USER_ID } from '../shared/users';
import { defaultPreferences, preferencesPatchSchema, type Preferences } from '../shared/preferences';
import packageJson from '../package.json' with { type: 'json' };
import { DATABASE_FILE } from './paths';
import type { HandlerContext } from './rpc/handler.types';
import { handlers } from './rpc/handlers';
import { createDispatcher, type Dispatch } from './rpc/router';
import { HlcClock } from './sync/hlc';
import type { Writer } from './sync/mutate';

export interface AppOptions {
  dataDir: string;
  /** better-sqlite3 binding built for Electron's ABI (the shell passes it). */
  nativeBinding?: string;
  /** e.g. `fa-IR`; decides default language, calendar and digits on first run. */
  systemLocale?: string;
  /** Wall clock for the HLC and for "now" in handlers; tests move it. */
  wallClock?: () => number;
  /** IANA time zone for local days; defaults to this machine's. */
  timeZone?: string;
  onUnexpectedError?: (method: string, error: unknown) => void;
}

export interface App {
  readonly db: Db;
  readonly writer: Writer;
  readonly info: AppInfo;
  dispatch: Dispatch;
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
  emit<E extends EventName>(event: E, payload: AppEvents[E]): void;
  preferences(): Preferences;
  /** IANA zone for local days and times shown by the core (notifications). */
  timeZone: string;
  /**
   * Closes the data file, lets `replace` swap it (a restore), and opens it again; with
   * `newDevice` the reopened data gets a new device id. Handlers see the new file at once.
   */
  reopen(replace: (databaseFile: string) => void, options: { newDevice: boolean }): void;
  close(): void;
}

function readState(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM local_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

function writeState(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO local_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** The device id is made once per database and never changes (a restore gets a new one). */
function deviceId(db: Db): string {
  let id = readState(db, 'device_id');
  if (!id) {
    id = crypto.randomBytes(8).toString('hex');
    writeState(db, 'device_id', id);
  }
  return id;
}

function loadPreferences(db: Db, systemLocale: string): Preferences {
  const defaults = defaultPreferences(systemLocale);
  const stored = readState(db, 'preferences');
  if (!stored) return defaults;
  const parsed = preferencesPatchSchema.safeParse(JSON.parse(stored));
  return parsed.success ? { ...defaults, ...parsed.data } : defaults;
}

interface Opened {
  db: Db;
  writer: Writer;
  info: AppInfo;
}

/** Opens the data file and loads this device's identity and clock. */
function openData(options: AppOptions, file: string): Opened {
  const db = openDatabase(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    const device = deviceId(db);
    const lastStamp = (db.prepare('SELECT max(hlc) AS hlc FROM change_log').get() as { hlc: string | null }).hlc;
    const writer: Writer = {
      db,
      clock: new HlcClock(device, lastStamp, options.wallClock),
      deviceId: device,
      userId: DEFAULT_USER_ID,
      touched: new Set(),
    };
    const info: AppInfo = {
      version: packageJson.version,
      dataDir: options.dataDir,
      databaseFile: file,
      deviceId: device,
      schemaVersion: schemaVersion(db.sqlite),
    };
    return { db, writer, info };
  } catch (error) {
    db.close();
    throw error;
  }
}

export function openApp(options: AppOptions): App {
  const file = path.join(options.dataDir, DATABASE_FILE);
  let opened = openData(options, file);
  let preferences = loadPreferences(opened.db, options.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale);
  // Handlers read db and writer from here at call time, so a reopened file takes effect at once.
  const ctx: HandlerContext = {
    db: opened.db,
    writer: opened.writer,
    info: opened.info,
    preferences: () => preferences,
    setPreferences(next) {
      writeState(ctx.db, 'preferences', JSON.stringify(next));
      preferences = next;
    },
    now: options.wallClock ?? Date.now,
    timeZone: options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
  const emitter = new EventEmitter();
  const onUnexpected =
    options.onUnexpectedError ?? ((method, error) => console.error(`[pishkhan] ${method} failed:`, error));
  const run = createDispatcher(handlers, ctx, onUnexpected);

  const dispatch: Dispatch = (method, input) => {
    const { writer } = ctx;
    writer.touched.clear();
    const result = run(method, input);
    if (writer.touched.size > 0) {
      emitter.emit('data.changed', { tables: [...writer.touched] } satisfies AppEvents['data.changed']);
      writer.touched.clear();
    }
    return result;
  };

  const app: App = {
    get db() {
      return ctx.db;
    },
    get writer() {
      return ctx.writer;
    },
    get info() {
      return ctx.info;
    },
    dispatch,
    on(event, listener) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    emit(event, payload) {
      emitter.emit(event, payload);
    },
    preferences: () => preferences,
    timeZone: ctx.timeZone,
    reopen(replace, reopenOptions) {
      ctx.db.close();
      try {
        replace(file);
      } finally {
        opened = openData(options, file);
        if (reopenOptions.newDevice) {
          // A restored copy must never pose as the device it was taken from.
          writeState(opened.db, 'device_id', crypto.randomBytes(8).toString('hex'));
          opened.db.close();
          opened = openData(options, file);
        }
        // Display preferences belong to this machine, not to the file that was swapped in.
        writeState(opened.db, 'preferences', JSON.stringify(preferences));
        Object.assign(ctx, opened);
      }
      emitter.emit('data.changed', { tables: ['*'] });
    },
    close: () => ctx.db.close(),
  };
  return app;
}
