/**
 * Agenda: what is overdue, today and coming up (complete or move each in place), and a week or
 * month calendar in the chosen calendar (Jalali months, Saturday-first weeks in Persian).
 * Clicking a day lists its activities; a planned one is moved by picking a new day.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconAlertTriangle, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Activity, Agenda } from '../../../shared/activities/activity.schema';
import {
  addDays,
  addMonths,
  firstDayOfWeek,
  fromParts,
  localDateOf,
  monthGrid,
  startOfWeek,
  toParts,
  zonedTimeToUtc,
  type LocalDate,
} from '../../../shared/calendar/calendar';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatNumber, intlLocale, type DisplayOptions } from '../../../shared/format/format';
import { describeError } from '../../../shared/i18n';
import { useDisplay, useT } from '../../app/i18n';
import { ACTIVITY_COLORS, isOverdue, localTimeZone, today } from '../../lib/activities';
import { invoke } from '../../lib/client';
import { useDataVersion } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { ActivityRow } from '../activities/actions';

type View = 'week' | 'month';

function formatWith(date: LocalDate, display: DisplayOptions, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(intlLocale(display), { ...options, timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

function Section({
  title,
  items,
  empty,
  color,
  testId,
}: {
  title: string;
  items: Activity[] | null;
  empty: string;
  color?: string;
  testId: string;
}) {
  const display = useDisplay();
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" c={color}>
          {title}
        </Title>
        {items && (
          <Badge variant="light" color={color ?? 'gray'}>
            {formatNumber(items.length, display)}
          </Badge>
        )}
      </Group>
      {items === null ? (
        <Loader size="xs" />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap={4}>
          {items.map((a) => (
            <ActivityRow key={a.id} activity={a} />
          ))}
        </Stack>
      )}
    </Card>
  );
}

function CalendarView() {
  const t = useT();
  const display = useDisplay();
  const version = useDataVersion((s) => s.version);
  const zone = localTimeZone();
  const now = today(zone);
  const firstDay = firstDayOfWeek(display.calendar, display.language);
  const [view, setView] = useState<View>('month');
  const [anchor, setAnchor] = useState<LocalDate>(now);
  const [selected, setSelected] = useState<LocalDate>(now);
  const [activities, setActivities] = useState<Activity[] | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);

  const weeks = useMemo(() => {
    if (view === 'week') {
      const start = startOfWeek(anchor, firstDay);
      return [Array.from({ length: 7 }, (_, i) => addDays(start, i))];
    }
    const { year, month } = toParts(anchor, display.calendar);
    return monthGrid(year, month, display.calendar, firstDay);
  }, [view, anchor, firstDay, display.calendar]);
  const first = weeks[0]?.[0] ?? anchor;
  const last = weeks[weeks.length - 1]?.[6] ?? anchor;

  useEffect(() => {
    let live = true;
    invoke('activities.list', {
      from: zonedTimeToUtc(first, '00:00', zone),
      to: zonedTimeToUtc(addDays(last, 1), '00:00', zone),
      limit: 1000,
    })
      .then((result) => {
        if (!live) return;
        setActivities(result.rows);
        setError(null);
      })
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [first, last, zone, version]);

  const byDay = useMemo(() => {
    const map = new Map<LocalDate, Activity[]>();
    for (const a of activities ?? []) {
      if (!a.dueAt) continue;
      const day = localDateOf(a.dueAt, zone);
      map.set(day, [...(map.get(day) ?? []), a]);
    }
    return map;
  }, [activities, zone]);

  const { year, month } = toParts(anchor, display.calendar);
  const monthStart = fromParts({ year, month, day: 1 }, display.calendar);
  const title =
    view === 'month'
      ? formatWith(monthStart, display, { year: 'numeric', month: 'long' })
      : `${formatWith(first, display, { month: 'short', day: 'numeric' })} – ${formatWith(last, display, {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
        })}`;
  const step = (direction: 1 | -1) => {
    const next = view === 'month' ? addMonths(monthStart, direction, display.calendar) : addDays(anchor, 7 * direction);
    setAnchor(next);
  };
  const rtl = display.language === 'fa';
  const Prev = rtl ? IconChevronRight : IconChevronLeft;
  const Next = rtl ? IconChevronLeft : IconChevronRight;
  const dayItems = byDay.get(selected) ?? [];
  const inMonth = (day: LocalDate) => view === 'week' || toParts(day, display.calendar).month === month;

  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap={4} wrap="nowrap">
          <ActionIcon variant="subtle" aria-label={t('agenda.previous')} onClick={() => step(-1)}>
            <Prev size={18} />
          </ActionIcon>
          <Title order={3} size="h5" miw={160} ta="center" data-testid="calendar-title">
            {title}
          </Title>
          <ActionIcon variant="subtle" aria-label={t('agenda.next')} onClick={() => step(1)}>
            <Next size={18} />
          </ActionIcon>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => {
              setAnchor(now);
              setSelected(now);
            }}
          >
            {t('agenda.today')}
          </Button>
        </Group>
        <SegmentedControl
          size="xs"
          aria-label={t('agenda.view')}
          value={view}
          onChange={(v) => setView(v as View)}
          data={[
            { value: 'week', label: t('agenda.week') },
            { value: 'month', label: t('agenda.month') },
          ]}
        />
      </Group>
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} mb="sm" title={t('common.error')}>
          {describeError(t, error)}
        </Alert>
      )}
      <div className="calendar" role="grid" aria-label={title}>
        <div className="calendar-row calendar-head" role="row">
          {(weeks[0] ?? []).map((day) => (
            <div key={day} role="columnheader" className="calendar-weekday">
              {formatWith(day, display, { weekday: 'short' })}
            </div>
          ))}
        </div>
        {weeks.map((week) => (
          <div key={week[0]} className="calendar-row" role="row" data-view={view}>
            {week.map((day) => {
              const items = byDay.get(day) ?? [];
              return (
                <UnstyledButton
                  key={day}
                  role="gridcell"
                  className="calendar-day"
                  data-today={day === now || undefined}
                  data-selected={day === selected || undefined}
                  data-outside={!inMonth(day) || undefined}
                  aria-selected={day === selected}
                  aria-label={formatWith(day, display, { year: 'numeric', month: 'long', day: 'numeric' })}
                  onClick={() => setSelected(day)}
                  data-date={day}
                >
                  <span className="calendar-day-number">{formatWith(day, display, { day: 'numeric' })}</span>
                  <span className="calendar-day-items">
                    {items.slice(0, view === 'week' ? 8 : 3).map((a) => (
                      <span
                        key={a.id}
                        className="calendar-chip"
                        dir="auto"
                        data-status={a.status}
                        data-overdue={isOverdue(a) || undefined}
                        style={{ borderInlineStartColor: `var(--mantine-color-${ACTIVITY_COLORS[a.type]}-6)` }}
                      >
                        {a.subject}
                      </span>
                    ))}
                    {items.length > (view === 'week' ? 8 : 3) && (
                      <span className="calendar-more">
                        {t('agenda.moreItems', { count: items.length - (view === 'week' ? 8 : 3) })}
                      </span>
                    )}
                  </span>
                </UnstyledButton>
              );
            })}
          </div>
        ))}
      </div>
      <Title order={4} size="h6" mt="md" mb="xs" data-testid="day-title">
        {formatWith(selected, display, { weekday: 'long' })}
        {display.language === 'fa' ? '، ' : ', '}
        {formatWith(selected, display, { year: 'numeric', month: 'long', day: 'numeric' })}
      </Title>
      {activities === null ? (
        <Loader size="xs" />
      ) : dayItems.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('agenda.dayEmpty')}
        </Text>
      ) : (
        <Stack gap={4} data-testid="day-list">
          {dayItems.map((a) => (
            <ActivityRow key={a.id} activity={a} />
          ))}
        </Stack>
      )}
    </Card>
  );
}

export function AgendaPage() {
  const t = useT();
  const version = useDataVersion((s) => s.version);
  const [agenda, setAgenda] = useState<Agenda | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);

  useEffect(() => {
    let live = true;
    invoke('agenda.get', { days: 7, timeZone: localTimeZone() })
      .then((a) => {
        if (!live) return;
        setAgenda(a);
        setError(null);
      })
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [version]);

  let body: ReactNode;
  if (error) {
    body = (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('common.error')} role="alert">
        {describeError(t, error)}
      </Alert>
    );
  } else {
    body = (
      <Stack gap="md">
        <Section
          title={t('agenda.overdue')}
          items={agenda?.overdue ?? null}
          empty={t('agenda.overdueEmpty')}
          color="red"
          testId="agenda-overdue"
        />
        <Section
          title={t('agenda.todayList')}
          items={agenda?.today ?? null}
          empty={t('agenda.todayEmpty')}
          testId="agenda-today"
        />
        <Section
          title={t('agenda.upcoming')}
          items={agenda?.upcoming ?? null}
          empty={t('agenda.upcomingEmpty')}
          testId="agenda-upcoming"
        />
      </Stack>
    );
  }
  return (
    <div className="page">
      <Title order={2} size="h3" mb="md">
        {t('agenda.title')}
      </Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>{body}</Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <CalendarView />
        </Grid.Col>
      </Grid>
    </div>
  );
}
