/**
 * Merge two customers: for each field the user picks which record's value survives (side by
 * side, one radio per record); phones, emails and tags are united. The older record survives;
 * the other goes to Trash pointing at it, and its notes, activities and people move over.
 */
import { Alert, Badge, Button, Group, Loader, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowMerge, IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import type { CustomerDetail } from '../../../shared/customers/customer.schema';
import { MERGE_FIELDS, type MergeField } from '../../../shared/duplicates/duplicate.schema';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatDateTime } from '../../../shared/format/format';
import { describeError, fieldLabel, type Translator } from '../../../shared/i18n';
import { useDisplay, usePhoneRegion, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { channelKey, phoneText } from '../../lib/display';
import { dataChanged } from '../../stores/data';
import { toPayload } from '../../stores/preferences';

function valueText(t: Translator, detail: CustomerDetail, field: MergeField): string {
  const c = detail.customer;
  switch (field) {
    case 'organizationId':
      return detail.organization?.name ?? '';
    case 'preferredChannel':
      return c.preferredChannel ? t(channelKey(c.preferredChannel)) : '';
    default:
      return c[field] ?? '';
  }
}

/** The older record survives, so merges made on two devices agree. */
export function orderBySurvival(a: CustomerDetail, b: CustomerDetail): [CustomerDetail, CustomerDetail] {
  const older =
    a.customer.createdAt < b.customer.createdAt ||
    (a.customer.createdAt === b.customer.createdAt && a.customer.id < b.customer.id);
  return older ? [a, b] : [b, a];
}

function Body({ ids, onClose }: { ids: [string, string]; onClose(): void }) {
  const t = useT();
  const display = useDisplay();
  const region = usePhoneRegion();
  const [, navigate] = useLocation();
  const [pair, setPair] = useState<[CustomerDetail, CustomerDetail] | null>(null);
  const [choice, setChoice] = useState<Partial<Record<MergeField, string>>>({});
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all(ids.map((id) => invoke('customers.get', { id })))
      .then(([a, b]) => {
        if (!live || !a || !b) return;
        const ordered = orderBySurvival(a, b);
        setPair(ordered);
        const [survivor, other] = ordered;
        const initial: Partial<Record<MergeField, string>> = {};
        for (const field of MERGE_FIELDS) {
          const keep = valueText(t, survivor, field) !== '' || valueText(t, other, field) === '';
          initial[field] = keep ? survivor.customer.id : other.customer.id;
        }
        setChoice(initial);
      })
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [ids, t]);

  if (error && !pair) {
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('common.error')}>
        {describeError(t, error)}
      </Alert>
    );
  }
  if (!pair) {
    return (
      <Group justify="center" p="md">
        <Loader size="sm" />
      </Group>
    );
  }
  const [survivor, other] = pair;
  const united = (pick: (d: CustomerDetail) => string[]) => {
    const all = [...new Set([...pick(survivor), ...pick(other)])];
    return all.length > 0 ? all.join(display.language === 'fa' ? '، ' : ', ') : t('common.empty');
  };
  const merge = async () => {
    setSaving(true);
    setError(null);
    try {
      const result = await invoke('customers.merge', {
        ids: [survivor.customer.id, other.customer.id],
        values: choice,
      });
      dataChanged();
      notifications.show({
        color: 'teal',
        message: t('merge.done', {
          name: result.survivor.name,
          notes: result.moved.notes,
          activities: result.moved.activities,
          people: result.moved.people,
        }),
      });
      onClose();
      navigate(`/customers/${result.survivor.id}`);
    } catch (e) {
      setError(toPayload(e));
    } finally {
      setSaving(false);
    }
  };
  const head = (d: CustomerDetail, survives: boolean) => (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={700}>
          {d.customer.name}
        </Text>
        <Badge size="xs" color={survives ? 'teal' : 'gray'} variant="light">
          {t(survives ? 'merge.survives' : 'merge.goesToTrash')}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t('merge.addedAt', { at: formatDateTime(d.customer.createdAt, display) })}
      </Text>
    </Stack>
  );
  return (
    <Stack gap="sm">
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />}>
        {t('merge.explain', { survivor: survivor.customer.name, other: other.customer.name })}
      </Alert>
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('common.error')} role="alert">
          {describeError(t, error)}
        </Alert>
      )}
      <Table layout="fixed" className="merge-table" verticalSpacing={6} withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="22%">{t('merge.field')}</Table.Th>
            <Table.Th>{head(survivor, true)}</Table.Th>
            <Table.Th>{head(other, false)}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {MERGE_FIELDS.map((field) => (
            <Table.Tr key={field}>
              <Table.Td c="dimmed">{fieldLabel(t, field)}</Table.Td>
              {[survivor, other].map((d) => {
                const text = valueText(t, d, field);
                return (
                  <Table.Td key={d.customer.id}>
                    <Radio
                      name={`merge-${field}`}
                      checked={choice[field] === d.customer.id}
                      onChange={() => setChoice((c) => ({ ...c, [field]: d.customer.id }))}
                      label={text === '' ? t('common.empty') : text}
                      aria-label={t('merge.keepValue', { field: fieldLabel(t, field), name: d.customer.name })}
                      classNames={{ label: 'merge-value' }}
                    />
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td c="dimmed">{t('field.phones')}</Table.Td>
            <Table.Td colSpan={2}>
              <bdi>{united((d) => d.customer.phones.map((p) => phoneText(p.number, region, display.digits)))}</bdi>{' '}
              <Badge size="xs" variant="light">
                {t('merge.united')}
              </Badge>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td c="dimmed">{t('field.emails')}</Table.Td>
            <Table.Td colSpan={2}>
              {united((d) => d.customer.emails)}{' '}
              <Badge size="xs" variant="light">
                {t('merge.united')}
              </Badge>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td c="dimmed">{t('field.tags')}</Table.Td>
            <Table.Td colSpan={2}>
              {united((d) => d.customer.tags)}{' '}
              <Badge size="xs" variant="light">
                {t('merge.united')}
              </Badge>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button leftSection={<IconArrowMerge size={16} />} onClick={() => void merge()} loading={saving}>
          {t('merge.confirm')}
        </Button>
      </Group>
    </Stack>
  );
}

export function MergeDialog({ ids, onClose }: { ids: [string, string] | null; onClose(): void }) {
  const t = useT();
  return (
    <Modal opened={ids !== null} onClose={onClose} title={t('merge.title')} size="xl" centered>
      {ids && <Body ids={ids} onClose={onClose} />}
    </Modal>
  );
}
