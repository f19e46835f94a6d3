/**
 * The conflict inbox: records deleted on one device and edited on another before they synced.
 * For each, who deleted it and when, who edited it and when and which fields; "Restore" keeps the
 * edits, "Keep deleted" confirms the deletion. The choice reaches every device at the next sync. A
 * customer deleted by a merge cannot come back; its card opens the record it was merged into.
 */
import { Badge, Button, Card, EmptyState, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconExternalLink, IconGitCompare, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatDateTime } from '../../../shared/format/format';
import type { SyncConflict } from '../../../shared/sync/sync.schema';
import { useDisplay, useT } from '../../app/i18n';
import { ErrorAlert } from '../../lib/alerts';
import { invoke } from '../../lib/client';
import { showError } from '../../lib/undo';
import { dataChanged, useDataVersion } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { syncedFieldLabel, tableLabel } from './sync.display';
import { SyncHeader } from './SyncHeader';

function ConflictCard({
  conflict,
  busy,
  onResolve,
}: {
  conflict: SyncConflict;
  busy: boolean;
  onResolve(action: 'restore' | 'delete'): void;
}) {
  const t = useT();
  const display = useDisplay();
  const [, navigate] = useLocation();
  const fields = conflict.fields.map((field) => syncedFieldLabel(t, field));
  return (
    <Card withBorder padding="sm" data-testid="sync-conflict">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <div className="grow">
          <Group gap="xs" wrap="nowrap" mb={4}>
            <Text fw={600} size="sm" data-testid="sync-conflict-title" style={{ overflowWrap: 'anywhere' }}>
              {conflict.title}
            </Text>
            <Badge size="sm" variant="light" color="gray">
              {tableLabel(t, conflict.table)}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {t('sync.conflicts.deleted', {
              device: conflict.deletedBy,
              when: formatDateTime(conflict.deletedAt, display),
            })}
          </Text>
          <Text size="sm" c="dimmed">
            {t('sync.conflicts.edited', {
              device: conflict.editedBy,
              when: formatDateTime(conflict.editedAt, display),
            })}
          </Text>
          {fields.length > 0 && (
            <Text size="sm" mt={4} data-testid="sync-conflict-fields">
              {t('sync.conflicts.fields', { fields: fields.join(t('sync.conflicts.fieldSeparator')) })}
            </Text>
          )}
          {conflict.mergedInto && (
            <Text size="sm" mt={4} data-testid="sync-conflict-merged">
              {t('sync.conflicts.merged', { name: conflict.mergedInto.name })}
            </Text>
          )}
        </div>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconTrash size={14} />}
            disabled={busy}
            onClick={() => onResolve('delete')}
            aria-label={t('sync.conflicts.keepDeletedNamed', { title: conflict.title })}
            data-testid="sync-conflict-delete"
          >
            {t('sync.conflicts.keepDeleted')}
          </Button>
          {conflict.mergedInto ? (
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconExternalLink size={14} />}
              onClick={() => navigate(`/customers/${conflict.mergedInto?.id ?? ''}`)}
              data-testid="sync-conflict-open-survivor"
            >
              {t('sync.conflicts.openSurvivor', { name: conflict.mergedInto.name })}
            </Button>
          ) : (
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconArrowBackUp size={14} />}
              loading={busy}
              onClick={() => onResolve('restore')}
              aria-label={t('sync.conflicts.restoreNamed', { title: conflict.title })}
              data-testid="sync-conflict-restore"
            >
              {t('common.restore')}
            </Button>
          )}
        </Group>
      </Group>
    </Card>
  );
}

export function ConflictsPage() {
  const t = useT();
  const version = useDataVersion((s) => s.version);
  const [conflicts, setConflicts] = useState<SyncConflict[] | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    invoke('sync.conflicts', {})
      .then((list) => {
        if (!live) return;
        setConflicts(list);
        setError(null);
      })
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [version]);

  const resolve = async (conflict: SyncConflict, action: 'restore' | 'delete') => {
    setBusy(conflict.id);
    try {
      setConflicts(await invoke('sync.resolveConflict', { id: conflict.id, action }));
      notifications.show({
        color: 'teal',
        message: t(action === 'restore' ? 'sync.conflicts.restored' : 'sync.conflicts.keptDeleted', {
          title: conflict.title,
        }),
      });
    } catch (e) {
      showError(t, e);
    } finally {
      setBusy(null);
      dataChanged();
    }
  };

  return (
    <div className="page sync-page" data-testid="sync-conflicts-page">
      <SyncHeader active="conflicts" />
      <Text size="sm" mb="md" maw={900}>
        {t('sync.conflicts.intro')}
      </Text>
      {error && <ErrorAlert title={t('common.error')} error={error} mb="md" />}
      {!conflicts && !error && (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      )}
      {conflicts && conflicts.length === 0 && (
        <EmptyState
          className="empty-state"
          icon={<IconGitCompare size={28} />}
          title={t('sync.conflicts.empty.title')}
          description={t('sync.conflicts.empty.body')}
          data-testid="sync-conflicts-empty"
        />
      )}
      {conflicts && conflicts.length > 0 && (
        <Stack gap="sm" maw={1100}>
          {conflicts.map((conflict) => (
            <ConflictCard
              key={conflict.id}
              conflict={conflict}
              busy={busy === conflict.id}
              onResolve={(action) => void resolve(conflict, action)}
            />
          ))}
        </Stack>
      )}
    </div>
  );
}
