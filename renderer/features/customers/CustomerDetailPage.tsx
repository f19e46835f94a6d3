/** One customer: facts, organization or people, dates in the chosen calendar, and History. */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconArrowLeft,
  IconArrowRight,
  IconBuilding,
  IconPencil,
  IconTrash,
  IconUser,
} from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { CustomerDetail } from '../../../shared/customers/customer.schema';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatDateTime } from '../../../shared/format/format';
import type { HistoryEntry } from '../../../shared/history';
import { describeError } from '../../../shared/i18n';
import { useDisplay, usePhoneRegion, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { channelKey, kindKey, phoneLabelKey, phoneText, userName } from '../../lib/display';
import { useDataVersion } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { HistoryPanel } from './HistoryPanel';
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

  useHotkeys([
    ['E', () => navigate(`/customers/${id}/edit`)],
    ['Delete', () => detail && !detail.customer.deletedAt && setToDelete(detail.customer)],
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

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
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
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder padding="md">
            <Title order={3} size="h5" mb="sm">
              {t('detail.history')}
            </Title>
            <HistoryPanel entries={history} names={names} />
          </Card>
        </Grid.Col>
      </Grid>
      <ConfirmDelete target={toDelete} onClose={() => setToDelete(null)} onDeleted={() => navigate('/customers')} />
    </div>
  );
}
