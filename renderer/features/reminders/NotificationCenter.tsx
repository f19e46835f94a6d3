/**
 * The bell in the header: how many reminders are due, and a list with Open, Done, Snooze
 * (10 minutes, 1 hour, tomorrow morning) and Dismiss for each.
 */
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Indicator,
  Menu,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBell, IconBellOff, IconCheck, IconClock, IconExternalLink, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import type { Activity } from '../../../shared/activities/activity.schema';
import { zonedTimeToUtc } from '../../../shared/calendar/calendar';
import { formatNumber } from '../../../shared/format/format';
import { describeError, type Translator } from '../../../shared/i18n';
import { useDisplay, useT } from '../../app/i18n';
import { ACTIVITY_COLORS, ACTIVITY_ICONS, localTimeZone, tomorrowMorning, whenText } from '../../lib/activities';
import { invoke, onEvent } from '../../lib/client';
import { dataChanged, useDataVersion } from '../../stores/data';
import { useReminders } from './reminders.store';
import { showError } from '../../lib/undo';

const MINUTE = 60_000;

async function act(t: Translator, activity: Activity, run: () => Promise<unknown>, message: string): Promise<void> {
  try {
    await run();
    useReminders.getState().drop(activity.id);
    notifications.show({ color: 'teal', message });
  } catch (error) {
    showError(t, error);
  } finally {
    dataChanged();
  }
}

function ReminderItem({ activity, onOpen }: { activity: Activity; onOpen(): void }) {
  const t = useT();
  const display = useDisplay();
  const Icon = ACTIVITY_ICONS[activity.type];
  const snooze = (until: string) =>
    void act(
      t,
      activity,
      () => invoke('reminders.snooze', { id: activity.id, until }),
      t('reminders.snoozed', { subject: activity.subject }),
    );
  return (
    <div className="reminder-item" data-testid="reminder">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Icon size={18} color={`var(--mantine-color-${ACTIVITY_COLORS[activity.type]}-6)`} />
        <div className="grow">
          <Text size="sm" fw={600} lineClamp={2}>
            {activity.subject}
          </Text>
          <Text size="xs" c="dimmed">
            {activity.customerName} · {whenText(activity, t, display)}
          </Text>
        </div>
      </Group>
      <Group gap={4} mt={6} justify="flex-end" wrap="wrap">
        <Button size="compact-xs" variant="subtle" leftSection={<IconExternalLink size={12} />} onClick={onOpen}>
          {t('reminders.open')}
        </Button>
        {activity.status === 'planned' && (
          <Button
            size="compact-xs"
            variant="light"
            color="teal"
            leftSection={<IconCheck size={12} />}
            onClick={() =>
              void act(
                t,
                activity,
                () => invoke('activities.complete', { id: activity.id }),
                t('activity.completed', { subject: activity.subject }),
              )
            }
          >
            {t('reminders.done')}
          </Button>
        )}
        <Menu position="bottom-end" withinPortal={false}>
          <Menu.Target>
            <Button size="compact-xs" variant="light" leftSection={<IconClock size={12} />}>
              {t('reminders.snooze')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => snooze(new Date(Date.now() + 10 * MINUTE).toISOString())}>
              {t('reminders.snooze10')}
            </Menu.Item>
            <Menu.Item onClick={() => snooze(new Date(Date.now() + 60 * MINUTE).toISOString())}>
              {t('reminders.snooze60')}
            </Menu.Item>
            <Menu.Item onClick={() => snooze(zonedTimeToUtc(tomorrowMorning(), '09:00', localTimeZone()))}>
              {t('reminders.snoozeTomorrow')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        <Button
          size="compact-xs"
          variant="subtle"
          color="gray"
          leftSection={<IconX size={12} />}
          onClick={() =>
            void act(
              t,
              activity,
              () => invoke('reminders.dismiss', { id: activity.id }),
              t('reminders.dismissed', { subject: activity.subject }),
            )
          }
        >
          {t('reminders.dismiss')}
        </Button>
      </Group>
    </div>
  );
}

export function NotificationCenter() {
  const t = useT();
  const display = useDisplay();
  const [location, navigate] = useLocation();
  const due = useReminders((s) => s.due);
  const error = useReminders((s) => s.error);
  const version = useDataVersion((s) => s.version);
  const [opened, setOpened] = useState(false);
  // Close when the page changes (Open, or any navigation).
  const [seenLocation, setSeenLocation] = useState(location);
  if (location !== seenLocation) {
    setSeenLocation(location);
    setOpened(false);
  }

  useEffect(() => {
    const { load } = useReminders.getState();
    void load();
    const timer = setInterval(() => void load(), MINUTE);
    const off = onEvent('reminders.due', ({ activities }) => {
      useReminders.getState().add(activities);
      for (const a of activities) {
        notifications.show({
          id: `reminder-${a.id}`,
          color: 'blue',
          icon: <IconBell size={16} />,
          title: t('reminders.dueNow'),
          message: `${a.subject} · ${a.customerName}`,
        });
      }
    });
    return () => {
      clearInterval(timer);
      off();
    };
  }, [t]);

  // Completing or moving an activity elsewhere may clear its reminder.
  useEffect(() => {
    if (version > 0) void useReminders.getState().load();
  }, [version]);

  const count = due.length;
  const label = count > 0 ? t('reminders.count', { count }) : t('reminders.title');
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      width={360}
      position="bottom-end"
      shadow="md"
      trapFocus
      closeOnEscape
      returnFocus
    >
      <Popover.Target>
        <Tooltip label={label}>
          <Indicator
            disabled={count === 0}
            label={formatNumber(count, display)}
            size={16}
            color="red"
            offset={4}
            data-testid="reminder-count"
          >
            <ActionIcon variant="default" size="md" aria-label={label} onClick={() => setOpened((o) => !o)}>
              <IconBell size={16} />
            </ActionIcon>
          </Indicator>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Text size="sm" fw={700} mb="xs">
          {t('reminders.title')}
        </Text>
        {error && (
          <Alert color="red" p="xs" mb="xs">
            {describeError(t, error)}
          </Alert>
        )}
        {count === 0 ? (
          <Stack align="center" gap={4} py="md">
            <IconBellOff size={22} color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed">
              {t('reminders.empty')}
            </Text>
          </Stack>
        ) : (
          <ScrollArea.Autosize mah={420}>
            <Stack gap="xs">
              {due.map((a) => (
                <ReminderItem
                  key={a.id}
                  activity={a}
                  onOpen={() => {
                    setOpened(false);
                    if (a.customerId) navigate(`/customers/${a.customerId}`);
                  }}
                />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
