/**
 * Settings → Backup: back up now (to a picked or typed folder, optionally with a passphrase),
 * automatic backups and rotation, the history of this machine, and restore from the history or
 * a typed path. Native dialogs and encrypted automatic backups exist only in the desktop app;
 * browser mode says so and lets the user type paths (checked by main).
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCheck, IconDatabaseExport, IconFolder, IconRestore } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type {
  BackupHistoryEntry,
  BackupSettingsPatch,
  BackupStatus,
  BackupTrigger,
} from '../../../shared/backup/backup.schema';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatDateTime, formatNumber } from '../../../shared/format/format';
import { describeError, type Translator } from '../../../shared/i18n';
import { useDisplay, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { ErrorAlert } from '../../lib/alerts';
import { isolate, isolatePaths } from '../../lib/bidi';
import { toPayload } from '../../stores/preferences';

type Notice = { kind: 'ok'; text: string } | { kind: 'error'; title: string; error: RpcErrorPayload } | null;

function sizeText(t: Translator, bytes: number | null, display: ReturnType<typeof useDisplay>): string {
  if (bytes === null) return '—';
  if (bytes >= 1024 * 1024) return t('backup.size.mb', { n: formatNumber(Math.round(bytes / 104857.6) / 10, display) });
  return t('backup.size.kb', { n: formatNumber(Math.max(1, Math.ceil(bytes / 1024)), display) });
}

/** The last part of a path, for Windows and POSIX paths alike. */
function baseName(file: string): string {
  return file.split(/[\\/]/).filter(Boolean).pop() ?? file;
}

function NoticeView({ notice }: { notice: Notice }) {
  if (!notice) return null;
  if (notice.kind === 'ok') {
    return (
      <Alert color="teal" icon={<IconCheck />} data-testid="backup-notice" role="status">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {notice.text}
        </Text>
      </Alert>
    );
  }
  return <ErrorAlert title={notice.title} error={notice.error} testId="backup-error" />;
}

export function BackupPage() {
  const t = useT();
  const display = useDisplay();
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [folder, setFolder] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [compress, setCompress] = useState(true);
  const [busy, setBusy] = useState<'backup' | 'restore' | null>(null);
  const [backupNotice, setBackupNotice] = useState<Notice>(null);
  const [autoNotice, setAutoNotice] = useState<Notice>(null);
  const [restoreNotice, setRestoreNotice] = useState<Notice>(null);
  const [restoreFile, setRestoreFile] = useState('');
  const [restorePassphrase, setRestorePassphrase] = useState('');
  const [autoPassphrase, setAutoPassphrase] = useState('');
  const [confirming, setConfirming] = useState(false);

  const load = useCallback(async () => {
    const next = await invoke('backup.status', {});
    setStatus(next);
    return next;
  }, []);

  useEffect(() => {
    let live = true;
    invoke('backup.status', {})
      .then((s) => {
        if (!live) return;
        setStatus(s);
        setFolder(s.settings.folder ?? '');
        setCompress(s.settings.compress);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  if (!status) return null;
  const { settings, capabilities, history } = status;
  const when = (iso: string) => formatDateTime(iso, display);

  const saveSettings = async (patch: BackupSettingsPatch, setNotice: (n: Notice) => void, ok?: string) => {
    try {
      setStatus(await invoke('backup.updateSettings', patch));
      if (ok) setNotice({ kind: 'ok', text: ok });
      return true;
    } catch (error) {
      setNotice({ kind: 'error', title: t('common.error'), error: toPayload(error) });
      return false;
    }
  };

  const pickFolder = async () => {
    const picked = await invoke('backup.pickFolder', {});
    if (picked.path) setFolder(picked.path);
  };
  const pickFile = async () => {
    const picked = await invoke('backup.pickFile', {});
    if (picked.path) setRestoreFile(picked.path);
  };

  const saveFolder = async () => {
    setBackupNotice(null);
    const saved = await saveSettings({ folder }, setBackupNotice);
    if (saved) {
      const resolved = (await load()).settings.folder ?? folder;
      setFolder(resolved);
      setBackupNotice({ kind: 'ok', text: t('backup.folderSaved', { path: isolate(resolved) }) });
    }
  };

  const backUp = async () => {
    setBusy('backup');
    setBackupNotice(null);
    try {
      const entry = await invoke('backup.run', {
        ...(folder.trim() ? { folder } : {}),
        ...(passphrase ? { passphrase } : {}),
        compress,
      });
      setPassphrase('');
      setBackupNotice({
        kind: 'ok',
        text: t('backup.done', { file: isolate(entry.file ?? ''), size: sizeText(t, entry.size, display) }),
      });
      if (!settings.folder && entry.folder) await saveSettings({ folder: entry.folder }, setBackupNotice);
    } catch (error) {
      setBackupNotice({ kind: 'error', title: t('backup.failed'), error: toPayload(error) });
    } finally {
      setBusy(null);
      await load();
    }
  };

  const restore = async () => {
    setConfirming(false);
    setBusy('restore');
    setRestoreNotice(null);
    try {
      const result = await invoke('backup.restore', {
        file: restoreFile,
        ...(restorePassphrase ? { passphrase: restorePassphrase } : {}),
      });
      setRestorePassphrase('');
      setRestoreNotice({
        kind: 'ok',
        text: t('backup.restore.done', { safety: isolate(result.safetyCopy), device: isolate(result.deviceId) }),
      });
    } catch (error) {
      setRestoreNotice({ kind: 'error', title: t('backup.restore.failed'), error: toPayload(error) });
    } finally {
      setBusy(null);
      await load();
    }
  };

  const triggerLabel = (trigger: BackupTrigger) => t(`backup.trigger.${trigger}`);

  const row = (entry: BackupHistoryEntry) => (
    <Table.Tr key={entry.id} data-testid="backup-history-row">
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(entry.startedAt)}</Table.Td>
      <Table.Td>
        {t(entry.kind === 'restore' ? 'backup.history.restore' : 'backup.history.backup')} ·{' '}
        {triggerLabel(entry.trigger)}
        {entry.encrypted && (
          <Badge ms={6} size="xs" variant="light" color="grape">
            {t('backup.history.encrypted')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {entry.result === 'ok' ? (
          <Badge color="teal" variant="light">
            {t('backup.history.ok')}
          </Badge>
        ) : (
          <Stack gap={2}>
            <Badge color="red" variant="light">
              {t('backup.history.failed')}
            </Badge>
            {entry.error && (
              <Text size="xs" c="red" style={{ overflowWrap: 'anywhere' }}>
                {describeError(t, isolatePaths(entry.error))}
              </Text>
            )}
          </Stack>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{sizeText(t, entry.size, display)}</Table.Td>
      <Table.Td>
        <Text size="xs" dir="ltr" title={entry.file ?? entry.folder ?? ''} style={{ overflowWrap: 'anywhere' }}>
          {baseName(entry.file ?? entry.folder ?? '—')}
        </Text>
      </Table.Td>
      <Table.Td>
        {entry.kind === 'backup' && entry.result === 'ok' && entry.file && (
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconRestore size={14} />}
            onClick={() => {
              setRestoreFile(entry.file ?? '');
              setRestoreNotice(null);
            }}
          >
            {t('backup.restore.use')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );

  return (
    <div className="page backup-page">
      <Title order={2} size="h3" mb={4}>
        {t('backup.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('backup.intro')}
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Card withBorder padding="md">
          <Title order={3} size="h5" mb="xs">
            {t('backup.now.title')}
          </Title>
          <Stack gap="sm">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                flex={1}
                label={t('backup.folder')}
                description={capabilities.nativeDialogs ? undefined : t('backup.folderHint')}
                placeholder={t('backup.folderPlaceholder')}
                value={folder}
                onChange={(e) => setFolder(e.currentTarget.value)}
                dir="auto"
                data-testid="backup-folder"
              />
              {capabilities.nativeDialogs && (
                <Button variant="default" leftSection={<IconFolder size={16} />} onClick={() => void pickFolder()}>
                  {t('backup.choose')}
                </Button>
              )}
              <Button
                variant="default"
                disabled={!folder.trim() || folder === settings.folder}
                onClick={() => void saveFolder()}
              >
                {t('backup.useFolder')}
              </Button>
            </Group>
            <PasswordInput
              label={t('backup.passphrase')}
              description={t('backup.passphraseHint')}
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              autoComplete="new-password"
              data-testid="backup-passphrase"
            />
            <Checkbox
              label={t('backup.compress')}
              checked={compress}
              onChange={(e) => setCompress(e.currentTarget.checked)}
            />
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                {status.lastSuccessAt ? t('backup.last', { when: when(status.lastSuccessAt) }) : t('backup.lastNever')}
              </Text>
              <Button
                leftSection={<IconDatabaseExport size={16} />}
                loading={busy === 'backup'}
                disabled={busy !== null}
                onClick={() => void backUp()}
                data-testid="backup-run"
              >
                {t('backup.run')}
              </Button>
            </Group>
            <NoticeView notice={backupNotice} />
          </Stack>
        </Card>

        <Card withBorder padding="md">
          <Title order={3} size="h5" mb="xs">
            {t('backup.restore.title')}
          </Title>
          <Text size="xs" c="dimmed" mb="sm">
            {t('backup.restore.intro')}
          </Text>
          <Stack gap="sm">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                flex={1}
                label={t('backup.restore.file')}
                placeholder={t('backup.restore.filePlaceholder')}
                value={restoreFile}
                onChange={(e) => setRestoreFile(e.currentTarget.value)}
                dir="auto"
                data-testid="restore-file"
              />
              {capabilities.nativeDialogs && (
                <Button variant="default" onClick={() => void pickFile()}>
                  {t('backup.restore.chooseFile')}
                </Button>
              )}
            </Group>
            <PasswordInput
              label={t('backup.restore.passphrase')}
              value={restorePassphrase}
              onChange={(e) => setRestorePassphrase(e.currentTarget.value)}
              autoComplete="off"
              data-testid="restore-passphrase"
            />
            <Group justify="flex-end">
              <Button
                color="orange"
                leftSection={<IconRestore size={16} />}
                disabled={!restoreFile.trim() || busy !== null}
                loading={busy === 'restore'}
                onClick={() => setConfirming(true)}
                data-testid="restore-run"
              >
                {t('backup.restore.run')}
              </Button>
            </Group>
            <NoticeView notice={restoreNotice} />
          </Stack>
        </Card>
      </SimpleGrid>
      <Stack gap="md" mt="md">
        <Card withBorder padding="md">
          <Title order={3} size="h5" mb="xs">
            {t('backup.history.title')}
          </Title>
          {history.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="backup-history-empty">
              {t('backup.history.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing={4} fz="xs" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('backup.history.when')}</Table.Th>
                    <Table.Th>{t('backup.history.what')}</Table.Th>
                    <Table.Th>{t('backup.history.result')}</Table.Th>
                    <Table.Th>{t('backup.history.size')}</Table.Th>
                    <Table.Th>{t('backup.history.file')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>{history.map(row)}</Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <Card withBorder padding="md">
            <Title order={3} size="h5" mb="xs">
              {t('backup.auto.title')}
            </Title>
            <Stack gap="sm">
              <Switch
                label={t('backup.auto.enabled')}
                checked={settings.automatic}
                onChange={(e) => void saveSettings({ automatic: e.currentTarget.checked }, setAutoNotice)}
              />
              <Group grow>
                <NumberInput
                  label={t('backup.auto.keepDaily')}
                  min={1}
                  max={365}
                  value={settings.keepDaily}
                  onChange={(v) => typeof v === 'number' && void saveSettings({ keepDaily: v }, setAutoNotice)}
                />
                <NumberInput
                  label={t('backup.auto.keepWeekly')}
                  min={0}
                  max={520}
                  value={settings.keepWeekly}
                  onChange={(v) => typeof v === 'number' && void saveSettings({ keepWeekly: v }, setAutoNotice)}
                />
              </Group>
              {capabilities.secretStorage ? (
                <Stack gap="xs">
                  <Switch
                    label={t('backup.auto.encrypt')}
                    description={t('backup.auto.encryptHint')}
                    checked={settings.encryptAutomatic}
                    onChange={(e) =>
                      void saveSettings(
                        e.currentTarget.checked
                          ? { encryptAutomatic: true, ...(autoPassphrase ? { passphrase: autoPassphrase } : {}) }
                          : { encryptAutomatic: false },
                        setAutoNotice,
                        t('backup.auto.saved'),
                      )
                    }
                  />
                  {!settings.encryptAutomatic && (
                    <PasswordInput
                      label={t('backup.passphrase')}
                      value={autoPassphrase}
                      onChange={(e) => setAutoPassphrase(e.currentTarget.value)}
                      autoComplete="new-password"
                    />
                  )}
                  {capabilities.passphraseStored && (
                    <Text size="xs" c="dimmed">
                      {t('backup.auto.passphraseStored')}
                    </Text>
                  )}
                </Stack>
              ) : (
                <Alert color="yellow" variant="light" data-testid="backup-no-secret-store">
                  <Text size="sm">{t('backup.auto.noSecretStore')}</Text>
                </Alert>
              )}
              <NoticeView notice={autoNotice} />
            </Stack>
          </Card>
        </SimpleGrid>
      </Stack>

      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('backup.restore.confirmTitle')} centered>
        <Stack>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {t('backup.restore.confirmBody', { file: restoreFile })}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="orange" onClick={() => void restore()} data-testid="restore-confirm">
              {t('backup.restore.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </div>
  );
}
