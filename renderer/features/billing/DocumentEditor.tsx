/**
 * Quote and invoice editors: customer, currency, dates, the line table with live totals, and the
 * actions of each kind — quote status and "Make invoice"; invoice issue, void, credit note and
 * payments. An issued invoice is shown read-only.
 */
import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowBackUp, IconBan, IconFileInvoice, IconSend } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { QUOTE_STATUSES, type Invoice, type Quote, type QuoteStatus } from '../../../shared/billing/billing.schema';
import { localDateOf, zonedTimeToUtc, type LocalDate } from '../../../shared/calendar/calendar';
import type { FieldIssue, RpcErrorPayload } from '../../../shared/errors';
import { changedFields, together } from '../../../shared/changed-fields';
import { describeError, describeIssue } from '../../../shared/i18n';
import { useDisplay, useT } from '../../app/i18n';
import type { DigitSet } from '../../../shared/preferences';
import { invoke } from '../../lib/client';
import { dataChanged, useDataVersion } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { DatePickerButton } from '../activities/DatePicker';
import { useBillingProfile } from './billing.store';
import {
  discountFromStored,
  emptyLine,
  lineFromStored,
  LinesEditor,
  parseLines,
  type DiscountDraft,
  type LineDraft,
} from './LinesEditor';
import { PaymentsPanel } from './PaymentsPanel';
import { useEditedValue } from './edited-value';
import { CustomerPicker, DocumentButtons, InvoiceStatusBadge, QuoteStatusBadge } from './parts';

const CURRENCIES = ['IRR', 'USD', 'EUR', 'AED', 'TRY'];
const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const toDay = (iso: string | null): LocalDate | null => (iso ? localDateOf(iso, zone()) : null);
const endOfDay = (day: LocalDate | null) => (day ? zonedTimeToUtc(day, '23:59', zone()) : null);

interface Form {
  customerId: string | null;
  customerName: string;
  currency: string;
  lines: LineDraft[];
  discount: DiscountDraft;
  notes: string;
  date: LocalDate | null;
}

function fieldErrors(t: ReturnType<typeof useT>, error: RpcErrorPayload | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error?.issues ?? []) out[issue.field] ??= describeIssue(t, issue);
  return out;
}

function emptyForm(defaultCurrency: string): Form {
  return {
    customerId: null,
    customerName: '',
    currency: defaultCurrency,
    lines: [],
    discount: { kind: 'percent', value: '' },
    notes: '',
    date: null,
  };
}

function formFromDocument(doc: Quote | Invoice, date: string | null, digits: DigitSet): Form {
  return {
    customerId: doc.customerId,
    customerName: doc.customerName,
    currency: doc.currency,
    lines: doc.lines.map((l) => lineFromStored(l, doc.currency, digits)),
    discount: discountFromStored(doc.discount, doc.currency, digits),
    notes: doc.notes,
    date: toDay(date),
  };
}

/** The fields both editors share. */
function CommonFields(props: {
  form: Form;
  setForm(f: Form): void;
  errors: Record<string, string>;
  readOnly: boolean;
  dateLabel: string;
  defaultTax: number;
  children?: React.ReactNode;
}) {
  const t = useT();
  const { form, setForm, errors, readOnly } = props;
  return (
    <Stack gap="md">
      <Group align="flex-end" gap="md" wrap="wrap">
        <CustomerPicker
          value={form.customerId}
          initialName={form.customerName}
          onChange={(customerId, customerName) => setForm({ ...form, customerId, customerName })}
          error={errors.customerId}
          disabled={readOnly}
        />
        <Select
          label={t('billing.editor.currency')}
          data={CURRENCIES}
          value={form.currency}
          onChange={(currency) => currency && setForm({ ...form, currency })}
          disabled={readOnly}
          w={110}
          data-testid="currency"
          allowDeselect={false}
        />
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {props.dateLabel}
          </Text>
          {readOnly ? (
            <DatePickerButton value={form.date} onChange={() => undefined} label={props.dateLabel} />
          ) : (
            <DatePickerButton
              value={form.date}
              onChange={(date) => setForm({ ...form, date })}
              label={props.dateLabel}
              error={errors.validUntil ?? errors.dueAt}
              testId="document-date"
            />
          )}
        </Stack>
        {props.children}
      </Group>
      <LinesEditor
        lines={form.lines}
        discount={form.discount}
        currency={form.currency}
        defaultTax={props.defaultTax}
        readOnly={readOnly}
        onLines={(lines) => setForm({ ...form, lines })}
        onDiscount={(discount) => setForm({ ...form, discount })}
        errors={errors}
      />
      <Textarea
        label={t('billing.editor.notes')}
        value={form.notes}
        readOnly={readOnly}
        autosize
        minRows={2}
        onChange={(e) => setForm({ ...form, notes: e.currentTarget.value })}
        data-testid="document-notes"
      />
    </Stack>
  );
}

/** Input for main from the form, or a list of local problems (unparsable numbers). */
function toInput(form: Form) {
  const parsed = parseLines(form.lines, form.discount, form.currency);
  return { parsed, ok: Object.keys(parsed.bad).length === 0 };
}

/** The fields both kinds of document are saved with, from a form that parses. */
function documentInput(form: Form) {
  const { parsed } = toInput(form);
  return {
    customerId: form.customerId ?? '',
    currency: form.currency,
    lines: parsed.lines,
    discount: parsed.discount,
    notes: form.notes,
  };
}

/**
 * The fields the user changed since the editor loaded the document (undefined for a new one).
 * Currency, lines and discount go together: amounts mean something only in their currency.
 */
function changesSince<T extends ReturnType<typeof documentInput>>(loaded: T | null, edited: T) {
  return loaded ? together(changedFields(loaded, edited), ['currency', 'lines', 'discount']) : undefined;
}

/** Problems found before asking main: no customer, no lines (main checks them again). */
function localProblems(form: Form): RpcErrorPayload | null {
  const issues: FieldIssue[] = [];
  if (!form.customerId) issues.push({ field: 'customerId', code: 'required' });
  if (form.lines.length === 0) issues.push({ field: 'lines', code: 'no_lines' });
  return issues.length ? { code: 'validation', issues } : null;
}

/** A newer version of the document was not loaded over the user's unsaved edits. */
function ChangedElsewhere({ shown }: { shown: boolean }) {
  const t = useT();
  if (!shown) return null;
  return (
    <Alert color="yellow" icon={<IconAlertTriangle size={18} />} data-testid="changed-elsewhere">
      {t('billing.editor.changedElsewhere')}
    </Alert>
  );
}

function ErrorAlert({ error }: { error: RpcErrorPayload | null }) {
  const t = useT();
  if (!error) return null;
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="editor-error">
      {describeError(t, error)}
    </Alert>
  );
}

// ---- Quote editor -----------------------------------------------------------------------

/** `opportunityId` starts a new quote for a deal: its customer and currency, linked to it. */
export function QuoteEditorPage({ id, opportunityId = null }: { id: string | null; opportunityId?: string | null }) {
  const t = useT();
  const [, navigate] = useLocation();
  const version = useDataVersion((s) => s.version);
  const profile = useBillingProfile((s) => s.profile);
  const digits = useDisplay().digits;
  const edited = useEditedValue(emptyForm(profile?.defaultCurrency ?? 'IRR'), id);
  const { value: form, setValue: setForm, load: loadForm } = edited;
  const editedStatus = useEditedValue<QuoteStatus>('draft', id);
  const { value: status, setValue: setStatus, load: loadStatus } = editedStatus;
  const [quote, setQuote] = useState<Quote | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [loading, setLoading] = useState(id !== null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!id) return;
    let live = true;
    invoke('quotes.get', { id })
      .then((q) => {
        if (!live) return;
        setQuote(q);
        // A quote made into an invoice (here or on another computer) can no longer be edited: show it as stored.
        const final = q.invoiceId !== null;
        loadStatus(q.status, q.updatedAt, final);
        loadForm(formFromDocument(q, q.validUntil, digits), q.updatedAt, final);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setError(toPayload(e));
        setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [id, version, digits, loadForm, loadStatus]);

  useEffect(() => {
    if (id || !opportunityId) return;
    let live = true;
    invoke('opportunities.get', { id: opportunityId })
      .then(({ opportunity }) => {
        if (!live) return;
        setForm((current) => ({
          ...current,
          customerId: opportunity.customerId,
          customerName: opportunity.customerName,
          currency: opportunity.currency,
        }));
      })
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [id, opportunityId, setForm]);

  const quoteInput = (f: Form, s: QuoteStatus) => ({
    ...documentInput(f),
    validUntil: endOfDay(f.date),
    status: s,
    opportunityId: quote?.opportunityId ?? opportunityId,
  });

  const save = async () => {
    if (!toInput(form).ok) return;
    const local = localProblems(form);
    setError(local);
    if (local) return;
    setSaving(true);
    setError(null);
    const input = quoteInput(form, status);
    const loadedForm = edited.loaded();
    const base = loadedForm && quoteInput(loadedForm, editedStatus.loaded() ?? status);
    try {
      const saved = id
        ? await invoke('quotes.update', { id, ...input, changed: changesSince(base, input) })
        : await invoke('quotes.create', input);
      notifications.show({ message: t('billing.quotes.saved') });
      edited.saved();
      editedStatus.saved();
      dataChanged();
      if (!id) navigate(`/quotes/${saved.id}`, { replace: true });
    } catch (e) {
      setError(toPayload(e));
    } finally {
      setSaving(false);
    }
  };

  const convert = async () => {
    if (!id) return;
    try {
      const invoice = await invoke('quotes.convert', { id });
      notifications.show({ message: t('billing.quotes.converted') });
      dataChanged();
      navigate(`/invoices/${invoice.id}`);
    } catch (e) {
      setError(toPayload(e));
    }
  };

  if (loading)
    return (
      <Group justify="center" p="xl">
        <Loader />
      </Group>
    );
  const readOnly = quote?.invoiceId != null;
  const errors = fieldErrors(t, error);
  return (
    <div className="page">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Title order={2} size="h3">
              {id ? t('billing.quotes.editTitle', { name: quote?.customerName ?? '' }) : t('billing.quotes.newTitle')}
            </Title>
            {quote && <QuoteStatusBadge status={quote.status} />}
          </Group>
          <Group gap="xs">
            <DocumentButtons kind="quote" id={id} />
            {quote?.invoiceId ? (
              <Button component={Link} href={`/invoices/${quote.invoiceId}`} variant="light" data-testid="open-invoice">
                {t('billing.quotes.openInvoice', { number: quote.invoiceNumber ?? '' })}
              </Button>
            ) : (
              id && (
                <Button
                  leftSection={<IconFileInvoice size={16} />}
                  variant="light"
                  onClick={() => void convert()}
                  data-testid="convert-quote"
                >
                  {t('billing.quotes.convert')}
                </Button>
              )
            )}
          </Group>
        </Group>
        {quote?.opportunityName && (
          <Text size="sm" c="dimmed">
            {t('billing.editor.opportunity')}: {quote.opportunityName}
          </Text>
        )}
        <ErrorAlert error={error} />
        <ChangedElsewhere shown={edited.changedElsewhere || editedStatus.changedElsewhere} />
        <Paper withBorder p="md">
          <CommonFields
            form={form}
            setForm={setForm}
            errors={errors}
            readOnly={readOnly}
            dateLabel={t('billing.editor.validUntil')}
            defaultTax={profile?.defaultTaxBasisPoints ?? 0}
          >
            <Select
              label={t('billing.editor.status')}
              data={QUOTE_STATUSES.map((s) => ({ value: s, label: t(`billing.quotes.status.${s}`) }))}
              value={status}
              onChange={(v) => v && setStatus(v as QuoteStatus)}
              disabled={readOnly}
              allowDeselect={false}
              w={160}
              data-testid="quote-status-select"
            />
          </CommonFields>
        </Paper>
        {!readOnly && (
          <Group>
            <Button onClick={() => void save()} loading={saving} data-testid="save-document">
              {t('billing.editor.save')}
            </Button>
            <Anchor component={Link} href="/quotes" size="sm">
              {t('common.back')}
            </Anchor>
          </Group>
        )}
      </Stack>
    </div>
  );
}

// ---- Invoice editor ---------------------------------------------------------------------

export function InvoiceEditorPage({ id }: { id: string | null }) {
  const t = useT();
  const [, navigate] = useLocation();
  const version = useDataVersion((s) => s.version);
  const profile = useBillingProfile((s) => s.profile);
  const digits = useDisplay().digits;
  const edited = useEditedValue(emptyForm(profile?.defaultCurrency ?? 'IRR'), id);
  const { value: form, setValue: setForm, load: loadForm } = edited;
  const [invoice, setInvoice] = useState<Invoice | null>(null);
  const [nextNumber, setNextNumber] = useState('');
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [loading, setLoading] = useState(id !== null);
  const [saving, setSaving] = useState(false);
  const [confirm, setConfirm] = useState<'issue' | 'void' | 'credit' | null>(null);

  useEffect(() => {
    let live = true;
    invoke('billing.series.get', {})
      .then((s) => live && setNextNumber(s.next))
      .catch(() => undefined);
    if (id)
      invoke('invoices.get', { id })
        .then((inv) => {
          if (!live) return;
          setInvoice(inv);
          // An invoice issued or voided meanwhile is read-only: show it as stored, not the edits.
          loadForm(formFromDocument(inv, inv.dueAt, digits), inv.updatedAt, inv.state !== 'draft');
          setLoading(false);
        })
        .catch((e: unknown) => {
          if (!live) return;
          setError(toPayload(e));
          setLoading(false);
        });
    return () => {
      live = false;
    };
  }, [id, version, digits, loadForm]);

  const save = async (): Promise<string | null> => {
    if (!toInput(form).ok) return null;
    const local = localProblems(form);
    setError(local);
    if (local) return null;
    setSaving(true);
    setError(null);
    const invoiceInput = (f: Form) => ({ ...documentInput(f), dueAt: endOfDay(f.date) });
    const input = invoiceInput(form);
    const loadedForm = edited.loaded();
    try {
      const saved = id
        ? await invoke('invoices.update', {
            id,
            ...input,
            changed: changesSince(loadedForm && invoiceInput(loadedForm), input),
          })
        : await invoke('invoices.create', input);
      notifications.show({ message: t('billing.invoices.saved') });
      edited.saved();
      dataChanged();
      if (!id) navigate(`/invoices/${saved.id}`, { replace: true });
      return saved.id;
    } catch (e) {
      setError(toPayload(e));
      return null;
    } finally {
      setSaving(false);
    }
  };

  const act = async (what: 'issue' | 'void' | 'credit') => {
    setConfirm(null);
    if (!id) return;
    try {
      if (what === 'issue') {
        const saved = await save();
        if (!saved) return;
        const issued = await invoke('invoices.issue', { id });
        notifications.show({ message: t('billing.invoices.issued', { number: issued.number ?? '' }) });
      } else if (what === 'void') {
        const voided = await invoke('invoices.void', { id, reason: '' });
        notifications.show({ message: t('billing.invoices.voided', { number: voided.number ?? '' }) });
      } else {
        const credit = await invoke('invoices.creditNote', { id });
        notifications.show({ message: t('billing.invoices.creditNoteDone', { number: credit.number ?? '' }) });
      }
      dataChanged();
    } catch (e) {
      setError(toPayload(e));
    }
  };

  if (loading)
    return (
      <Group justify="center" p="xl">
        <Loader />
      </Group>
    );
  const readOnly = invoice !== null && invoice.state !== 'draft';
  const errors = fieldErrors(t, error);
  const title = !invoice
    ? t('billing.invoices.newTitle')
    : invoice.number
      ? invoice.kind === 'credit_note'
        ? `${t('billing.kind.credit_note')} ${invoice.number}`
        : t('billing.invoices.editTitle', { number: invoice.number })
      : t('billing.invoices.draftTitle', { name: invoice.customerName });
  return (
    <div className="page">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Title order={2} size="h3" data-testid="invoice-title">
              {title}
            </Title>
            {invoice && <InvoiceStatusBadge status={invoice.status} />}
          </Group>
          <Group gap="xs">
            <DocumentButtons kind="invoice" id={id} />
            {invoice?.state === 'draft' && (
              <Button
                leftSection={<IconSend size={16} />}
                onClick={() => setConfirm('issue')}
                data-testid="issue-invoice"
              >
                {t('billing.invoices.issue')}
              </Button>
            )}
            {invoice?.state === 'issued' && invoice.kind === 'invoice' && invoice.balance > 0 && (
              <Button
                variant="default"
                leftSection={<IconArrowBackUp size={16} />}
                onClick={() => setConfirm('credit')}
                data-testid="credit-note"
              >
                {t('billing.invoices.creditNote')}
              </Button>
            )}
            {invoice?.state === 'issued' && (
              <Button
                variant="default"
                color="red"
                leftSection={<IconBan size={16} />}
                onClick={() => setConfirm('void')}
                data-testid="void-invoice"
              >
                {t('billing.invoices.void')}
              </Button>
            )}
          </Group>
        </Group>
        {invoice && !invoice.number && (
          <Text size="sm" c="dimmed" data-testid="draft-number">
            {t('billing.invoices.noNumber')}
          </Text>
        )}
        {invoice?.creditOfId && (
          <Anchor component={Link} href={`/invoices/${invoice.creditOfId}`} size="sm">
            {t('billing.invoices.creditOf', { number: invoice.creditOfNumber ?? '' })}
          </Anchor>
        )}
        {readOnly && invoice?.kind === 'invoice' && (
          <Alert color="blue" variant="light" data-testid="read-only-note">
            {t('billing.invoices.readOnly')}
          </Alert>
        )}
        <ErrorAlert error={error} />
        <ChangedElsewhere shown={edited.changedElsewhere} />
        <Paper withBorder p="md">
          <CommonFields
            form={form}
            setForm={setForm}
            errors={errors}
            readOnly={readOnly}
            dateLabel={t('billing.editor.dueDate')}
            defaultTax={profile?.defaultTaxBasisPoints ?? 0}
          />
        </Paper>
        {!readOnly && (
          <Group>
            <Button onClick={() => void save()} loading={saving} data-testid="save-document">
              {t('billing.editor.save')}
            </Button>
            <Anchor component={Link} href="/invoices" size="sm">
              {t('common.back')}
            </Anchor>
          </Group>
        )}
        {invoice && invoice.state === 'issued' && invoice.kind === 'invoice' && <PaymentsPanel invoice={invoice} />}
        {invoice && invoice.creditNotes.length > 0 && (
          <Paper withBorder p="md">
            <Title order={3} size="h5" mb="xs">
              {t('billing.invoices.creditNotes')}
            </Title>
            {invoice.creditNotes.map((c) => (
              <Anchor key={c.id} component={Link} href={`/invoices/${c.id}`} size="sm" display="block">
                {c.number}
              </Anchor>
            ))}
          </Paper>
        )}
      </Stack>
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={
          confirm === 'issue'
            ? t('billing.invoices.issueTitle')
            : confirm === 'void'
              ? t('billing.invoices.voidTitle', { number: invoice?.number ?? '' })
              : t('billing.invoices.creditNoteTitle', { number: invoice?.number ?? '' })
        }
      >
        <Stack>
          <Text size="sm">
            {confirm === 'issue'
              ? t('billing.invoices.issueBody', { number: nextNumber })
              : confirm === 'void'
                ? t('billing.invoices.voidBody')
                : t('billing.invoices.creditNoteBody')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color={confirm === 'void' ? 'red' : undefined}
              onClick={() => confirm && void act(confirm)}
              data-testid="confirm-action"
            >
              {confirm === 'issue'
                ? t('billing.invoices.issue')
                : confirm === 'void'
                  ? t('billing.invoices.void')
                  : t('billing.invoices.creditNote')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </div>
  );
}

export { emptyLine };
