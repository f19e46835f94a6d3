/**
 * The customer's one timeline: notes, activities, field changes, quotes, invoices and payments,
 * newest first, filtered by kind (chips) and fetched a page at a time by cursor as the end scrolls into view (a customer may have
 * thousands of activities). Planned activities are completed, cancelled or moved in place; notes
 * are edited or deleted in place.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Chip,
  Group,
  Loader,
  Stack,
  Text,
  Textarea,
  Timeline as MantineTimeline,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCash,
  IconFileDollar,
  IconFileInvoice,
  IconHistory,
  IconNote,
  IconPencil,
  IconRepeat,
  IconTrash,
} from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import type { TimelineItem, TimelineKind, TimelinePage } from '../../../shared/customers/customer360';
import { TIMELINE_KINDS } from '../../../shared/customers/customer360';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatDate, formatDateTime } from '../../../shared/format/format';
import type { HistoryEntry } from '../../../shared/history';
import type { Note } from '../../../shared/notes/note.schema';
import { describeError, describeIssue, fieldLabel, type MessageKey } from '../../../shared/i18n';
import { useDisplay, usePhoneRegion, useT } from '../../app/i18n';
import { ACTIVITY_COLORS, ACTIVITY_ICONS, isOverdue, whenText } from '../../lib/activities';
import { deleteWithUndo } from '../../lib/undo';
import { invoke, RpcError } from '../../lib/client';
import { userName } from '../../lib/display';
import { dataChanged, useDataVersion } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { ActivityActions, StatusBadge } from '../activities/actions';
import { InvoiceStatusBadge, Money, QuoteStatusBadge } from '../billing/parts';
import { readable, type ValueContext } from './HistoryPanel';

const PAGE = 30;
type Filter = 'all' | TimelineKind;

const FILTERS: { value: Filter; label: MessageKey }[] = [
  { value: 'all', label: 'timeline.all' },
  { value: 'activity', label: 'timeline.activities' },
  { value: 'note', label: 'timeline.notes' },
  { value: 'change', label: 'timeline.changes' },
  { value: 'quote', label: 'timeline.quotes' },
  { value: 'invoice', label: 'timeline.invoices' },
  { value: 'payment', label: 'timeline.payments' },
];

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
  const remove = () =>
    deleteWithUndo(t, {
      id: `note-deleted-${note.id}`,
      message: t('note.deleted'),
      remove: () => invoke('notes.delete', { id: note.id }),
      restore: () => invoke('notes.restore', { id: note.id }),
    });
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
  if (item.kind === 'quote' || item.kind === 'invoice' || item.kind === 'payment') {
    return <BillingItem item={item} ctx={ctx} />;
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

type BillingTimelineItem = Extract<TimelineItem, { kind: 'quote' | 'invoice' | 'payment' }>;

/** A document number as stored: never grouped, kept left-to-right inside Persian text. */
function DocNumber({ number }: { number: string }) {
  return (
    <bdi dir="ltr" className="doc-number">
      {number}
    </bdi>
  );
}

/** A quote, invoice or payment: what, its number and status, the amount, a link to the editor. */
function BillingItem({ item, ctx }: { item: BillingTimelineItem; ctx: ValueContext }) {
  const { t, display } = ctx;
  const when = formatDateTime(item.at, display);
  if (item.kind === 'quote') {
    const { quote } = item;
    return (
      <MantineTimeline.Item
        bullet={<IconFileDollar size={12} />}
        color="indigo"
        data-testid="timeline-quote"
        title={
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Group gap={6} wrap="wrap">
              <Anchor component={Link} href={`/quotes/${quote.id}`} size="sm" fw={600}>
                {t('timeline.quote')}
              </Anchor>
              <QuoteStatusBadge status={quote.status} />
            </Group>
            <Text size="sm" fw={600} className="amount">
              <Money minor={quote.total} currency={quote.currency} />
            </Text>
          </Group>
        }
      >
        <Text size="xs" c="dimmed">
          {when}
          {quote.validUntil && ` · ${t('billing.col.validUntil')}: ${formatDate(quote.validUntil, display)}`}
        </Text>
      </MantineTimeline.Item>
    );
  }
  if (item.kind === 'invoice') {
    const { invoice } = item;
    const label =
      invoice.kind === 'credit_note'
        ? t('billing.kind.credit_note')
        : invoice.number
          ? t('timeline.invoice')
          : t('timeline.draftInvoice');
    return (
      <MantineTimeline.Item
        bullet={<IconFileInvoice size={12} />}
        color={invoice.status === 'overdue' ? 'red' : invoice.status === 'paid' ? 'green' : 'blue'}
        data-testid="timeline-invoice"
        title={
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Group gap={6} wrap="wrap">
              <Anchor component={Link} href={`/invoices/${invoice.id}`} size="sm" fw={600}>
                {label}
                {invoice.number && (
                  <>
                    {' '}
                    <DocNumber number={invoice.number} />
                  </>
                )}
              </Anchor>
              <InvoiceStatusBadge status={invoice.status} />
            </Group>
            <Text size="sm" fw={600} className="amount">
              <Money minor={invoice.total} currency={invoice.currency} />
            </Text>
          </Group>
        }
      >
        <Text size="xs" c="dimmed">
          {when}
          {invoice.dueAt && ` · ${t('billing.col.due')}: ${formatDate(invoice.dueAt, display)}`}
          {invoice.balance > 0 && (
            <>
              {` · ${t('billing.payments.balance')}: `}
              <Money minor={invoice.balance} currency={invoice.currency} />
            </>
          )}
        </Text>
      </MantineTimeline.Item>
    );
  }
  const { payment } = item;
  return (
    <MantineTimeline.Item
      bullet={<IconCash size={12} />}
      color="teal"
      data-testid="timeline-payment"
      title={
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={600}>
              {t('timeline.payment')}
            </Text>
            <Badge size="xs" variant="outline" color="teal">
              {t(`billing.method.${payment.method}`)}
            </Badge>
            <Anchor component={Link} href={`/invoices/${payment.invoiceId}`} size="sm">
              {t('timeline.paymentFor')} {payment.invoiceNumber && <DocNumber number={payment.invoiceNumber} />}
            </Anchor>
          </Group>
          <Text size="sm" fw={600} className="amount">
            <Money minor={payment.amount} currency={payment.currency} />
          </Text>
        </Group>
      }
    >
      <Text size="xs" c="dimmed">
        {when}
        {payment.chequeNumber && (
          <>
            {' · '}
            <DocNumber number={payment.chequeNumber} />
          </>
        )}
      </Text>
    </MantineTimeline.Item>
  );
}

const itemKey = (item: TimelineItem): string => {
  switch (item.kind) {
    case 'note':
      return `n-${item.note.id}`;
    case 'activity':
      return `a-${item.activity.id}`;
    case 'quote':
      return `q-${item.quote.id}`;
    case 'invoice':
      return `i-${item.invoice.id}`;
    case 'payment':
      return `p-${item.payment.id}`;
    case 'change':
      return `c-${item.changes[0]?.hlc ?? item.at}`;
  }
};

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
      <Chip.Group
        value={filter}
        onChange={(value) => {
          shown.current = PAGE;
          setFilter(value as Filter);
        }}
      >
        <Group gap={6} role="radiogroup" aria-label={t('timeline.filter')} data-testid="timeline-filter">
          {FILTERS.map((f) => (
            <Chip key={f.value} value={f.value} type="radio" size="xs" variant="light">
              {t(f.label)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
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
