import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp, type App, type AppOptions } from '../../main/app';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import type { RpcErrorPayload } from '../../shared/errors';

export function tempDir(prefix = 'pishkhan-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestApp extends App {
  dataDir: string;
  /** Calls a method and returns its value; fails the test with the error payload otherwise. */
  call<K extends MethodName>(method: K, input: MethodInput<K>): MethodOutput<K>;
  /** Calls a method that must fail and returns its error payload. */
  fail<K extends MethodName>(method: K, input: MethodInput<K> | Record<string, unknown>): RpcErrorPayload;
  dispose(): void;
}

/** A real app core on a real SQLite file in a fresh temp folder. */
export function openTestApp(options: Partial<AppOptions> = {}): TestApp {
  const dataDir = options.dataDir ?? tempDir();
  const app = openApp({ systemLocale: 'en-US', ...options, dataDir });
  return Object.assign(app, {
    dataDir,
    call<K extends MethodName>(method: K, input: MethodInput<K>): MethodOutput<K> {
      const result = app.dispatch(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
      return result.value as MethodOutput<K>;
    },
    fail<K extends MethodName>(method: K, input: MethodInput<K> | Record<string, unknown>): RpcErrorPayload {
      const result = app.dispatch(method, input);
      if (result.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(result.value)}`);
      return result.error;
    },
    dispose() {
      app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
