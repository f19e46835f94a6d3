/** The catalog: products and services with price, unit and default tax; add, edit, deactivate, delete. */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  EmptyState,
  Group,
  Loader,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconPackage, IconPencil, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { Product } from '../../../shared/billing/billing.schema';
import { changedFields, together } from '../../../shared/changed-fields';
import { formatRate } from '../../../shared/billing/format';
import type { RpcErrorPayload } from '../../../shared/errors';
import { describeError, describeIssue } from '../../../shared/i18n';
import { minorDigits, parseAmount, toDecimalString } from '../../../shared/money/money';
import { useDisplay, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { dataChanged, useDataVersion } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { useBillingProfile } from './billing.store';
import { Money } from './parts';

interface Draft {
  id: string | null;
  name: string;
  sku: string;
  unit: string;
  price: string;
  currency: string;
  tax: string;
  active: boolean;
}

/** The price and tax rate typed in a draft, or null where the text is not a number. */
function typedNumbers(form: Draft) {
  return {
    price: parseAmount(form.price, minorDigits(form.currency)),
    tax: form.tax.trim() ? parseAmount(form.tax, 2) : 0,
  };
}

function productInput(form: Draft, priceMinor: number, taxBasisPoints: number) {
  return {
    name: form.name,
    sku: form.sku,
    unit: form.unit,
    priceMinor,
    currency: form.currency,
    taxBasisPoints,
    active: form.active,
  };
}

/**
 * The fields changed since the form opened with `draft`; the others keep what is stored (another
 * window or a synced computer may have changed them). A price goes with its currency.
 */
function productChanges(draft: Draft, input: ReturnType<typeof productInput>) {
  const { price, tax } = typedNumbers(draft);
  const before = productInput(draft, price ?? Number.NaN, tax ?? Number.NaN);
  return together(changedFields(before, input), ['priceMinor', 'currency']);
}

function ProductForm({ draft, onClose }: { draft: Draft; onClose(): void }) {
  const t = useT();
  const [form, setForm] = useState(draft);
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [bad, setBad] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const issues: Record<string, string> = { ...bad };
  for (const issue of error?.issues ?? []) issues[issue.field] ??= describeIssue(t, issue);

  const save = async () => {
    const { price, tax } = typedNumbers(form);
    const problems: Record<string, string> = {};
    if (price === null) problems.priceMinor = t('billing.editor.badNumber', { value: form.price });
    if (tax === null) problems.taxBasisPoints = t('billing.editor.badNumber', { value: form.tax });
    setBad(problems);
    if (price === null || tax === null) return;
    setSaving(true);
    const input = productInput(form, price, tax);
    try {
      const saved = form.id
        ? await invoke('products.update', { id: form.id, ...input, changed: productChanges(draft, input) })
        : await invoke('products.create', input);
      notifications.show({ message: t('billing.products.saved', { name: saved.name }) });
      dataChanged();
      onClose();
    } catch (e) {
      setError(toPayload(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Stack>
      {error && !error.issues?.length && <Alert color="red">{describeError(t, error)}</Alert>}
      <TextInput
        label={t('billing.col.name')}
        value={form.name}
        onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
        error={issues.name}
        data-autofocus
        required
        data-testid="product-name"
      />
      <Group grow>
        <TextInput
          label={t('field.sku')}
          value={form.sku}
          onChange={(e) => setForm({ ...form, sku: e.currentTarget.value })}
          error={issues.sku}
          data-testid="product-sku"
        />
        <TextInput
          label={t('field.unit')}
          value={form.unit}
          onChange={(e) => setForm({ ...form, unit: e.currentTarget.value })}
          data-testid="product-unit"
        />
      </Group>
      <Group grow align="flex-start">
        <TextInput
          label={t('field.priceMinor')}
          value={form.price}
          inputMode="decimal"
          onChange={(e) => setForm({ ...form, price: e.currentTarget.value })}
          error={issues.priceMinor}
          data-testid="product-price"
        />
        <Select
          label={t('billing.editor.currency')}
          data={['IRR', 'USD', 'EUR', 'AED', 'TRY']}
          value={form.currency}
          allowDeselect={false}
          onChange={(v) => v && setForm({ ...form, currency: v })}
        />
        <TextInput
          label={t('billing.editor.tax')}
          value={form.tax}
          inputMode="decimal"
          onChange={(e) => setForm({ ...form, tax: e.currentTarget.value })}
          error={issues.taxBasisPoints}
          data-testid="product-tax"
        />
      </Group>
      <Switch
        label={t('field.active')}
        checked={form.active}
        onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => void save()} loading={saving} data-testid="save-product">
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

export function ProductsPage() {
  const t = useT();
  const display = useDisplay();
  const version = useDataVersion((s) => s.version);
  const profile = useBillingProfile((s) => s.profile);
  const [query, setQuery] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [rows, setRows] = useState<Product[] | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [editing, setEditing] = useState<Draft | null>(null);

  useEffect(() => {
    let live = true;
    invoke('products.list', { query, includeInactive, limit: 1000 })
      .then((r) => live && (setRows(r), setError(null)))
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [version, query, includeInactive]);

  const en = { language: 'en' as const, digits: 'latin' as const };
  const open = (p: Product | null) =>
    setEditing(
      p
        ? {
            id: p.id,
            name: p.name,
            sku: p.sku,
            unit: p.unit,
            price: toDecimalString(p.priceMinor, minorDigits(p.currency)),
            currency: p.currency,
            tax: formatRate(p.taxBasisPoints, en),
            active: p.active,
          }
        : {
            id: null,
            name: '',
            sku: '',
            unit: '',
            price: '',
            currency: profile?.defaultCurrency ?? 'IRR',
            tax: formatRate(profile?.defaultTaxBasisPoints ?? 0, en),
            active: true,
          },
    );
  const remove = async (p: Product) => {
    try {
      await invoke('products.delete', { id: p.id });
      notifications.show({ message: t('billing.products.deleted', { name: p.name }) });
      dataChanged();
    } catch (e) {
      setError(toPayload(e));
    }
  };

  return (
    <div className="page">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h3">
          {t('billing.products.title')}
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)} data-testid="new-product">
          {t('billing.products.new')}
        </Button>
      </Group>
      <Group mb="md">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('billing.products.search')}
          aria-label={t('billing.products.search')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={280}
        />
        <Checkbox
          label={t('billing.products.showInactive')}
          checked={includeInactive}
          onChange={(e) => setIncludeInactive(e.currentTarget.checked)}
        />
      </Group>
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" mb="md">
          {describeError(t, error)}
        </Alert>
      )}
      {!rows && !error && (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      )}
      {rows?.length === 0 && (
        <EmptyState
          className="empty-state"
          icon={<IconPackage size={28} />}
          title={t('billing.products.empty.title')}
          description={t('billing.products.empty.body')}
        />
      )}
      {rows && rows.length > 0 && (
        <Table
          striped
          highlightOnHover
          withTableBorder
          verticalSpacing={6}
          className="dense-table"
          data-testid="products-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing.col.name')}</Table.Th>
              <Table.Th w={130}>{t('billing.col.sku')}</Table.Th>
              <Table.Th w={90}>{t('billing.col.unit')}</Table.Th>
              <Table.Th w={200} ta="end">
                {t('billing.col.price')}
              </Table.Th>
              <Table.Th w={80}>{t('billing.col.tax')}</Table.Th>
              <Table.Th w={90} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  {p.name}{' '}
                  {!p.active && (
                    <Badge size="xs" color="gray" variant="light">
                      {t('billing.products.inactive')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <bdi dir="ltr">{p.sku}</bdi>
                </Table.Td>
                <Table.Td>{p.unit}</Table.Td>
                <Table.Td ta="end">
                  <Money minor={p.priceMinor} currency={p.currency} />
                </Table.Td>
                <Table.Td>
                  {`${formatRate(p.taxBasisPoints, display)}٪`.replace('٪', display.language === 'fa' ? '٪' : '%')}
                </Table.Td>
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <ActionIcon variant="subtle" aria-label={t('common.edit')} onClick={() => open(p)}>
                      <IconPencil size={16} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('common.delete')}
                      onClick={() => void remove(p)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.id ? t('billing.products.edit') : t('billing.products.new')}
      >
        {editing && <ProductForm draft={editing} onClose={() => setEditing(null)} />}
      </Modal>
    </div>
  );
}
