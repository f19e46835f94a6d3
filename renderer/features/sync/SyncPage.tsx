/**
 * Sync: set up when not yet set up; otherwise this computer's facts (folder, name, invoice prefix,
 * last sync, changes waiting), "Sync now" with what the round did, "Stop syncing", the devices
 * seen in the folder and the problems of the last round.
 */
import { Alert, Anchor, Button, Card, Code, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCheck,
  IconFileAlert,
  IconGitCompare,
  IconPlugConnectedX,
  IconRefresh,
} from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatDateTime, formatNumber } from '../../../shared/format/format';
import type { Translator } from '../../../shared/i18n';
import type { SyncRoundResult, SyncStatus } from '../../../shared/sync/sync.schema';
import { useDisplay, useT } from '../../app/i18n';
import { ErrorAlert } from '../../lib/alerts';
import { isolateCode } from '../../lib/bidi';
import { invoke } from '../../lib/client';
import { ConfirmDialog } from '../../lib/confirm';
import { showError } from '../../lib/undo';
import { dataChanged } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { CONFLICTS_PATH, SyncHeader } from './SyncHeader';
import { SyncDevices } from './SyncDevices';
import { SyncProblems } from './SyncProblems';
import { SyncSetupForm } from './SyncSetupForm';
import { useSync } from './sync.store';

type RoundNotice = { kind: 'ok'; result: SyncRoundResult } | { kind: 'error'; error: RpcErrorPayload } | null;

function roundSummary(t: Translator, result: SyncRoundResult): string {
  const parts = [t('sync.now.done', { published: result.publishedChanges, applied: result.appliedChanges })];
  if (result.conflicts > 0) parts.push(t('sync.now.conflicts', { count: result.conflicts }));
  if (result.problems.length > 0) parts.push(t('sync.now.problems', { count: result.problems.length }));
  return parts.join(' ');
}

function RoundNoticeView({ notice }: { notice: RoundNotice }) {
  const t = useT();
  if (!notice) return null;
  if (notice.kind === 'error') {
    return <ErrorAlert title={t('sync.now.failed')} error={notice.error} testId="sync-now-error" />;
  }
  const { result } = notice;
  const attention = result.conflicts > 0 || result.problems.length > 0;
  return (
    <Alert
      color={attention ? 'orange' : 'teal'}
      icon={attention ? <IconAlertTriangle /> : <IconCheck />}
      role="status"
      data-testid="sync-now-result"
    >
      <Text size="sm">{roundSummary(t, result)}</Text>
    </Alert>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th className="fact-label">{label}</Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

interface ThisDeviceProps {
  status: SyncStatus;
  notice: RoundNotice;
  setNotice(notice: RoundNotice): void;
}

function ThisDevice({ status, notice, setNotice }: ThisDeviceProps) {
  const t = useT();
  const display = useDisplay();
  const [busy, setBusy] = useState<'sync' | 'leave' | null>(null);
  const [leaving, setLeaving] = useState(false);
  const load = useSync((s) => s.load);

  const syncNow = async () => {
    setBusy('sync');
    setNotice(null);
    try {
      setNotice({ kind: 'ok', result: await invoke('sync.now', {}) });
    } catch (error) {
      setNotice({ kind: 'error', error: toPayload(error) });
    } finally {
      setBusy(null);
      await load();
      dataChanged();
    }
  };

  const leave = async () => {
    setBusy('leave');
    try {
      useSync.getState().set(await invoke('sync.leave', {}));
      notifications.show({ color: 'teal', message: t('sync.leave.done') });
    } catch (error) {
      showError(t, error);
    } finally {
      setBusy(null);
      dataChanged();
    }
  };

  const pending = status.pendingChanges;
  return (
    <Card withBorder padding="md" data-testid="sync-this-device">
      <Title order={3} size="h5" mb="xs">
        {t('sync.device.title')}
      </Title>
      <Table verticalSpacing={6} layout="fixed" className="facts">
        <Table.Tbody>
          <Fact label={t('sync.setup.folder')}>
            <Code dir="ltr" className="info-value" data-testid="sync-status-folder">
              {status.folder}
            </Code>
          </Fact>
          <Fact label={t('field.deviceName')}>
            <Text size="sm" data-testid="sync-status-name">
              {status.deviceName}
            </Text>
          </Fact>
          <Fact label={t('field.seriesPrefix')}>
            <bdi dir="ltr">{status.seriesPrefix}</bdi>
          </Fact>
          <Fact label={t('sync.device.lastSync')}>
            <Text size="sm" data-testid="sync-status-last">
              {status.lastSyncAt ? formatDateTime(status.lastSyncAt, display) : t('sync.device.never')}
            </Text>
          </Fact>
          <Fact label={t('sync.device.pending')}>
            <Text size="sm" data-testid="sync-status-pending">
              {formatNumber(pending, display)}
            </Text>
          </Fact>
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="xs">
        {t('sync.device.auto', { minutes: status.autoSyncMinutes })}
      </Text>
      <Group justify="space-between" mt="md">
        <Button
          variant="subtle"
          color="red"
          leftSection={<IconPlugConnectedX size={16} />}
          disabled={busy !== null}
          loading={busy === 'leave'}
          onClick={() => setLeaving(true)}
          data-testid="sync-leave"
        >
          {t('sync.leave')}
        </Button>
        <Button
          leftSection={<IconRefresh size={16} />}
          loading={busy === 'sync'}
          disabled={busy !== null}
          onClick={() => void syncNow()}
          data-testid="sync-now"
        >
          {t('sync.now')}
        </Button>
      </Group>
      <Stack mt="sm" gap="sm">
        <RoundNoticeView notice={notice} />
      </Stack>
      <ConfirmDialog
        opened={leaving}
        title={t('sync.leave.title')}
        body={t('sync.leave.body')}
        confirm={t('sync.leave.confirm')}
        onConfirm={() => void leave()}
        onClose={() => setLeaving(false)}
        testId="sync-leave-confirm"
      />
    </Card>
  );
}

/**
 * Invoices numbered alike on two devices before they synced. Issued numbers never change, so
 * the page says which ones and what to do; it shows for as long as the data holds them.
 */
function NumbersIssuedTwice({ clash }: { clash: SyncStatus['numbersIssuedTwice'] }) {
  const t = useT();
  const display = useDisplay();
  const numbers = clash.numbers.map(isolateCode).join(t('sync.conflicts.fieldSeparator'));
  const more = clash.count - clash.numbers.length;
  return (
    <Alert
      color="yellow"
      icon={<IconFileAlert />}
      title={t('sync.numbersTwice.title', { count: formatNumber(clash.count, display) })}
      data-testid="sync-numbers-twice"
    >
      <Text size="sm">
        {more > 0
          ? t('sync.numbersTwice.listMore', { numbers, more: formatNumber(more, display) })
          : t('sync.numbersTwice.list', { numbers })}
      </Text>
      <Text size="sm" mt={4}>
        {t('sync.numbersTwice.advice')}
      </Text>
    </Alert>
  );
}

function SyncStatusView({ status }: { status: SyncStatus }) {
  const t = useT();
  const display = useDisplay();
  // What "Sync now" just did; its failure is shown beside the button, so not twice.
  const [notice, setNotice] = useState<RoundNotice>(null);
  return (
    <Stack gap="md">
      {status.lastError && notice?.kind !== 'error' && (
        <ErrorAlert
          title={t('sync.lastError', {
            when: status.lastAttemptAt ? formatDateTime(status.lastAttemptAt, display) : t('common.empty'),
          })}
          error={status.lastError}
          testId="sync-last-error"
        />
      )}
      {status.openConflicts > 0 && (
        <Alert
          color="orange"
          icon={<IconGitCompare />}
          title={t('sync.conflictsAlert.title')}
          data-testid="sync-conflicts-alert"
        >
          <Group justify="space-between" gap="sm">
            <Text size="sm">{t('sync.conflictsAlert.body', { count: status.openConflicts })}</Text>
            <Anchor component={Link} href={CONFLICTS_PATH} size="sm" fw={600}>
              {t('sync.conflictsAlert.open')}
            </Anchor>
          </Group>
        </Alert>
      )}
      {status.numbersIssuedTwice.count > 0 && <NumbersIssuedTwice clash={status.numbersIssuedTwice} />}
      {/* Each card as tall as its content: a short problem list leaves no empty box. */}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <ThisDevice status={status} notice={notice} setNotice={setNotice} />
        <SyncProblems problems={status.problems} failed={status.lastError !== null} />
      </SimpleGrid>
      <SyncDevices devices={status.devices} />
    </Stack>
  );
}

export function SyncPage() {
  const t = useT();
  const status = useSync((s) => s.status);
  const error = useSync((s) => s.error);
  const load = useSync((s) => s.load);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page sync-page" data-testid="sync-page">
      <SyncHeader active="status" />
      {error && !status && <ErrorAlert title={t('common.error')} error={error} />}
      {!status && !error && (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      )}
      {status && (status.configured ? <SyncStatusView status={status} /> : <SyncSetupForm />)}
    </div>
  );
}
