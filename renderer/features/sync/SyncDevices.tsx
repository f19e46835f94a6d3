/**
 * Every device that has synced through the folder: name, invoice prefix, when it last synced, how
 * far its changes have come here, its versions; one that stopped syncing can be retired.
 */
import { Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserX } from '@tabler/icons-react';
import { useState } from 'react';
import { formatDateTime, formatNumber, localizeDigits } from '../../../shared/format/format';
import type { SyncDevice } from '../../../shared/sync/sync.schema';
import { useDisplay, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { ConfirmDialog } from '../../lib/confirm';
import { showError } from '../../lib/undo';
import { dataChanged } from '../../stores/data';
import { useSync } from './sync.store';

export function SyncDevices({ devices }: { devices: SyncDevice[] }) {
  const t = useT();
  const display = useDisplay();
  const [retiring, setRetiring] = useState<SyncDevice | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const nameOf = (device: SyncDevice) => device.name || device.id;

  const retire = async (device: SyncDevice) => {
    setBusy(device.id);
    try {
      useSync.getState().set(await invoke('sync.retire', { deviceId: device.id }));
      notifications.show({ color: 'teal', message: t('sync.retire.done', { name: nameOf(device) }) });
    } catch (error) {
      showError(t, error);
    } finally {
      setBusy(null);
      dataChanged();
    }
  };

  return (
    <Card withBorder padding="md">
      <Title order={3} size="h5" mb="xs">
        {t('sync.devices.title')}
      </Title>
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing={6} fz="sm" striped className="dense-table" data-testid="sync-devices">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sync.devices.name')}</Table.Th>
              <Table.Th>{t('sync.devices.series')}</Table.Th>
              <Table.Th>{t('sync.devices.lastSeen')}</Table.Th>
              <Table.Th>{t('sync.devices.sent')}</Table.Th>
              <Table.Th>{t('sync.devices.received')}</Table.Th>
              <Table.Th>{t('sync.devices.version')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {devices.map((device) => (
              <Table.Tr key={device.id} data-testid="sync-device-row">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={device.thisDevice ? 600 : undefined}>
                      {nameOf(device)}
                    </Text>
                    {device.thisDevice && (
                      <Badge size="xs" variant="light" color="teal">
                        {t('sync.devices.thisDevice')}
                      </Badge>
                    )}
                    {device.retired && (
                      <Badge size="xs" variant="light" color="gray" data-testid="sync-device-retired">
                        {t('sync.devices.retired')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <bdi dir="ltr">{device.seriesPrefix || t('common.empty')}</bdi>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {device.lastSeenAt ? formatDateTime(device.lastSeenAt, display) : t('sync.devices.never')}
                </Table.Td>
                <Table.Td>{formatNumber(device.publishedSeq, display)}</Table.Td>
                <Table.Td>{device.thisDevice ? t('common.empty') : formatNumber(device.appliedSeq, display)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {/* A device seen only by its files has sent no manifest yet: nothing to tell. */}
                  {device.appVersion
                    ? t('sync.devices.versionValue', {
                        app: localizeDigits(device.appVersion, display.digits),
                        schema: device.schemaVersion,
                      })
                    : t('common.empty')}
                </Table.Td>
                <Table.Td ta="end">
                  {!device.thisDevice && !device.retired && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconUserX size={14} />}
                      loading={busy === device.id}
                      onClick={() => setRetiring(device)}
                      aria-label={t('sync.devices.retireNamed', { name: nameOf(device) })}
                    >
                      {t('sync.devices.retire')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmDialog
        opened={retiring !== null}
        title={t('sync.retire.title', { name: retiring ? nameOf(retiring) : '' })}
        body={t('sync.retire.body')}
        confirm={t('sync.retire.confirm')}
        onConfirm={() => retiring && void retire(retiring)}
        onClose={() => setRetiring(null)}
        testId="sync-retire-confirm"
      />
    </Card>
  );
}
