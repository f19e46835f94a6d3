/**
 * Runs the window against the real app core (real SQLite in a temp folder, no mocks of our
 * own DB): the client's transport is replaced by the core's dispatch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { render } from '@testing-library/react';
import { memoryLocation } from 'wouter/memory-location';
import { openApp, type App as Core } from '../../main/app';
import { App } from '../../renderer/app/App';
import { useActivityDialog } from '../../renderer/features/activities/dialog.store';
import { useCustomerList } from '../../renderer/features/customers/list.store';
import { useReminders } from '../../renderer/features/reminders/reminders.store';
import { useGlobalSearch } from '../../renderer/features/search/search.store';
import { setBridge } from '../../renderer/lib/client';
import { useDataVersion } from '../../renderer/stores/data';
import { usePreferences } from '../../renderer/stores/preferences';
import { useBillingProfile } from '../../renderer/features/billing/billing.store';
import { useSync } from '../../renderer/features/sync/sync.store';

export interface Harness {
  core: Core;
  /** Calls a method on the core and returns its value (throws on error). */
  call<T = unknown>(method: string, input: unknown): T;
  close(): void;
}

export function resetStores(): void {
  usePreferences.getState().reset();
  useCustomerList.getState().reset();
  useDataVersion.getState().reset();
  useActivityDialog.getState().reset();
  useGlobalSearch.getState().reset();
  useReminders.getState().reset();
  useBillingProfile.getState().reset();
  useSync.getState().reset();
}

export function startCore(systemLocale = 'en-US'): Harness {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pishkhan-renderer-'));
  const core = openApp({ dataDir, systemLocale, onUnexpectedError: () => {} });
  setBridge({ invoke: async (method, input) => core.dispatch(method, input), on: () => () => {} });
  resetStores();
  return {
    core,
    call<T>(method: string, input: unknown): T {
      const result = core.dispatch(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
      return result.value as T;
    },
    close() {
      setBridge(null);
      resetStores();
      core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function renderApp(initialPath: string) {
  const location = memoryLocation({ path: initialPath, record: true });
  const view = render(<App locationHook={location.hook} mantineEnv="test" />);
  return { ...view, location };
}
