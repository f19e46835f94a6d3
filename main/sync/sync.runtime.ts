/**
 * Automatic sync while the app runs: a round at start, every few minutes, and on quit, when a
 * folder is set. A round that fails (the share is offline) is recorded in the status and tried
 * again at the next tick; it never interrupts the user.
 */
import type { App } from '../app';
import { AUTO_SYNC_MINUTES } from '../../shared/sync/sync.schema';
import { isConfigured, syncRound, type SyncOptions } from './sync.service';

export interface SyncScheduler {
  /** Runs a round now if sync is set up; returns whether one ran and succeeded. */
  tick(): boolean;
  beforeQuit(): boolean;
  stop(): void;
}

export function startSyncScheduler(
  app: App,
  options: { intervalMs?: number; startDelayMs?: number; sync?: SyncOptions } = {},
): SyncScheduler {
  const ctx = () => ({ writer: app.writer, info: app.info, now: Date.now, timeZone: app.timeZone });
  const tick = (): boolean => {
    if (!isConfigured(ctx())) return false;
    const writer = app.writer;
    writer.touched.clear();
    let ok = true;
    try {
      syncRound(ctx(), options.sync);
    } catch {
      // Recorded in the sync status by syncRound; shown in the window, retried next tick.
      ok = false;
    }
    const tables = [...writer.touched, 'sync_state'];
    writer.touched.clear();
    app.emit('data.changed', { tables });
    return ok;
  };
  const first = setTimeout(tick, options.startDelayMs ?? 3_000);
  first.unref();
  const timer = setInterval(tick, options.intervalMs ?? AUTO_SYNC_MINUTES * 60 * 1000);
  timer.unref();
  return {
    tick,
    beforeQuit: tick,
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
