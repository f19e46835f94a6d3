/** Payments of an issued invoice: list, balance, and a form to record one (cheque number and date). */
import { ActionIcon, Alert, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { PAYMENT_METHODS, type Invoice, type PaymentMethod } from '../../../shared/billing/billing.schema';
import { formatMoney } from '../../../shared/billing/format';
import { localDateOf, zonedTimeToUtc, type LocalDate } from '../../../shared/calendar/calendar';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatDate } from '../../../shared/format/format';
import { describeError } from '../../../shared/i18n';
import { minorDigits, parseAmount, toDecimalString } from '../../../shared/money/money';
import { useDisplay, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { dataChanged } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { DatePickerButton } from '../activities/DatePicker';
import { useMoneyDisplay } from './parts';

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function PaymentsPanel({ invoice }: { invoice: Invoice }) {
  const t = useT();
  const display = useDisplay();
  const money = useMoneyDisplay();
  const today = localDateOf(new Date().toISOString(), zone());
  const [date, setDate] = useState<LocalDate>(today);
  const [amount, setAmount] = useState(toDecimalString(invoice.balance, minorDigits(invoice.currency)));
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [chequeNumber, setChequeNumber] = useState('');
  const [chequeDate, setChequeDate] = useState<LocalDate | null>(null);
  const [reference, setReference] = useState('');
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [badAmount, setBadAmount] = useState(false);
  const [busy, setBusy] = useState(false);

  const add = async () => {
    const minor = parseAmount(amount, minorDigits(invoice.currency));
    setBadAmount(minor === null);
    if (minor === null) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await invoke('payments.add', {
        invoiceId: invoice.id,
        paidAt: zonedTimeToUtc(date, '12:00', zone()),
        amountMinor: minor,
        method,
        chequeNumber,
        chequeDueAt: chequeDate ? zonedTimeToUtc(chequeDate, '12:00', zone()) : null,
        reference,
      });
      notifications.show({ message: t('billing.payments.added') });
      setAmount(toDecimalString(updated.balance, minorDigits(invoice.currency)));
      setChequeNumber('');
      setReference('');
      dataChanged();
    } catch (e) {
      setError(toPayload(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    try {
      await invoke('payments.delete', { id });
      notifications.show({ message: t('billing.payments.deleted') });
      dataChanged();
    } catch (e) {
      setError(toPayload(e));
    }
  };

  const fmt = (minor: number) => formatMoney(minor, invoice.currency, money);
  return (
    <Paper withBorder p="md" data-testid="payments-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {t('billing.payments.title')}
          </Title>
          <Group gap="lg">
            <Text size="sm">
              {t('billing.payments.paid')}: <span data-testid="invoice-paid">{fmt(invoice.paid)}</span>
            </Text>
            {invoice.credited > 0 && (
              <Text size="sm">
                {t('billing.payments.credited')}: {fmt(invoice.credited)}
              </Text>
            )}
            <Text size="sm" fw={700}>
              {t('billing.payments.balance')}: <span data-testid="invoice-balance">{fmt(invoice.balance)}</span>
            </Text>
          </Group>
        </Group>
        {invoice.payments.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('billing.payments.empty')}
          </Text>
        ) : (
          <Table withTableBorder verticalSpacing={4} className="dense-table">
            <Table.Tbody>
              {invoice.payments.map((p) => (
                <Table.Tr key={p.id} data-testid="payment-row">
                  <Table.Td>{formatDate(p.paidAt, display)}</Table.Td>
                  <Table.Td>{t(`billing.method.${p.method}`)}</Table.Td>
                  <Table.Td>
                    {p.method === 'cheque'
                      ? `${p.chequeNumber}${p.chequeDueAt ? ` · ${formatDate(p.chequeDueAt, display)}` : ''}`
                      : p.reference}
                  </Table.Td>
                  <Table.Td ta="end" className="money">
                    {fmt(p.amountMinor)}
                  </Table.Td>
                  <Table.Td w={40}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('billing.payments.remove')}
                      onClick={() => void remove(p.id)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {invoice.balance > 0 && (
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Stack gap={2}>
              <Text size="sm" fw={500}>
                {t('billing.payments.date')}
              </Text>
              <DatePickerButton value={date} onChange={setDate} label={t('billing.payments.date')} />
            </Stack>
            <TextInput
              label={t('billing.payments.amount')}
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              inputMode="decimal"
              w={160}
              error={badAmount ? t('billing.editor.badNumber', { value: amount }) : undefined}
              data-testid="payment-amount"
            />
            <Select
              label={t('billing.payments.method')}
              data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`billing.method.${m}`) }))}
              value={method}
              onChange={(v) => v && setMethod(v as PaymentMethod)}
              allowDeselect={false}
              w={160}
              data-testid="payment-method"
            />
            {method === 'cheque' ? (
              <>
                <TextInput
                  label={t('billing.payments.chequeNumber')}
                  value={chequeNumber}
                  onChange={(e) => setChequeNumber(e.currentTarget.value)}
                  w={150}
                  data-testid="cheque-number"
                />
                <Stack gap={2}>
                  <Text size="sm" fw={500}>
                    {t('billing.payments.chequeDue')}
                  </Text>
                  <DatePickerButton
                    value={chequeDate}
                    onChange={setChequeDate}
                    label={t('billing.payments.chequeDue')}
                  />
                </Stack>
              </>
            ) : (
              <TextInput
                label={t('billing.payments.reference')}
                value={reference}
                onChange={(e) => setReference(e.currentTarget.value)}
                w={170}
              />
            )}
            <Button onClick={() => void add()} loading={busy} data-testid="add-payment">
              {t('billing.payments.add')}
            </Button>
          </Group>
        )}
        {error && (
          <Alert color="red" role="alert" data-testid="payment-error">
            {describeError(t, error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
