import { afterEach, describe, expect, it } from 'vitest';
import { watchReminders, type ReminderNotice } from '../../../main/features/reminders/reminder.scheduler';
import { openTestApp, type TestApp } from '../../helpers/temp-app';

let app: TestApp;
afterEach(() => app.dispose());

describe('reminder watch', () => {
  it('announces each due reminder once, in the user’s language, and again after a snooze', () => {
    let now = Date.parse('2026-11-22T08:00:00Z');
    app = openTestApp({ wallClock: () => now, timeZone: 'Asia/Tehran' });
    app.call('preferences.update', { language: 'fa', calendar: 'jalali', digits: 'persian' });
    const customer = app.call('customers.create', { kind: 'person', name: 'علی رضایی' });
    const call = app.call('activities.create', {
      type: 'call',
      subject: 'تماس پیگیری',
      customerId: customer.id,
      dueAt: '2026-11-22T09:00:00Z',
      remindAt: '2026-11-22T08:30:00Z',
    });
    const notices: ReminderNotice[] = [];
    const events: string[][] = [];
    app.on('reminders.due', (e) => events.push(e.activities.map((a) => a.id)));
    const watch = watchReminders(app, { notifier: { notify: (n) => notices.push(n) }, intervalMs: 3_600_000 });

    expect(watch.check()).toEqual([]);
    now = Date.parse('2026-11-22T08:31:00Z');
    expect(watch.check().map((a) => a.id)).toEqual([call.id]);
    expect(watch.check()).toEqual([]); // once per run
    expect(notices).toEqual([
      { activityId: call.id, title: 'یادآوری: تماس پیگیری', body: 'علی رضایی · ۱ آذر ۱۴۰۵، ۱۲:۳۰' },
    ]);
    app.call('reminders.snooze', { id: call.id, until: '2026-11-22T08:40:00Z' });
    now = Date.parse('2026-11-22T08:41:00Z');
    expect(watch.check().map((a) => a.id)).toEqual([call.id]);
    expect(events).toEqual([[call.id], [call.id]]);
    watch.stop();
  });
});
