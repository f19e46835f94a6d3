/** How sync facts read in the window: ages, problems, kinds of record, field names, the indicator's state. */
import { isMessageKey, type MessageKey, type Translator } from '../../../shared/i18n';
import type { SyncProblem, SyncStatus } from '../../../shared/sync/sync.schema';
import { isolateParams } from '../../lib/bidi';

const MINUTE = 60_000;

/** "just now", "3 minutes ago", "2 hours ago"; older than a day: null (show the date instead). */
export function agoText(t: Translator, iso: string, now: number): string | null {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / MINUTE));
  if (minutes < 1) return t('sync.ago.now');
  if (minutes < 60) return t(minutes === 1 ? 'sync.ago.minute' : 'sync.ago.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t(hours === 1 ? 'sync.ago.hour' : 'sync.ago.hours', { count: hours });
  return null;
}

export type IndicatorState = 'off' | 'problem' | 'pending' | 'synced' | 'never';

/** What the header says: a failed round or a problem file first, then work not yet sent. */
export function indicatorState(status: SyncStatus | null): IndicatorState {
  if (!status?.configured) return 'off';
  if (status.lastError || status.problems.length > 0) return 'problem';
  if (status.pendingChanges > 0) return 'pending';
  return status.lastSyncAt ? 'synced' : 'never';
}

/** The device a problem is about, by name when its manifest has been read. */
export function problemDevice(t: Translator, problem: SyncProblem): string {
  return problem.deviceName || problem.device || t('sync.problem.unknownDevice');
}

export function problemText(t: Translator, problem: SyncProblem): string {
  return t(`sync.problem.${problem.code}`, { ...isolateParams(problem).params, device: problemDevice(t, problem) });
}

/** A synced table as a kind of record ("Customer", "Invoice"); the raw name for one this app does not know. */
export function tableLabel(t: Translator, table: string): string {
  const key = `sync.table.${table}`;
  return isMessageKey(key) ? t(key) : table;
}

/** A synced column (`organization_id`) by its form label ("Organization"), else as it is stored. */
export function syncedFieldLabel(t: Translator, column: string): string {
  const key = `field.${column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())}`;
  return isMessageKey(key) ? t(key as MessageKey) : column;
}
