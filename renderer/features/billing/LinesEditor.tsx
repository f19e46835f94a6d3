/**
 * The line table of a quote or invoice (catalog picker or free text) with live totals computed
 * by shared/money `documentTotals` — the same function main stores — and the amount in words.
 * Numbers are typed as text (Persian or Latin digits, separators allowed) and parsed exactly.
 */
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { LineInput, Product } from '../../../shared/billing/billing.schema';
import { formatAmount, formatMoney, formatQuantity, formatRate } from '../../../shared/billing/format';
import { describeIssue } from '../../../shared/i18n';
import {
  documentTotals,
  minorDigits,
  MoneyError,
  parseAmount,
  toDecimalString,
  type Discount,
  type DocumentTotals,
} from '../../../shared/money/money';
import { amountInWords } from '../../../shared/money/words';
import { useDisplay, useT } from '../../app/i18n';
import { localizeDigits } from '../../../shared/format/format';
import type { DigitSet } from '../../../shared/preferences';
import { invoke } from '../../lib/client';
import { useMoneyDisplay } from './parts';

export interface LineDraft {
  key: number;
  productId: string | null;
  description: string;
  sku: string;
  unit: string;
  qty: string;
  price: string;
  discountKind: 'percent' | 'amount';
  discount: string;
  tax: string;
}

export interface DiscountDraft {
  kind: 'percent' | 'amount';
  value: string;
}

let nextKey = 1;
export const newKey = () => nextKey++;

export function emptyLine(taxBasisPoints: number, digitSet: DigitSet = 'latin'): LineDraft {
  return {
    key: newKey(),
    productId: null,
    description: '',
    sku: '',
    unit: '',
    qty: typed('1', digitSet),
    price: '',
    discountKind: 'percent',
    discount: '',
    tax: typed(formatRate(taxBasisPoints, { language: 'en', digits: 'latin' }), digitSet),
  };
}

export function lineFromStored(line: LineInput, currency: string, digitSet: DigitSet = 'latin'): LineDraft {
  const en = { language: 'en' as const, digits: 'latin' as const };
  const digits = minorDigits(currency);
  const local = (text: string) => typed(text, digitSet);
  const discount = line.discount ?? null;
  return {
    key: newKey(),
    productId: line.productId ?? null,
    description: line.description,
    sku: line.sku ?? '',
    unit: line.unit ?? '',
    qty: local(formatQuantity(line.quantityMilli, en)),
    price: local(toDecimalString(line.unitPriceMinor, digits)),
    discountKind: discount?.kind ?? 'percent',
    discount: !discount
      ? ''
      : discount.kind === 'percent'
        ? local(formatRate(discount.basisPoints, en))
        : local(toDecimalString(discount.minor, digits)),
    tax: local(formatRate(line.taxBasisPoints ?? 0, en)),
  };
}

export function discountFromStored(discount: Discount, currency: string, digitSet: DigitSet = 'latin'): DiscountDraft {
  if (!discount) return { kind: 'percent', value: '' };
  if (discount.kind === 'percent')
    return {
      kind: 'percent',
      value: typed(formatRate(discount.basisPoints, { language: 'en', digits: 'latin' }), digitSet),
    };
  return { kind: 'amount', value: typed(toDecimalString(discount.minor, minorDigits(currency)), digitSet) };
}

/** A number prefilled in an input, in the digits the user types (parseAmount reads both). */
function typed(text: string, digitSet: DigitSet): string {
  return digitSet === 'persian' ? localizeDigits(text.replace('.', '٫'), 'persian') : text;
}

export interface ParsedLines {
  lines: LineInput[];
  discount: Discount;
  /** Field path → problem (for lines that do not parse). */
  bad: Record<string, string>;
}

function parseDiscount(kind: 'percent' | 'amount', value: string, digits: number): Discount | 'bad' {
  if (!value.trim()) return null;
  const n = parseAmount(value, kind === 'percent' ? 2 : digits);
  if (n === null) return 'bad';
  return kind === 'percent' ? { kind, basisPoints: n } : { kind, minor: n };
}

/** Text fields → contract input; unparsable fields are reported, not guessed. */
export function parseLines(drafts: readonly LineDraft[], discount: DiscountDraft, currency: string): ParsedLines {
  const digits = minorDigits(currency);
  const bad: Record<string, string> = {};
  const lines = drafts.map((d, i): LineInput => {
    const qty = parseAmount(d.qty, 3);
    const price = parseAmount(d.price, digits);
    const tax = d.tax.trim() ? parseAmount(d.tax, 2) : 0;
    const disc = parseDiscount(d.discountKind, d.discount, digits);
    if (qty === null) bad[`lines.${i}.qty`] = d.qty;
    if (price === null) bad[`lines.${i}.price`] = d.price;
    if (tax === null) bad[`lines.${i}.tax`] = d.tax;
    if (disc === 'bad') bad[`lines.${i}.discount`] = d.discount;
    return {
      productId: d.productId,
      description: d.description,
      sku: d.sku,
      unit: d.unit,
      quantityMilli: qty ?? 0,
      unitPriceMinor: price ?? 0,
      discount: disc === 'bad' ? null : disc,
      taxBasisPoints: tax ?? 0,
    };
  });
  const doc = parseDiscount(discount.kind, discount.value, digits);
  if (doc === 'bad') bad.discount = discount.value;
  return { lines, discount: doc === 'bad' ? null : doc, bad };
}

/** Totals for display, or the first problem as an issue. */
function liveTotals(parsed: ParsedLines): {
  totals: DocumentTotals | null;
  problem: { field: string; code: 'discount_above_total' | 'negative_amount' } | null;
} {
  try {
    return {
      totals: documentTotals(
        parsed.lines.map((l) => ({
          unitPriceMinor: l.unitPriceMinor,
          quantityMilli: l.quantityMilli,
          discount: l.discount ?? null,
          taxBasisPoints: l.taxBasisPoints ?? 0,
        })),
        parsed.discount,
      ),
      problem: null,
    };
  } catch (error) {
    if (!(error instanceof MoneyError) || error.code === 'too_large') return { totals: null, problem: null };
    return {
      totals: null,
      problem: { field: error.line === null ? 'discount' : `lines.${error.line}.discount`, code: error.code },
    };
  }
}

export function LinesEditor(props: {
  lines: LineDraft[];
  discount: DiscountDraft;
  currency: string;
  defaultTax: number;
  readOnly: boolean;
  onLines(lines: LineDraft[]): void;
  onDiscount(discount: DiscountDraft): void;
  /** Field errors from main, by path (`lines.1.discount`). */
  errors: Record<string, string>;
}) {
  const t = useT();
  const money = useMoneyDisplay();
  const digitSet = useDisplay().digits;
  const [products, setProducts] = useState<Product[]>([]);
  useEffect(() => {
    if (props.readOnly) return;
    invoke('products.list', { limit: 1000 })
      .then(setProducts)
      .catch(() => undefined);
  }, [props.readOnly]);

  const parsed = parseLines(props.lines, props.discount, props.currency);
  const { totals, problem } = liveTotals(parsed);
  const change = (key: number, patch: Partial<LineDraft>) =>
    props.onLines(props.lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const fieldError = (path: string): string | undefined => {
    if (parsed.bad[path] !== undefined) return t('billing.editor.badNumber', { value: parsed.bad[path] ?? '' });
    return props.errors[path];
  };
  const addProduct = (id: string | null) => {
    const product = products.find((p) => p.id === id);
    if (!product) return;
    const line = lineFromStored(
      {
        productId: product.id,
        description: product.name,
        sku: product.sku,
        unit: product.unit,
        quantityMilli: 1000,
        unitPriceMinor: product.priceMinor,
        taxBasisPoints: product.taxBasisPoints,
      },
      props.currency,
      digitSet,
    );
    props.onLines([...props.lines, line]);
  };
  const ro = props.readOnly;

  return (
    <Stack gap="sm">
      <Table withTableBorder verticalSpacing={4} className="dense-table billing-lines" data-testid="line-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={28}>#</Table.Th>
            <Table.Th>{t('billing.editor.description')}</Table.Th>
            <Table.Th w={90}>{t('billing.editor.qty')}</Table.Th>
            <Table.Th w={80}>{t('billing.editor.unit')}</Table.Th>
            <Table.Th w={140}>{t('billing.editor.price')}</Table.Th>
            <Table.Th w={170}>{t('billing.editor.discount')}</Table.Th>
            <Table.Th w={80}>{t('billing.editor.tax')}</Table.Th>
            <Table.Th w={150} ta="end">
              {t('billing.editor.lineTotal')}
            </Table.Th>
            {!ro && <Table.Th w={40} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.lines.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={9}>
                <Text c="dimmed" size="sm" ta="center" p="sm">
                  {t('billing.editor.noLines')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {props.lines.map((line, i) => {
            const lt = totals?.lines[i];
            return (
              <Table.Tr key={line.key} data-testid={`line-${i}`}>
                <Table.Td>{formatQuantity((i + 1) * 1000, money)}</Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`${t('billing.editor.description')} ${i + 1}`}
                    value={line.description}
                    readOnly={ro}
                    onChange={(e) => change(line.key, { description: e.currentTarget.value })}
                    error={fieldError(`lines.${i}.description`)}
                    data-testid={`line-${i}-description`}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`${t('billing.editor.qty')} ${i + 1}`}
                    value={line.qty}
                    readOnly={ro}
                    inputMode="decimal"
                    onChange={(e) => change(line.key, { qty: e.currentTarget.value })}
                    error={fieldError(`lines.${i}.qty`) ?? props.errors[`lines.${i}.quantityMilli`]}
                    data-testid={`line-${i}-qty`}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`${t('billing.editor.unit')} ${i + 1}`}
                    value={line.unit}
                    readOnly={ro}
                    onChange={(e) => change(line.key, { unit: e.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`${t('billing.editor.price')} ${i + 1}`}
                    value={line.price}
                    readOnly={ro}
                    inputMode="decimal"
                    onChange={(e) => change(line.key, { price: e.currentTarget.value })}
                    error={fieldError(`lines.${i}.price`) ?? props.errors[`lines.${i}.unitPriceMinor`]}
                    data-testid={`line-${i}-price`}
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <TextInput
                      size="xs"
                      w={80}
                      aria-label={`${t('billing.editor.discount')} ${i + 1}`}
                      value={line.discount}
                      readOnly={ro}
                      inputMode="decimal"
                      onChange={(e) => change(line.key, { discount: e.currentTarget.value })}
                      error={
                        fieldError(`lines.${i}.discount`) ??
                        (problem?.field === `lines.${i}.discount` ? describeIssue(t, problem) : undefined)
                      }
                      data-testid={`line-${i}-discount`}
                    />
                    <SegmentedControl
                      size="xs"
                      disabled={ro}
                      value={line.discountKind}
                      onChange={(v) => change(line.key, { discountKind: v === 'amount' ? 'amount' : 'percent' })}
                      data={[
                        { value: 'percent', label: t('billing.editor.percent') },
                        { value: 'amount', label: t('billing.editor.amount') },
                      ]}
                      data-testid={`line-${i}-discount-kind`}
                    />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`${t('billing.editor.tax')} ${i + 1}`}
                    value={line.tax}
                    readOnly={ro}
                    inputMode="decimal"
                    onChange={(e) => change(line.key, { tax: e.currentTarget.value })}
                    error={fieldError(`lines.${i}.tax`)}
                    data-testid={`line-${i}-tax`}
                  />
                </Table.Td>
                <Table.Td ta="end" data-testid={`line-${i}-total`} className="money">
                  {lt ? formatAmount(lt.total, props.currency, money) : '—'}
                </Table.Td>
                {!ro && (
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('billing.editor.removeLine', { n: i + 1 })}
                      onClick={() => props.onLines(props.lines.filter((l) => l.key !== line.key))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {props.errors.lines && (
        <Text c="red" size="sm" role="alert" data-testid="lines-error">
          {props.errors.lines}
        </Text>
      )}
      {!ro && (
        <Group gap="sm">
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => props.onLines([...props.lines, emptyLine(props.defaultTax, digitSet)])}
            data-testid="add-line"
          >
            {t('billing.editor.addLine')}
          </Button>
          <Select
            size="xs"
            w={280}
            placeholder={t('billing.editor.fromCatalog')}
            aria-label={t('billing.editor.fromCatalog')}
            nothingFoundMessage={t('billing.editor.noProducts')}
            searchable
            value={null}
            data={products.map((p) => ({
              value: p.id,
              label: `${p.name}${p.sku ? ` (${p.sku})` : ''} — ${formatMoney(p.priceMinor, p.currency, money)}`,
            }))}
            onChange={addProduct}
            data-testid="catalog-picker"
          />
        </Group>
      )}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="lg">
        <Group gap="xs" align="flex-end">
          <TextInput
            size="xs"
            w={140}
            label={t('billing.editor.docDiscount')}
            value={props.discount.value}
            readOnly={ro}
            inputMode="decimal"
            onChange={(e) => props.onDiscount({ ...props.discount, value: e.currentTarget.value })}
            error={
              fieldError('discount') ??
              (problem?.field === 'discount' ? describeIssue(t, problem) : undefined) ??
              props.errors['discount.basisPoints']
            }
            data-testid="doc-discount"
          />
          <SegmentedControl
            size="xs"
            disabled={ro}
            value={props.discount.kind}
            onChange={(v) => props.onDiscount({ ...props.discount, kind: v === 'amount' ? 'amount' : 'percent' })}
            data={[
              { value: 'percent', label: t('billing.editor.percent') },
              { value: 'amount', label: t('billing.editor.amount') },
            ]}
            data-testid="doc-discount-kind"
          />
        </Group>
        <TotalsPanel totals={totals} currency={props.currency} />
      </Group>
      {problem && !ro && (
        <Alert color="red" variant="light" role="alert" data-testid="totals-problem">
          {describeIssue(t, problem)}
        </Alert>
      )}
    </Stack>
  );
}

export function TotalsPanel({ totals, currency }: { totals: Omit<DocumentTotals, 'lines'> | null; currency: string }) {
  const t = useT();
  const money = useMoneyDisplay();
  const row = (label: string, value: number | null, testid: string, strong = false) => (
    <Group justify="space-between" gap="xl" wrap="nowrap">
      <Text size="sm" fw={strong ? 700 : 400}>
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : 400} data-testid={testid} className="money">
        {value === null ? '—' : formatMoney(value, currency, money)}
      </Text>
    </Group>
  );
  return (
    <Paper withBorder p="sm" miw={320} data-testid="totals">
      <Stack gap={4}>
        {row(t('billing.editor.gross'), totals?.gross ?? null, 'total-gross')}
        {row(t('billing.editor.discountTotal'), totals?.discount ?? null, 'total-discount')}
        {row(t('billing.editor.net'), totals?.net ?? null, 'total-net')}
        {row(t('billing.editor.taxTotal'), totals?.tax ?? null, 'total-tax')}
        {row(t('billing.editor.total'), totals?.total ?? null, 'total-total', true)}
        {totals && (
          <Text size="xs" c="dimmed" maw={360} data-testid="total-words">
            {t('billing.editor.inWords', {
              words: amountInWords(totals.total, currency, money.language, money.rialDisplay),
            })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
