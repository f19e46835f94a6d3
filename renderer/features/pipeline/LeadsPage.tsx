/** Leads still being worked (or all, with converted and disqualified), newest first, searchable. */
import { Badge, Button, Card, Checkbox, Group, Loader, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import type { LeadListResult } from '../../../shared/pipeline/pipeline.schema';
import { useDisplay, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { formatShortDate, phoneText } from '../../lib/display';
import { useDataVersion } from '../../stores/data';
import { usePreferences } from '../../stores/preferences';
import { LEAD_STATUS_COLORS, leadSourceKey, leadStatusKey } from './display';
import './pipeline.css';

export function LeadsPage() {
  const t = useT();
  const display = useDisplay();
  const region = usePreferences((s) => s.preferences.phoneRegion);
  const [, navigate] = useLocation();
  const version = useDataVersion((s) => s.version);
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 200);
  const [includeClosed, setIncludeClosed] = useState(false);
  const [result, setResult] = useState<LeadListResult | null>(null);

  useEffect(() => {
    let live = true;
    invoke('leads.list', { query: debounced, includeClosed, limit: 500 })
      .then((r) => live && setResult(r))
      .catch(() => live && setResult({ total: 0, rows: [] }));
    return () => {
      live = false;
    };
  }, [debounced, includeClosed, version]);

  return (
    <div className="page" data-testid="leads-page">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={2} size="h3">
          {t('lead.title')}
        </Title>
        <Group gap="xs">
          <TextInput
            placeholder={t('lead.search')}
            aria-label={t('lead.search')}
            leftSection={<IconSearch size={15} />}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            w={260}
          />
          <Checkbox
            label={t('lead.showClosed')}
            checked={includeClosed}
            onChange={(e) => setIncludeClosed(e.currentTarget.checked)}
          />
          <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('/leads/new')} data-testid="new-lead">
            {t('lead.new')}
          </Button>
        </Group>
      </Group>
      {!result ? (
        <Loader size="sm" />
      ) : result.rows.length === 0 ? (
        <Card withBorder data-testid="leads-empty">
          <Text fw={600}>{query ? t('lead.noMatch') : t('lead.empty.title')}</Text>
          {!query && (
            <Text size="sm" c="dimmed">
              {t('lead.empty.body')}
            </Text>
          )}
        </Card>
      ) : (
        <>
          <Text size="xs" c="dimmed" mb={4}>
            {t('lead.total', { count: result.total })}
          </Text>
          <Table.ScrollContainer minWidth={720}>
            <Table highlightOnHover className="pipeline-table" data-testid="lead-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('lead.col.name')}</Table.Th>
                  <Table.Th>{t('lead.col.company')}</Table.Th>
                  <Table.Th>{t('lead.col.phone')}</Table.Th>
                  <Table.Th>{t('lead.col.source')}</Table.Th>
                  <Table.Th>{t('lead.col.status')}</Table.Th>
                  <Table.Th>{t('lead.col.created')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.rows.map((lead) => (
                  <Table.Tr
                    key={lead.id}
                    onClick={() => navigate(`/leads/${lead.id}`)}
                    style={{ cursor: 'pointer' }}
                    data-testid={`lead-row-${lead.id}`}
                  >
                    <Table.Td fw={500}>{lead.name}</Table.Td>
                    <Table.Td>{lead.company || t('common.empty')}</Table.Td>
                    <Table.Td dir="ltr" style={{ textAlign: 'start' }}>
                      {lead.phone ? phoneText(lead.phone, region, display.digits) : t('common.empty')}
                    </Table.Td>
                    <Table.Td>{t(leadSourceKey(lead.source))}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={LEAD_STATUS_COLORS[lead.status]}>
                        {t(leadStatusKey(lead.status))}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatShortDate(lead.createdAt, display)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </div>
  );
}
