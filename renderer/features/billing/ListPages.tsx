/** Quotes and invoices lists (invoices filtered by status, overdue included, and searched). */
import {
  Alert,
  Button,
  EmptyState,
  Group,
  Loader,
  SegmentedControl,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconFileDollar, IconFileInvoice, IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import {
  INVOICE_STATUSES,
  type InvoiceListResult,
  type InvoiceStatus,
  type QuoteListRow,
} from '../../../shared/billing/billing.schema';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatDate, formatNumber } from '../../../shared/format/format';
import { describeError } from '../../../shared/i18n';
import { useDisplay, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { useDataVersion } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { InvoiceStatusBadge, Money, QuoteStatusBadge } from './parts';

function LoadError({ error }: { error: RpcErrorPayload }) {
  const t = useT();
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('common.error')} role="alert" mb="md">
      {describeError(t, error)}
    </Alert>
  );
}

export function QuotesPage() {
  const t = useT();
  const display = useDisplay();
  const [, navigate] = useLocation();
  const version = useDataVersion((s) => s.version);
  const [rows, setRows] = useState<QuoteListRow[] | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  useEffect(() => {
    let live = true;
    invoke('quotes.list', {})
      .then((r) => live && (setRows(r), setError(null)))
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [version]);
  return (
    <div className="page">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h3">
          {t('billing.quotes.title')}
        </Title>
        <Button component={Link} href="/quotes/new" leftSection={<IconPlus size={16} />} data-testid="new-quote">
          {t('billing.quotes.new')}
        </Button>
      </Group>
      {error && <LoadError error={error} />}
      {!rows && !error && (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      )}
      {rows?.length === 0 && (
        <EmptyState
          className="empty-state"
          icon={<IconFileDollar size={28} />}
          title={t('billing.quotes.empty.title')}
          description={t('billing.quotes.empty.body')}
        />
      )}
      {rows && rows.length > 0 && (
        <Table
          striped
          highlightOnHover
          withTableBorder
          verticalSpacing={6}
          className="dense-table"
          data-testid="quotes-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing.col.customer')}</Table.Th>
              <Table.Th w={140}>{t('billing.col.date')}</Table.Th>
              <Table.Th w={140}>{t('billing.col.validUntil')}</Table.Th>
              <Table.Th w={200} ta="end">
                {t('billing.col.total')}
              </Table.Th>
              <Table.Th w={130}>{t('billing.col.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((q) => (
              <Table.Tr key={q.id} onClick={() => navigate(`/quotes/${q.id}`)} style={{ cursor: 'pointer' }}>
                <Table.Td>
                  <Link href={`/quotes/${q.id}`}>{q.customerName}</Link>
                </Table.Td>
                <Table.Td>{formatDate(q.createdAt, display)}</Table.Td>
                <Table.Td>{q.validUntil ? formatDate(q.validUntil, display) : '—'}</Table.Td>
                <Table.Td ta="end">
                  <Money minor={q.total} currency={q.currency} />
                </Table.Td>
                <Table.Td>
                  <QuoteStatusBadge status={q.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </div>
  );
}

export function InvoicesPage() {
  const t = useT();
  const display = useDisplay();
  const [, navigate] = useLocation();
  const version = useDataVersion((s) => s.version);
  const [status, setStatus] = useState<InvoiceStatus | 'all'>('all');
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<InvoiceListResult | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      invoke('invoices.list', { status: status === 'all' ? null : status, query, limit: 200 })
        .then((r) => live && (setResult(r), setError(null)))
        .catch((e: unknown) => live && setError(toPayload(e)));
    }, 100);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [version, status, query]);
  const filtered = status !== 'all' || query.trim() !== '';
  return (
    <div className="page">
      <Group justify="space-between" mb="md">
        <Group gap="sm" align="baseline">
          <Title order={2} size="h3">
            {t('billing.invoices.title')}
          </Title>
          {result && (
            <Text size="sm" c="dimmed">
              {t('billing.invoices.total', { count: formatNumber(result.total, display) })}
            </Text>
          )}
        </Group>
        <Button component={Link} href="/invoices/new" leftSection={<IconPlus size={16} />} data-testid="new-invoice">
          {t('billing.invoices.new')}
        </Button>
      </Group>
      <Group mb="md" gap="sm" wrap="wrap">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('billing.invoices.search')}
          aria-label={t('billing.invoices.search')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={260}
          data-testid="invoice-search"
        />
        <SegmentedControl
          value={status}
          onChange={(v) => setStatus(v as InvoiceStatus | 'all')}
          data={[
            { value: 'all', label: t('billing.invoices.filter.all') },
            ...INVOICE_STATUSES.map((s) => ({ value: s, label: t(`billing.status.${s}`) })),
          ]}
          data-testid="invoice-status-filter"
        />
      </Group>
      {error && <LoadError error={error} />}
      {!result && !error && (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      )}
      {result?.rows.length === 0 && (
        <EmptyState
          className="empty-state"
          icon={<IconFileInvoice size={28} />}
          title={filtered ? t('billing.invoices.noMatch') : t('billing.invoices.empty.title')}
          description={filtered ? '' : t('billing.invoices.empty.body')}
        />
      )}
      {result && result.rows.length > 0 && (
        <Table
          striped
          highlightOnHover
          withTableBorder
          verticalSpacing={6}
          className="dense-table"
          data-testid="invoices-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>{t('billing.col.number')}</Table.Th>
              <Table.Th>{t('billing.col.customer')}</Table.Th>
              <Table.Th w={170}>{t('billing.col.date')}</Table.Th>
              <Table.Th w={170}>{t('billing.col.due')}</Table.Th>
              <Table.Th w={170} ta="end">
                {t('billing.col.total')}
              </Table.Th>
              <Table.Th w={170} ta="end">
                {t('billing.col.balance')}
              </Table.Th>
              <Table.Th w={130}>{t('billing.col.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.rows.map((r) => (
              <Table.Tr key={r.id} onClick={() => navigate(`/invoices/${r.id}`)} style={{ cursor: 'pointer' }}>
                <Table.Td>
                  <Link href={`/invoices/${r.id}`}>
                    {r.number ? <bdi dir="ltr">{r.number}</bdi> : t('billing.status.draft')}
                  </Link>
                  {r.kind === 'credit_note' && (
                    <Text span size="xs" c="dimmed" ms={6}>
                      {t('billing.kind.credit_note')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{r.customerName}</Table.Td>
                <Table.Td>{formatDate(r.issuedAt ?? r.createdAt, display)}</Table.Td>
                <Table.Td>{r.dueAt ? formatDate(r.dueAt, display) : '—'}</Table.Td>
                <Table.Td ta="end">
                  <Money minor={r.total} currency={r.currency} />
                </Table.Td>
                <Table.Td ta="end">
                  <Money minor={r.balance} currency={r.currency} />
                </Table.Td>
                <Table.Td>
                  <InvoiceStatusBadge status={r.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </div>
  );
}
