/**
 * What can be done to an activity in place — complete, cancel, reschedule, edit, delete (with
 * Undo) — and one row that shows an activity with those actions, used by the timeline, the agenda
 * and the notification center.
 */
import { ActionIcon, Badge, Button, Group, Menu, Popover, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarTime, IconCheck, IconDots, IconPencil, IconRepeat, IconTrash, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'wouter';
import type { Activity } from '../../../shared/activities/activity.schema';
import { addDays, localDateOf, localTimeOf, zonedTimeToUtc, type LocalDate } from '../../../shared/calendar/calendar';
import { localizeDigits } from '../../../shared/format/format';
import type { Translator } from '../../../shared/i18n';
import { foldDigits } from '../../../shared/text/normalize';
import { useDisplay, useT } from '../../app/i18n';
import { ACTIVITY_COLORS, ACTIVITY_ICONS, isOverdue, localTimeZone, today, whenText } from '../../lib/activities';
import { invoke } from '../../lib/client';
import { deleteWithUndo, showError } from '../../lib/undo';
import { dataChanged } from '../../stores/data';
import { DayCalendar } from './DatePicker';
import { useActivityDialog } from './dialog.store';

export async function completeActivity(t: Translator, activity: Activity): Promise<void> {
  try {
    const { next } = await invoke('activities.complete', { id: activity.id });
    notifications.show({
      color: 'teal',
      message: next
        ? t('activity.completedNext', { subject: activity.subject })
        : t('activity.completed', { subject: activity.subject }),
    });
  } catch (error) {
    showError(t, error);
  } finally {
    dataChanged();
  }
}

export async function cancelActivity(t: Translator, activity: Activity): Promise<void> {
  try {
    await invoke('activities.cancel', { id: activity.id });
    notifications.show({ color: 'gray', message: t('activity.cancelled', { subject: activity.subject }) });
  } catch (error) {
    showError(t, error);
  } finally {
    dataChanged();
  }
}

export async function rescheduleActivity(
  t: Translator,
  activity: Activity,
  date: LocalDate,
  time: string | null,
): Promise<boolean> {
  const zone = localTimeZone();
  try {
    await invoke('activities.reschedule', {
      id: activity.id,
      dueAt: zonedTimeToUtc(date, time ?? '00:00', zone),
      allDay: time === null,
    });
    notifications.show({ color: 'teal', message: t('activity.rescheduled', { subject: activity.subject }) });
    return true;
  } catch (error) {
    showError(t, error);
    return false;
  } finally {
    dataChanged();
  }
}

export async function deleteActivity(t: Translator, activity: Activity): Promise<void> {
  await deleteWithUndo(t, {
    id: `activity-deleted-${activity.id}`,
    message: t('activity.deleted', { subject: activity.subject }),
    remove: () => invoke('activities.delete', { id: activity.id }),
    restore: () => invoke('activities.restore', { id: activity.id }),
  });
}

/** Pick a new day (and time) for a planned activity. */
export function ReschedulePopover({ activity }: { activity: Activity }) {
  const t = useT();
  const display = useDisplay();
  const zone = localTimeZone();
  const [opened, setOpened] = useState(false);
  const [date, setDate] = useState<LocalDate>(activity.dueAt ? localDateOf(activity.dueAt, zone) : today(zone));
  const [time, setTime] = useState(
    activity.dueAt && !activity.allDay ? localizeDigits(localTimeOf(activity.dueAt, zone), display.digits) : '',
  );
  const [bad, setBad] = useState(false);
  const apply = async (day: LocalDate) => {
    const folded = foldDigits(time).trim();
    if (folded !== '' && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(folded)) {
      setBad(true);
      return;
    }
    if (await rescheduleActivity(t, activity, day, folded === '' ? null : folded.padStart(5, '0'))) setOpened(false);
  };
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      shadow="md"
      trapFocus
      position={display.language === 'fa' ? 'bottom-start' : 'bottom-end'}
    >
      <Popover.Target>
        <Tooltip label={t('activity.reschedule')}>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('activity.rescheduleNamed', { subject: activity.subject })}
            onClick={() => setOpened((o) => !o)}
          >
            <IconCalendarTime size={16} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Stack gap="xs">
          <Group gap={4}>
            <Button size="compact-xs" variant="light" onClick={() => void apply(addDays(today(zone), 1))}>
              {t('activity.tomorrow')}
            </Button>
            <Button size="compact-xs" variant="light" onClick={() => void apply(addDays(today(zone), 7))}>
              {t('activity.nextWeek')}
            </Button>
          </Group>
          <DayCalendar value={date} onChange={setDate} />
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              size="xs"
              dir="ltr"
              w={90}
              label={t('activity.time')}
              placeholder="HH:MM"
              value={time}
              onChange={(e) => {
                setTime(e.currentTarget.value);
                setBad(false);
              }}
              error={bad ? t('activity.badTime') : undefined}
            />
            <Button size="xs" onClick={() => void apply(date)}>
              {t('activity.move')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export function StatusBadge({ activity }: { activity: Activity }) {
  const t = useT();
  if (isOverdue(activity)) {
    return (
      <Badge size="xs" color="red" variant="light">
        {t('activity.overdue')}
      </Badge>
    );
  }
  const color = activity.status === 'done' ? 'teal' : activity.status === 'cancelled' ? 'gray' : 'blue';
  return (
    <Badge size="xs" color={color} variant="light">
      {t(`activity.status.${activity.status}`)}
    </Badge>
  );
}

/** Complete / reschedule / cancel (when planned), and a menu with edit and delete. */
export function ActivityActions({ activity }: { activity: Activity }) {
  const t = useT();
  const open = useActivityDialog((s) => s.open);
  const planned = activity.status === 'planned' && activity.deletedAt === null;
  return (
    <Group gap={2} wrap="nowrap" className="activity-actions">
      {planned && (
        <>
          <Tooltip label={t('activity.complete')}>
            <ActionIcon
              variant="subtle"
              color="teal"
              aria-label={t('activity.completeNamed', { subject: activity.subject })}
              onClick={() => void completeActivity(t, activity)}
            >
              <IconCheck size={16} />
            </ActionIcon>
          </Tooltip>
          <ReschedulePopover activity={activity} />
          <Tooltip label={t('activity.cancel')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('activity.cancelNamed', { subject: activity.subject })}
              onClick={() => void cancelActivity(t, activity)}
            >
              <IconX size={16} />
            </ActionIcon>
          </Tooltip>
        </>
      )}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={t('activity.more', { subject: activity.subject })}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={<IconPencil size={14} />}
            onClick={() =>
              activity.customerId &&
              open({ customerId: activity.customerId, customerName: activity.customerName, activity })
            }
          >
            {t('common.edit')}
          </Menu.Item>
          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => void deleteActivity(t, activity)}>
            {t('common.delete')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

/** One activity on one line (agenda, day list): type, subject, when, customer, actions. */
export function ActivityRow({ activity, showCustomer = true }: { activity: Activity; showCustomer?: boolean }) {
  const t = useT();
  const display = useDisplay();
  const Icon = ACTIVITY_ICONS[activity.type];
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      className="activity-row"
      data-testid="activity-row"
      data-status={activity.status}
      justify="space-between"
    >
      <Group gap="xs" wrap="nowrap" className="activity-row-main">
        <Icon size={18} stroke={1.6} color={`var(--mantine-color-${ACTIVITY_COLORS[activity.type]}-6)`} />
        <div className="activity-row-text">
          <Group gap={6} wrap="nowrap">
            <Text
              size="sm"
              fw={500}
              truncate
              td={activity.status === 'cancelled' ? 'line-through' : undefined}
              title={activity.subject}
            >
              {activity.subject}
            </Text>
            <StatusBadge activity={activity} />
            {activity.recurrence && (
              <Tooltip label={t(`activity.repeat.${activity.recurrence}`)}>
                <IconRepeat size={13} aria-label={t(`activity.repeat.${activity.recurrence}`)} />
              </Tooltip>
            )}
          </Group>
          <Text size="xs" c="dimmed" truncate>
            {whenText(activity, t, display)}
            {showCustomer && activity.customerId && (
              <>
                {' · '}
                <Link href={`/customers/${activity.customerId}`} className="inline-link">
                  {activity.customerName}
                </Link>
              </>
            )}
            {activity.personName && ` · ${activity.personName}`}
          </Text>
        </div>
      </Group>
      <ActivityActions activity={activity} />
    </Group>
  );
}
