/**
 * One customer, the "360° view": header facts (last contact, next activity, open and overdue
 * tasks, notes, open balance and purchases per currency), quick actions by button or key (L log
 * call, N note, T task), one timeline of notes, activities, changes, quotes, invoices and
 * payments, details, people and History.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Kbd,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useHotkeys } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconArrowLeft,
  IconArrowRight,
  IconBuilding,
  IconChecklist,
  IconNote,
  IconPencil,
  IconPhoneCall,
  IconTrash,
  IconUser,
} from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { CustomerDetail } from '../../../shared/customers/customer.schema';
import type { CustomerSummary } from '../../../shared/customers/customer360';
import type { FieldIssue, RpcErrorPayload } from '../../../shared/errors';
import { formatDate, formatDateTime, formatNumber } from '../../../shared/format/format';
import type { HistoryEntry } from '../../../shared/history';
import { describeError, describeIssue } from '../../../shared/i18n';
import { noteInputSchema } from '../../../shared/notes/note.schema';
import { toFieldIssues } from '../../../shared/validation';
import { useDisplay, usePhoneRegion, useT } from '../../app/i18n';
import { formatShortDateTime } from '../../lib/activities';
import { invoke, RpcError } from '../../lib/client';
import { channelKey, kindKey, phoneLabelKey, phoneText, userName } from '../../lib/display';
import { dataChanged, useDataVersion } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { defaultSubject } from '../activities/ActivityForm';
import { Money } from '../billing/parts';
import { useActivityDialog } from '../activities/dialog.store';
import { HistoryPanel } from './HistoryPanel';
import { CustomerTimeline } from './Timeline';
import { ConfirmDelete, restoreCustomer, type RecordRef } from './trash-actions';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  const t = useT();
  const empty = children === null || children === undefined || children === '' || children === false;
  return (
    <Table.Tr>
      <Table.Th className="fact-label">{label}</Table.Th>
      <Table.Td>{empty ? <Text c="dimmed">{t('common.empty')}</Text> : children}</Table.Td>
    </Table.Tr>
  );
}

function Stat({
  label,
  children,
  color,
  wide,
}: {
  label: string;
  children: ReactNode;
  color?: string | undefined;
  wide?: boolean;
}) {
  return (
    <Card withBorder padding="xs" className="stat" data-wide={wide || undefined}>
      <Text size="xs" c="dimmed" truncate>
        {label}
      </Text>
      <Text size="sm" fw={600} c={color} truncate component="div">
        {children}
      </Text>
    </Card>
  );
}

function SummaryStrip({ id, detail }: { id: string; detail: CustomerDetail }) {
  const t = useT();
  const display = useDisplay();
  const version = useDataVersion((s) => s.version);
  const [summary, setSummary] = useState<CustomerSummary | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  useEffect(() => {
    let live = true;
    invoke('customers.summary', { id })
      .then((s) => {
        if (!live) return;
        setSummary(s);
        setError(null);
      })
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [id, version]);
  if (error) {
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} mb="md" title={t('summary.failed')}>
        {describeError(t, error)}
      </Alert>
    );
  }
  const { customer } = detail;
  const empty = t('common.empty');
  const n = (value: number) => formatNumber(value, display);
  return (
    <div className="summary" data-testid="summary">
      <Stat label={t('summary.lastContact')} wide>
        {summary?.lastContact
          ? t('summary.contactAt', {
              type: t(`activity.type.${summary.lastContact.type}`),
              at: formatShortDateTime(summary.lastContact.at, display),
            })
          : empty}
      </Stat>
      <Stat label={t('summary.nextActivity')} wide>
        {summary?.nextActivity ? (
          <span title={summary.nextActivity.subject}>
            {summary.nextActivity.subject} ·{' '}
            {summary.nextActivity.dueAt
              ? formatShortDateTime(summary.nextActivity.dueAt, display)
              : t('activity.noDate')}
          </span>
        ) : (
          empty
        )}
      </Stat>
      <Stat label={t('summary.openTasks')}>{summary ? n(summary.openTasks) : empty}</Stat>
      <Stat label={t('summary.overdue')} color={summary && summary.overdue > 0 ? 'red' : undefined}>
        {summary ? n(summary.overdue) : empty}
      </Stat>
      <Stat label={t('summary.notes')}>{summary ? n(summary.notes) : empty}</Stat>
      <Stat
        label={t('summary.openBalance')}
        color={summary?.billing.some((b) => b.openBalance > 0) ? 'red' : undefined}
        wide
      >
        {summary && summary.billing.length > 0 ? (
          <span data-testid="summary-balance">
            {summary.billing.map((b, i) => (
              <span key={b.currency} data-currency={b.currency}>
                {i > 0 && ' · '}
                <Money minor={b.openBalance} currency={b.currency} />
              </span>
            ))}
          </span>
        ) : (
          empty
        )}
      </Stat>
      <Stat label={t('summary.purchases')} wide>
        {summary && summary.billing.length > 0 ? (
          <span
            data-testid="summary-purchases"
            title={summary.billing
              .map((b) =>
                t('summary.purchasesDetail', {
                  count: n(b.invoices),
                  date: b.lastInvoiceAt ? formatDate(b.lastInvoiceAt, display) : empty,
                }),
              )
              .join('\n')}
          >
            {summary.billing.map((b, i) => (
              <span key={b.currency} data-currency={b.currency}>
                {i > 0 && ' · '}
                <Money minor={b.purchases} currency={b.currency} />
              </span>
            ))}
          </span>
        ) : (
          empty
        )}
      </Stat>
      <Stat label={t('field.preferredChannel')}>
        {customer.preferredChannel ? t(channelKey(customer.preferredChannel)) : empty}
      </Stat>
      <Stat label={t('field.tags')}>
        {customer.tags.length > 0 ? (
          <Group gap={4} wrap="nowrap">
            {customer.tags.map((tag) => (
              <Badge key={tag} variant="light" size="xs" tt="none">
                {tag}
              </Badge>
            ))}
          </Group>
        ) : (
          empty
        )}
      </Stat>
    </div>
  );
}

/** "Add note": a text box; Ctrl+Enter saves. */
function NoteDialog({ customerId, opened, onClose }: { customerId: string; opened: boolean; onClose(): void }) {
  const t = useT();
  const [body, setBody] = useState('');
  const [issue, setIssue] = useState<FieldIssue | null>(null);
  const [requestError, setRequestError] = useState<RpcErrorPayload | null>(null);
  const [saving, setSaving] = useState(false);
  const close = () => {
    setBody('');
    setIssue(null);
    setRequestError(null);
    onClose();
  };
  const save = async () => {
    const input = { recordType: 'customer' as const, recordId: customerId, body };
    const parsed = noteInputSchema.safeParse(input);
    if (!parsed.success) {
      setIssue(toFieldIssues(parsed.error, input)[0] ?? null);
      return;
    }
    setSaving(true);
    try {
      await invoke('notes.create', input);
      dataChanged();
      notifications.show({ color: 'teal', message: t('note.added') });
      close();
    } catch (e) {
      const payload = toPayload(e);
      const first = e instanceof RpcError ? payload.issues?.[0] : undefined;
      if (first) setIssue(first);
      else setRequestError(payload);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={t('note.addTitle')} size="lg" centered>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          {requestError && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
              {describeError(t, requestError)}
            </Alert>
          )}
          <Textarea
            label={t('field.body')}
            autosize
            minRows={4}
            maxRows={14}
            value={body}
            data-autofocus
            onChange={(e) => {
              setBody(e.currentTarget.value);
              setIssue(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void save();
              }
            }}
            error={issue ? describeIssue(t, issue) : undefined}
          />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('note.hint')}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={saving}>
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function CustomerDetailPage({ id }: { id: string }) {
  const t = useT();
  const display = useDisplay();
  const region = usePhoneRegion();
  const version = useDataVersion((s) => s.version);
  const [, navigate] = useLocation();
  const [detail, setDetail] = useState<CustomerDetail | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [toDelete, setToDelete] = useState<RecordRef | null>(null);
  const [noteOpen, setNoteOpen] = useState(false);
  const openActivity = useActivityDialog((s) => s.open);
  const dialogOpen = useActivityDialog((s) => s.options !== null);

  useEffect(() => {
    let live = true;
    Promise.all([invoke('customers.get', { id }), invoke('customers.history', { id })])
      .then(async ([d, h]) => {
        if (!live) return;
        setDetail(d);
        setHistory(h);
        setError(null);
        // Organization ids in History are shown by name.
        const ids = new Set<string>();
        for (const e of h) {
          if (e.field !== 'organizationId') continue;
          for (const v of [e.oldValue, e.newValue]) if (typeof v === 'string') ids.add(v);
        }
        const found: Record<string, string> = {};
        await Promise.all(
          [...ids].map((orgId) =>
            invoke('customers.get', { id: orgId })
              .then((o) => {
                found[orgId] = o.customer.name;
              })
              .catch(() => undefined),
          ),
        );
        if (live) setNames(found);
      })
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [id, version]);

  const live = detail !== null && detail.customer.deletedAt === null;
  const logCall = () =>
    detail &&
    openActivity({
      customerId: id,
      customerName: detail.customer.name,
      preset: { type: 'call', status: 'done', subject: defaultSubject(t, 'call', detail.customer.name) },
    });
  const scheduleTask = () =>
    detail &&
    openActivity({
      customerId: id,
      customerName: detail.customer.name,
      preset: { type: 'task', status: 'planned', subject: '' },
    });
  const idle = !dialogOpen && !noteOpen && toDelete === null;
  useHotkeys([
    ['E', () => idle && navigate(`/customers/${id}/edit`)],
    ['Delete', () => idle && live && detail && setToDelete(detail.customer)],
    ['L', () => idle && live && logCall()],
    ['N', () => idle && live && setNoteOpen(true)],
    ['T', () => idle && live && scheduleTask()],
  ]);

  const BackIcon = display.language === 'fa' ? IconArrowRight : IconArrowLeft;
  if (error) {
    return (
      <div className="page">
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('common.error')} role="alert">
          <Stack gap="xs">
            {describeError(t, error)}
            <Button component={Link} href="/customers" variant="light" color="red" w="fit-content">
              {t('nav.customers')}
            </Button>
          </Stack>
        </Alert>
      </div>
    );
  }
  if (!detail) {
    return (
      <Group justify="center" p="xl">
        <Loader />
      </Group>
    );
  }
  const { customer, organization, people, ownerName } = detail;
  const deleted = customer.deletedAt !== null;

  return (
    <div className="page">
      <Group justify="space-between" mb="md" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <ActionIcon variant="subtle" component={Link} href="/customers" aria-label={t('common.back')}>
            <BackIcon size={18} />
          </ActionIcon>
          {customer.kind === 'organization' ? <IconBuilding size={22} /> : <IconUser size={22} />}
          <Title order={2} size="h3">
            {customer.name}
          </Title>
          <Badge variant="light" color={customer.kind === 'organization' ? 'grape' : 'blue'}>
            {t(kindKey(customer.kind))}
          </Badge>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {deleted ? (
            <Button leftSection={<IconArrowBackUp size={16} />} onClick={() => void restoreCustomer(t, customer)}>
              {t('common.restore')}
            </Button>
          ) : (
            <>
              <Button
                variant="default"
                leftSection={<IconPencil size={16} />}
                component={Link}
                href={`/customers/${id}/edit`}
              >
                {t('common.edit')}
              </Button>
              <Button
                variant="light"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setToDelete(customer)}
              >
                {t('common.delete')}
              </Button>
            </>
          )}
        </Group>
      </Group>

      {deleted && (
        <Alert color="orange" mb="md" icon={<IconTrash size={18} />}>
          {t('detail.inTrash')}
        </Alert>
      )}

      {!deleted && (
        <Group gap="xs" mb="sm" data-testid="quick-actions">
          <Tooltip label={<Kbd size="xs">L</Kbd>}>
            <Button size="sm" variant="light" leftSection={<IconPhoneCall size={16} />} onClick={() => logCall()}>
              {t('quick.logCall')}
            </Button>
          </Tooltip>
          <Tooltip label={<Kbd size="xs">N</Kbd>}>
            <Button
              size="sm"
              variant="light"
              color="yellow"
              leftSection={<IconNote size={16} />}
              onClick={() => setNoteOpen(true)}
            >
              {t('quick.addNote')}
            </Button>
          </Tooltip>
          <Tooltip label={<Kbd size="xs">T</Kbd>}>
            <Button
              size="sm"
              variant="light"
              color="cyan"
              leftSection={<IconChecklist size={16} />}
              onClick={() => scheduleTask()}
            >
              {t('quick.scheduleTask')}
            </Button>
          </Tooltip>
          <Text size="xs" c="dimmed" visibleFrom="md">
            {t('quick.hint')}
          </Text>
        </Group>
      )}
      <SummaryStrip id={id} detail={detail} />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Card withBorder padding="md">
              <Title order={3} size="h5" mb="xs">
                {t('detail.facts')}
              </Title>
              <Table className="facts" verticalSpacing={6} layout="fixed">
                <Table.Tbody>
                  {customer.kind === 'person' && (
                    <Fact label={t('field.organizationId')}>
                      {organization && (
                        <Anchor component={Link} href={`/customers/${organization.id}`}>
                          {organization.deleted
                            ? t('detail.deletedOrganization', { name: organization.name })
                            : organization.name}
                        </Anchor>
                      )}
                    </Fact>
                  )}
                  <Fact label={t('field.phones')}>
                    {customer.phones.length > 0 && (
                      <Stack gap={2}>
                        {customer.phones.map((p) => (
                          <Group key={p.number} gap={6}>
                            <bdi dir="ltr">{phoneText(p.number, region, display.digits)}</bdi>
                            <Text size="xs" c="dimmed">
                              {t(phoneLabelKey(p.label))}
                            </Text>
                          </Group>
                        ))}
                      </Stack>
                    )}
                  </Fact>
                  <Fact label={t('field.emails')}>
                    {customer.emails.length > 0 && (
                      <Stack gap={2}>
                        {customer.emails.map((e) => (
                          <bdi dir="ltr" key={e}>
                            {e}
                          </bdi>
                        ))}
                      </Stack>
                    )}
                  </Fact>
                  <Fact label={t('field.address')}>{customer.address}</Fact>
                  <Fact label={t('field.city')}>{customer.city}</Fact>
                  <Fact label={t('field.tags')}>
                    {customer.tags.length > 0 && (
                      <Group gap={4}>
                        {customer.tags.map((tag) => (
                          <Badge key={tag} variant="light" size="sm" tt="none">
                            {tag}
                          </Badge>
                        ))}
                      </Group>
                    )}
                  </Fact>
                  <Fact label={t('field.preferredChannel')}>
                    {customer.preferredChannel && t(channelKey(customer.preferredChannel))}
                  </Fact>
                  <Fact label={t('detail.owner')}>{userName(t, customer.ownerId, ownerName)}</Fact>
                  <Fact label={t('field.createdAt')}>{formatDateTime(customer.createdAt, display)}</Fact>
                  <Fact label={t('field.updatedAt')}>{formatDateTime(customer.updatedAt, display)}</Fact>
                </Table.Tbody>
              </Table>
              {customer.description && (
                <>
                  <Text size="sm" fw={600} mt="md" mb={4}>
                    {t('field.description')}
                  </Text>
                  <Text size="sm" className="description">
                    {customer.description}
                  </Text>
                </>
              )}
            </Card>

            {customer.kind === 'organization' && (
              <Card withBorder padding="md">
                <Title order={3} size="h5" mb="xs">
                  {t('detail.people')}
                </Title>
                {people.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('detail.noPeople')}
                  </Text>
                ) : (
                  <Stack gap={4}>
                    {people.map((person) => (
                      <Group key={person.id} gap={6}>
                        <IconUser size={14} />
                        <Anchor component={Link} href={`/customers/${person.id}`} size="sm">
                          {person.name}
                        </Anchor>
                      </Group>
                    ))}
                  </Stack>
                )}
              </Card>
            )}
            <Card withBorder padding="md">
              <Title order={3} size="h5" mb="sm">
                {t('detail.history')}
              </Title>
              <HistoryPanel entries={history} names={names} />
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder padding="md">
            <Title order={3} size="h5" mb="sm">
              {t('timeline.title')}
            </Title>
            <CustomerTimeline customerId={id} names={names} />
          </Card>
        </Grid.Col>
      </Grid>
      <ConfirmDelete target={toDelete} onClose={() => setToDelete(null)} onDeleted={() => navigate('/customers')} />
      <NoteDialog customerId={id} opened={noteOpen} onClose={() => setNoteOpen(false)} />
    </div>
  );
}
