/**
 * The customer's one timeline: notes, activities and field changes, newest first, filtered by
 * kind and fetched a page at a time by cursor as the end scrolls into view (a customer may have
 * thousands of activities). Planned activities are completed, cancelled or moved in place; notes
 * are edited or deleted in place.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Timeline as MantineTimeline,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconHistory, IconNote, IconPencil, IconRepeat, IconTrash } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TimelineItem, TimelineKind, TimelinePage } from '../../../shared/customers/customer360';
import { TIMELINE_KINDS } from '../../../shared/customers/customer360';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatDateTime } from '../../../shared/format/format';
import type { HistoryEntry } from '../../../shared/history';
import type { Note } from '../../../shared/notes/note.schema';
import { describeError, describeIssue, fieldLabel, type Translator } from '../../../shared/i18n';
import { useDisplay, usePhoneRegion, useT } from '../../app/i18n';
import { ACTIVITY_COLORS, ACTIVITY_ICONS, isOverdue, whenText } from '../../lib/activities';
import { invoke, RpcError } from '../../lib/client';
import { userName } from '../../lib/display';
import { dataChanged, useDataVersion } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { ActivityActions, StatusBadge } from '../activities/actions';
import { readable, type ValueContext } from './HistoryPanel';

const PAGE = 30;
type Filter = 'all' | TimelineKind;

function failed(t: Translator, error: unknown): void {
  notifications.show({ color: 'red', title: t('common.error'), message: describeError(t, toPayload(error)) });
}

function NoteBody({ note }: { note: Note }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(note.body);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      await invoke('notes.update', { id: note.id, body });
      setEditing(false);
      dataChanged();
    } catch (e) {
      const payload = toPayload(e);
      const issue = e instanceof RpcError ? payload.issues?.[0] : undefined;
      setError(issue ? describeIssue(t, issue) : describeError(t, payload));
    }
  };
  const remove = async () => {
    try {
      await invoke('notes.delete', { id: note.id });
    } catch (e) {
      failed(t, e);
      return;
    } finally {
      dataChanged();
    }
    const id = `note-deleted-${note.id}`;
    notifications.show({
      id,
      color: 'gray',
      autoClose: 8000,
      message: (
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Text size="sm">{t('note.deleted')}</Text>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => {
              notifications.hide(id);
              invoke('notes.restore', { id: note.id })
                .catch((err: unknown) => failed(t, err))
                .finally(dataChanged);
            }}
          >
            {t('common.undo')}
          </Button>
        </Group>
      ),
    });
  };
  if (editing) {
    return (
      <Stack gap={4} mt={4}>
        <Textarea
          aria-label={t('field.body')}
          autosize
          minRows={2}
          maxRows={10}
          value={body}
          autoFocus
          onChange={(e) => {
            setBody(e.currentTarget.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
            if (e.key === 'Escape') setEditing(false);
          }}
          error={error}
        />
        <Group gap="xs">
          <Button size="compact-sm" onClick={() => void save()}>
            {t('common.save')}
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
      <Text size="sm" className="description" mt={2}>
        {note.body}
      </Text>
      <Group gap={2} wrap="nowrap" className="item-actions">
        <Tooltip label={t('common.edit')}>
          <ActionIcon variant="subtle" color="gray" aria-label={t('note.edit')} onClick={() => setEditing(true)}>
            <IconPencil size={15} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('common.delete')}>
          <ActionIcon variant="subtle" color="gray" aria-label={t('note.delete')} onClick={() => void remove()}>
            <IconTrash size={15} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}

function ChangeBody({ changes, ctx }: { changes: HistoryEntry[]; ctx: ValueContext }) {
  const shown = changes.filter((e) => e.field !== 'deletedAt' && e.field !== 'ownerId' && e.field !== 'mergedIntoId');
  if (shown.length === 0) return null;
  return (
    <Stack gap={2} mt={2}>
      {shown.map((entry) => (
        <Text size="sm" key={entry.field} className="history-change">
          <Text span c="dimmed" size="sm">
            {fieldLabel(ctx.t, entry.field)}:{' '}
          </Text>
          {entry.action === 'created' || entry.action === 'merged'
            ? readable(entry.field, entry.newValue, ctx)
            : ctx.t('history.change', {
                old: readable(entry.field, entry.oldValue, ctx),
                new: readable(entry.field, entry.newValue, ctx),
              })}
        </Text>
      ))}
    </Stack>
  );
}

function Item({ item, ctx }: { item: TimelineItem; ctx: ValueContext }) {
  const { t, display } = ctx;
  if (item.kind === 'note') {
    const { note } = item;
    return (
      <MantineTimeline.Item
        bullet={<IconNote size={12} />}
        color="yellow"
        data-testid="timeline-note"
        title={
          <Group gap={8}>
            <Text size="sm" fw={600}>
              {t('timeline.note')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('history.byAt', {
                user: userName(t, note.ownerId, note.ownerName),
                at: formatDateTime(note.createdAt, display),
              })}
            </Text>
          </Group>
        }
      >
        <NoteBody note={note} />
      </MantineTimeline.Item>
    );
  }
  if (item.kind === 'activity') {
    const { activity } = item;
    const Icon = ACTIVITY_ICONS[activity.type];
    return (
      <MantineTimeline.Item
        bullet={<Icon size={12} />}
        color={isOverdue(activity) ? 'red' : ACTIVITY_COLORS[activity.type]}
        data-testid="timeline-activity"
        title={
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Group gap={6} wrap="wrap">
              <Text size="sm" fw={600} td={activity.status === 'cancelled' ? 'line-through' : undefined}>
                {activity.subject}
              </Text>
              <Badge size="xs" variant="outline" color={ACTIVITY_COLORS[activity.type]}>
                {t(`activity.type.${activity.type}`)}
              </Badge>
              <StatusBadge activity={activity} />
              {activity.recurrence && <IconRepeat size={13} aria-label={t(`activity.repeat.${activity.recurrence}`)} />}
            </Group>
            <ActivityActions activity={activity} />
          </Group>
        }
      >
        <Text size="xs" c="dimmed">
          {whenText(activity, t, display)}
          {activity.personName && ` · ${activity.personName}`}
          {activity.durationMinutes !== null && ` · ${t('activity.minutes', { count: activity.durationMinutes })}`}
        </Text>
        {activity.outcome && (
          <Text size="sm" mt={2} className="description">
            <Text span c="dimmed" size="sm">
              {t('field.outcome')}:{' '}
            </Text>
            {activity.outcome}
          </Text>
        )}
        {activity.description && (
          <Text size="sm" mt={2} className="description">
            {activity.description}
          </Text>
        )}
      </MantineTimeline.Item>
    );
  }
  const head = item.changes[0];
  const action = head?.action ?? 'updated';
  return (
    <MantineTimeline.Item
      bullet={<IconHistory size={12} />}
      color={action === 'deleted' ? 'red' : action === 'merged' ? 'grape' : 'gray'}
      data-testid="timeline-change"
      title={
        <Group gap={8}>
          <Text size="sm" fw={600}>
            {t(`history.${action}`)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('history.byAt', {
              user: head ? userName(t, head.userId, head.userName) || t('common.empty') : t('common.empty'),
              at: formatDateTime(item.at, display),
            })}
          </Text>
        </Group>
      }
    >
      <ChangeBody changes={item.changes} ctx={ctx} />
    </MantineTimeline.Item>
  );
}

const itemKey = (item: TimelineItem): string =>
  item.kind === 'note'
    ? `n-${item.note.id}`
    : item.kind === 'activity'
      ? `a-${item.activity.id}`
      : `c-${item.changes[0]?.hlc ?? item.at}`;

export function CustomerTimeline({ customerId, names }: { customerId: string; names: Record<string, string> }) {
  const t = useT();
  const display = useDisplay();
  const region = usePhoneRegion();
  const version = useDataVersion((s) => s.version);
  const [filter, setFilter] = useState<Filter>('all');
  const [items, setItems] = useState<TimelineItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const kinds: TimelineKind[] = filter === 'all' ? [...TIMELINE_KINDS] : [filter];
  const kindsKey = kinds.join(',');
  // How many items are shown, so a refresh after a change keeps what was scrolled to.
  const shown = useRef(PAGE);

  useEffect(() => {
    let live = true;
    const limit = Math.min(200, Math.max(PAGE, shown.current));
    invoke('customers.timeline', { id: customerId, kinds: kindsKey.split(',') as TimelineKind[], limit })
      .then((page: TimelinePage) => {
        if (!live) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setError(null);
      })
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [customerId, kindsKey, version]);

  const more = useCallback(async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await invoke('customers.timeline', {
        id: customerId,
        kinds: kindsKey.split(',') as TimelineKind[],
        cursor,
        limit: PAGE,
      });
      setItems((list) => {
        const next = [...(list ?? []), ...page.items];
        shown.current = next.length;
        return next;
      });
      setCursor(page.nextCursor);
    } catch (e) {
      setError(toPayload(e));
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loadingMore, customerId, kindsKey]);

  // Fetch the next page when the end of the list comes into view.
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !cursor || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void more();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [cursor, more]);

  const ctx: ValueContext = { t, display, region, names };
  return (
    <Stack gap="sm">
      <SegmentedControl
        size="xs"
        aria-label={t('timeline.filter')}
        value={filter}
        onChange={(value) => {
          shown.current = PAGE;
          setFilter(value as Filter);
        }}
        data={[
          { value: 'all', label: t('timeline.all') },
          { value: 'activity', label: t('timeline.activities') },
          { value: 'note', label: t('timeline.notes') },
          { value: 'change', label: t('timeline.changes') },
        ]}
      />
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('common.error')}>
          {describeError(t, error)}
        </Alert>
      )}
      {items === null && !error && (
        <Group justify="center" p="md">
          <Loader size="sm" />
        </Group>
      )}
      {items?.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="timeline-empty">
          {t(filter === 'all' ? 'timeline.empty' : 'timeline.emptyFiltered')}
        </Text>
      )}
      {items && items.length > 0 && (
        <MantineTimeline bulletSize={22} lineWidth={2} className="history timeline" data-testid="timeline">
          {items.map((item) => (
            <Item key={itemKey(item)} item={item} ctx={ctx} />
          ))}
        </MantineTimeline>
      )}
      <div ref={sentinel} />
      {cursor && (
        <Button variant="subtle" size="xs" onClick={() => void more()} loading={loadingMore} w="fit-content">
          {t('timeline.more')}
        </Button>
      )}
    </Stack>
  );
}
