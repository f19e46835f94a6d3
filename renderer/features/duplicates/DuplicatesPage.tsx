/** Find duplicates: pairs of customers that look alike, with the reasons, each with Merge. */
import { Alert, Anchor, Button, EmptyState, Group, Loader, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowMerge, IconCopyCheck, IconRefresh } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { DuplicateScanResult } from '../../../shared/duplicates/duplicate.schema';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatNumber } from '../../../shared/format/format';
import { describeError } from '../../../shared/i18n';
import { useDisplay, usePhoneRegion, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { phoneText } from '../../lib/display';
import { toPayload } from '../../stores/preferences';
import { MergeDialog } from './MergeDialog';
import { ReasonBadges } from './reasons';
import type { CustomerListRow } from '../../../shared/customers/customer.schema';

function Who({ row }: { row: CustomerListRow }) {
  const display = useDisplay();
  const region = usePhoneRegion();
  const phone = row.phones[0];
  return (
    <div>
      <Anchor component={Link} href={`/customers/${row.id}`} size="sm" fw={600}>
        {row.name}
      </Anchor>
      <Text size="xs" c="dimmed" truncate>
        {[row.organizationName, phone && phoneText(phone.number, region, display.digits), row.emails[0], row.city]
          .filter(Boolean)
          .join(' · ')}
      </Text>
    </div>
  );
}

export function DuplicatesPage() {
  const t = useT();
  const display = useDisplay();
  const [result, setResult] = useState<DuplicateScanResult | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [round, setRound] = useState(0);
  const [done, setDone] = useState(-1);
  const [merging, setMerging] = useState<[string, string] | null>(null);
  const scanning = done !== round;
  const scan = () => setRound((r) => r + 1);

  useEffect(() => {
    let live = true;
    invoke('duplicates.scan', {})
      .then((r) => {
        if (!live) return;
        setResult(r);
        setError(null);
      })
      .catch((e: unknown) => live && setError(toPayload(e)))
      .finally(() => live && setDone(round));
    return () => {
      live = false;
    };
  }, [round]);

  return (
    <div className="page">
      <Group justify="space-between" mb="md">
        <Group gap="sm" align="baseline">
          <Title order={2} size="h3">
            {t('duplicates.title')}
          </Title>
          {result && (
            <Text size="sm" c="dimmed" data-testid="duplicates-summary">
              {t('duplicates.summary', {
                pairs: formatNumber(result.pairs.length, display),
                scanned: formatNumber(result.scanned, display),
              })}
            </Text>
          )}
        </Group>
        <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={scan} loading={scanning}>
          {t('duplicates.rescan')}
        </Button>
      </Group>
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('common.error')} mb="md" role="alert">
          {describeError(t, error)}
        </Alert>
      )}
      {!result && !error && (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      )}
      {result?.truncated && (
        <Alert color="yellow" mb="md">
          {t('duplicates.truncated')}
        </Alert>
      )}
      {result && result.pairs.length === 0 && (
        <EmptyState
          className="empty-state"
          icon={<IconCopyCheck size={28} />}
          title={t('duplicates.empty.title')}
          description={t('duplicates.empty.body')}
        />
      )}
      {result && result.pairs.length > 0 && (
        <Table className="dense-table" verticalSpacing={6} striped highlightOnHover withTableBorder layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('duplicates.col.first')}</Table.Th>
              <Table.Th>{t('duplicates.col.second')}</Table.Th>
              <Table.Th w="26%">{t('duplicates.col.reasons')}</Table.Th>
              <Table.Th w={120} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.pairs.map((pair) => (
              <Table.Tr key={`${pair.a.id}-${pair.b.id}`} data-testid="duplicate-pair">
                <Table.Td>
                  <Who row={pair.a} />
                </Table.Td>
                <Table.Td>
                  <Who row={pair.b} />
                </Table.Td>
                <Table.Td>
                  <ReasonBadges reasons={pair.reasons} />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconArrowMerge size={14} />}
                    aria-label={t('duplicates.mergeNamed', { a: pair.a.name, b: pair.b.name })}
                    onClick={() => setMerging([pair.a.id, pair.b.id])}
                  >
                    {t('duplicates.merge')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <MergeDialog
        ids={merging}
        onClose={() => {
          setMerging(null);
          scan();
        }}
      />
    </div>
  );
}
