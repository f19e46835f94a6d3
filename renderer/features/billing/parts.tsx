/** Small pieces shared by the billing pages: status badges, money display, customer picker, PDF buttons. */
import { Badge, Button, Group, Select, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypePdf, IconPrinter } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { InvoiceStatus, QuoteStatus } from '../../../shared/billing/billing.schema';
import { formatMoney, type MoneyDisplay } from '../../../shared/billing/format';
import { useDisplay, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { describeDocumentError, exportDocumentPdf, printDocument } from '../documents/documents';
import { useBillingProfile } from './billing.store';

const INVOICE_COLORS: Record<InvoiceStatus, string> = {
  draft: 'gray',
  issued: 'blue',
  partially_paid: 'yellow',
  paid: 'green',
  overdue: 'red',
  void: 'dark',
};
const QUOTE_COLORS: Record<QuoteStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  accepted: 'green',
  rejected: 'red',
  expired: 'orange',
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const t = useT();
  return (
    <Badge color={INVOICE_COLORS[status]} variant="light" data-testid="invoice-status" data-status={status}>
      {t(`billing.status.${status}`)}
    </Badge>
  );
}

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  const t = useT();
  return (
    <Badge color={QUOTE_COLORS[status]} variant="light" data-testid="quote-status" data-status={status}>
      {t(`billing.quotes.status.${status}`)}
    </Badge>
  );
}

/** Money display options: language and digits from preferences, Rial/Toman from the profile. */
export function useMoneyDisplay(): MoneyDisplay {
  const display = useDisplay();
  const profile = useBillingProfile((s) => s.profile);
  const load = useBillingProfile((s) => s.load);
  useEffect(() => {
    if (!profile) void load().catch(() => undefined);
  }, [profile, load]);
  const rialDisplay = profile?.rialDisplay ?? 'rial';
  return useMemo(
    () => ({ language: display.language, digits: display.digits, rialDisplay }),
    [display.language, display.digits, rialDisplay],
  );
}

export function Money({ minor, currency }: { minor: number; currency: string }) {
  const money = useMoneyDisplay();
  return <span className="money">{formatMoney(minor, currency, money)}</span>;
}

/** A searchable customer select; loads matches as the user types. */
export function CustomerPicker(props: {
  value: string | null;
  initialName: string;
  onChange(id: string | null, name: string): void;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      invoke('customers.list', { query: search, limit: 20 })
        .then((result) => live && setOptions(result.rows.map((r) => ({ value: r.id, label: r.name }))))
        .catch(() => undefined);
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search]);
  const data = useMemo(() => {
    const list = [...options];
    if (props.value && !list.some((o) => o.value === props.value))
      list.unshift({ value: props.value, label: props.initialName });
    return list;
  }, [options, props.value, props.initialName]);
  return (
    <Select
      label={t('billing.editor.customer')}
      placeholder={t('billing.editor.customerPlaceholder')}
      nothingFoundMessage={t('billing.editor.noCustomer')}
      searchable
      data={data}
      value={props.value}
      onSearchChange={setSearch}
      onChange={(id, option) => props.onChange(id, option?.label ?? '')}
      filter={({ options: all }) => all}
      error={props.error}
      disabled={props.disabled ?? false}
      data-testid="customer-picker"
      required
      miw={260}
    />
  );
}

/** "Export PDF" and "Print", wired to the documents feature. */
export function DocumentButtons({ kind, id }: { kind: 'quote' | 'invoice'; id: string | null }) {
  const t = useT();
  const language = useDisplay().language;
  const [busy, setBusy] = useState<'pdf' | 'print' | null>(null);
  const run = async (what: 'pdf' | 'print') => {
    if (!id) return;
    setBusy(what);
    try {
      if (what === 'pdf') {
        const file = await exportDocumentPdf(kind, id, { language });
        notifications.show({ message: t('document.exported', { file }) });
      } else await printDocument(kind, id, { language });
    } catch (error) {
      notifications.show({ color: 'red', message: describeDocumentError(t, error) });
    } finally {
      setBusy(null);
    }
  };
  const disabled = !id;
  return (
    <Group gap="xs">
      <Tooltip label={t('billing.editor.exportPdf')} disabled={!disabled}>
        <Button
          variant="default"
          leftSection={<IconFileTypePdf size={16} />}
          onClick={() => void run('pdf')}
          loading={busy === 'pdf'}
          disabled={disabled}
          data-testid="export-pdf"
        >
          {t('billing.editor.exportPdf')}
        </Button>
      </Tooltip>
      <Button
        variant="default"
        leftSection={<IconPrinter size={16} />}
        onClick={() => void run('print')}
        loading={busy === 'print'}
        disabled={disabled}
        data-testid="print-document"
      >
        {t('billing.editor.print')}
      </Button>
    </Group>
  );
}
