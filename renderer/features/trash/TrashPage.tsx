/** Trash: deleted customers, activities, notes, leads and opportunities, newest first, each with Restore. */
import { Alert, Anchor, Button, EmptyState, Group, Loader, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatDateTime, formatNumber } from '../../../shared/format/format';
import type { TrashItem } from '../../../shared/history';
import { describeError } from '../../../shared/i18n';
import { useDisplay, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { useDataVersion } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { restoreFromTrash, trashIcon, trashKindLabel, trashLink } from './trash.records';

export function TrashPage() {
  const t = useT();
  const display = useDisplay();
  const version = useDataVersion((s) => s.version);
  const [items, setItems] = useState<TrashItem[] | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    invoke('trash.list', {})
      .then((list) => {
        if (!live) return;
        setItems(list);
        setError(null);
      })
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [version]);

  return (
    <div className="page">
      <Group gap="sm" align="baseline" mb="md">
        <Title order={2} size="h3">
          {t('trash.title')}
        </Title>
        {items && items.length > 0 && (
          <Text size="sm" c="dimmed">
            {t(items.length === 1 ? 'trash.countOne' : 'trash.count', { count: formatNumber(items.length, display) })}
          </Text>
        )}
      </Group>
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('common.error')} mb="md" role="alert">
          {describeError(t, error)}
        </Alert>
      )}
      {!items && !error && (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      )}
      {items && items.length === 0 && (
        <EmptyState
          className="empty-state"
          icon={<IconTrash size={28} />}
          title={t('trash.empty.title')}
          description={t('trash.empty.body')}
        />
      )}
      {items && items.length > 0 && (
        <Table striped highlightOnHover verticalSpacing={6} className="dense-table" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('trash.col.name')}</Table.Th>
              <Table.Th w={140}>{t('trash.col.kind')}</Table.Th>
              <Table.Th w={220}>{t('trash.col.deletedAt')}</Table.Th>
              <Table.Th w={140} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={`${item.recordType}-${item.id}`}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {trashIcon(item)}
                    {trashLink(item) ? (
                      <Anchor component={Link} href={trashLink(item) ?? ''} size="sm">
                        {item.name}
                      </Anchor>
                    ) : (
                      <Text size="sm">{item.name}</Text>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{trashKindLabel(t, item)}</Table.Td>
                <Table.Td>{formatDateTime(item.deletedAt, display)}</Table.Td>
                <Table.Td ta="end">
                  <Button
                    size="compact-sm"
                    variant="light"
                    leftSection={<IconArrowBackUp size={14} />}
                    loading={busy === item.id}
                    aria-label={`${t('common.restore')} ${item.name}`}
                    onClick={async () => {
                      setBusy(item.id);
                      await restoreFromTrash(t, item);
                      setBusy(null);
                    }}
                  >
                    {t('common.restore')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </div>
  );
}
