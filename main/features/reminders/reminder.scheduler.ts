/**
 * While the app runs, checks for reminders that came due and announces each once per run (again
 * after a snooze): a `reminders.due` event for the window's notification center, and, through
 * a small port, an OS notification from the desktop shell. The core never imports Electron.
 */
import type { Activity } from '../../../shared/activities/activity.schema';
import { formatDateTime } from '../../../shared/format/format';
import { createTranslator } from '../../../shared/i18n/index';
import type { App } from '../../app';

export interface ReminderNotice {
  activityId: string;
  title: string;
  body: string;
}

/** The shell's way to raise an OS notification. */
export interface ReminderNotifier {
  notify(notice: ReminderNotice): void;
}

export interface ReminderWatch {
  /** Checks now; returns the reminders announced by this check. */
  check(): Activity[];
  stop(): void;
}

export const REMINDER_CHECK_MS = 30_000;

export function reminderNotice(app: App, activity: Activity): ReminderNotice {
  const display = app.preferences();
  const t = createTranslator(display.language, display.digits);
  const when = activity.dueAt ? formatDateTime(activity.dueAt, display, app.timeZone) : '';
  return {
    activityId: activity.id,
    title: t('reminder.notificationTitle', { subject: activity.subject }),
    body: [activity.customerName, when].filter(Boolean).join(' · '),
  };
}

export function watchReminders(
  app: App,
  options: { notifier?: ReminderNotifier; intervalMs?: number } = {},
): ReminderWatch {
  const announced = new Set<string>();
  const check = (): Activity[] => {
    const result = app.dispatch('reminders.due', {});
    if (!result.ok) return [];
    const fresh = (result.value as Activity[]).filter((a) => !announced.has(`${a.id}@${a.remindAt}`));
    if (fresh.length === 0) return [];
    for (const activity of fresh) {
      announced.add(`${activity.id}@${activity.remindAt}`);
      options.notifier?.notify(reminderNotice(app, activity));
    }
    app.emit('reminders.due', { activities: fresh });
    return fresh;
  };
  const timer = setInterval(check, options.intervalMs ?? REMINDER_CHECK_MS);
  // Checking must never keep a CLI or test process alive.
  timer.unref();
  return {
    check,
    stop: () => clearInterval(timer),
  };
}
