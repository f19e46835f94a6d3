/**
 * Create or edit an opportunity in a dialog. The amount is typed in the major unit (Toman for
 * IRR) with Persian or Latin digits and stored in minor units; the probability is a percentage
 * (blank: the stage's default); a lost stage asks for the reason.
 */
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { changedFields, together } from '../../../shared/changed-fields';
import type { FieldIssue, RpcErrorPayload } from '../../../shared/errors';
import { describeError } from '../../../shared/i18n';
import { minorDigits, parseAmount, rialToToman, toDecimalString } from '../../../shared/money/money';
import { opportunityInputSchema, type Opportunity, type Stage } from '../../../shared/pipeline/pipeline.schema';
import { localizeDigits, parseInteger } from '../../../shared/format/format';
import { toFieldIssues } from '../../../shared/validation';
import { useDisplay, useT } from '../../app/i18n';
import { invoke, RpcError } from '../../lib/client';
import { dataChanged } from '../../stores/data';
import { DatePickerButton } from '../activities/DatePicker';
import { CustomerSelect } from './CustomerSelect';
import { CURRENCIES, stageName, useIrrUnit } from './display';
import { unitName, type IrrUnit } from '../../../shared/pipeline/money-display';
import { messagesByField } from './issues';

/** Decimal digits the amount is typed with: IRR in Toman has one (one Rial), in Rial none. */
export const inputDigits = (currency: string, irrUnit: IrrUnit) =>
  currency === 'IRR' ? (irrUnit === 'toman' ? 1 : 0) : minorDigits(currency);
export const amountInputText = (minor: number, currency: string, irrUnit: IrrUnit) =>
  currency === 'IRR' && irrUnit === 'toman' ? rialToToman(minor) : toDecimalString(minor, minorDigits(currency));

/** The form's fields as typed. */
interface Draft {
  title: string;
  customerId: string | null;
  stageId: string | null;
  currency: string;
  amount: string;
  probability: string;
  closeDate: string | null;
  lostReason: string;
}

/** What a draft sends; `minor` and `percent` are null when their text is not a number. */
function draftInput(draft: Draft, irrUnit: IrrUnit, stage: Stage | undefined) {
  const minor = draft.amount.trim() === '' ? 0 : parseAmount(draft.amount, inputDigits(draft.currency, irrUnit));
  const percent = draft.probability.trim() === '' ? null : parseInteger(draft.probability);
  const input = {
    title: draft.title,
    customerId: draft.customerId ?? '',
    stageId: draft.stageId,
    amountMinor: minor ?? 0,
    currency: draft.currency,
    probabilityBp: percent === null ? null : percent * 100,
    expectedCloseDate: draft.closeDate,
    lostReason: stage?.kind === 'lost' ? draft.lostReason : '',
  };
  return { input, minor, percent };
}

export function OpportunityForm({
  opportunity,
  customer = null,
  onClose,
  onSaved,
}: {
  opportunity: Opportunity | null;
  customer?: { id: string; name: string } | null;
  onClose(): void;
  onSaved?(opportunity: Opportunity): void;
}) {
  const t = useT();
  const display = useDisplay();
  const irrUnit = useIrrUnit();
  const [stages, setStages] = useState<Stage[]>([]);
  // The form as it opened: an update sends only the fields that differ from it (see save).
  const [opened] = useState<Draft>(() => ({
    title: opportunity?.title ?? '',
    customerId: opportunity?.customerId ?? customer?.id ?? null,
    stageId: opportunity?.stageId ?? null,
    currency: opportunity?.currency ?? 'IRR',
    amount: opportunity
      ? localizeDigits(amountInputText(opportunity.amountMinor, opportunity.currency, irrUnit), display.digits)
      : '',
    probability: opportunity ? localizeDigits(String(Math.round(opportunity.probabilityBp / 100)), display.digits) : '',
    closeDate: opportunity?.expectedCloseDate ?? null,
    lostReason: opportunity?.lostReason ?? '',
  }));
  const [title, setTitle] = useState(opened.title);
  const [customerId, setCustomerId] = useState(opened.customerId);
  const [stageId, setStageId] = useState(opened.stageId);
  const [currency, setCurrency] = useState(opened.currency);
  const [amount, setAmount] = useState(opened.amount);
  const [probability, setProbability] = useState(opened.probability);
  const [closeDate, setCloseDate] = useState(opened.closeDate);
  const [lostReason, setLostReason] = useState(opened.lostReason);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [requestError, setRequestError] = useState<RpcErrorPayload | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    invoke('pipeline.stages', {})
      .then((list) => {
        setStages(list);
        setStageId((current) => current ?? list.find((s) => s.kind === 'open')?.id ?? null);
      })
      .catch(() => setStages([]));
  }, []);
  const stage = stages.find((s) => s.id === stageId);

  const save = async () => {
    const local: Record<string, string> = {};
    const draft = { title, customerId, stageId, currency, amount, probability, closeDate, lostReason };
    const { input, minor, percent } = draftInput(draft, irrUnit, stage);
    if (minor === null) local.amountMinor = t('opportunity.badAmount');
    if (percent !== null && (percent < 0 || percent > 100)) local.probabilityBp = t('opportunity.badProbability');
    if (probability.trim() !== '' && percent === null) local.probabilityBp = t('opportunity.badProbability');
    const parsed = opportunityInputSchema.safeParse(input);
    const schemaIssues = parsed.success ? [] : toFieldIssues(parsed.error, input);
    if (stage?.kind === 'lost' && !lostReason.trim())
      schemaIssues.push({ field: 'lostReason', code: 'lost_reason_required' });
    setLocalErrors(local);
    setIssues(schemaIssues);
    setRequestError(null);
    if (Object.keys(local).length || schemaIssues.length) return;
    setSaving(true);
    try {
      const saved = opportunity
        ? await invoke('opportunities.update', {
            id: opportunity.id,
            ...input,
            // An amount means something only in its currency: the two go together.
            changed: together(changedFields(draftInput(opened, irrUnit, stage).input, input), [
              'amountMinor',
              'currency',
            ]),
          })
        : await invoke('opportunities.create', input);
      notifications.show({
        message: t(opportunity ? 'opportunity.saved' : 'opportunity.created', { title: saved.title }),
        color: 'teal',
      });
      dataChanged();
      onSaved?.(saved);
      onClose();
    } catch (e) {
      const payload: RpcErrorPayload =
        e instanceof RpcError ? e.payload : { code: 'internal', params: { detail: String(e) } };
      if (payload.code === 'validation' && payload.issues) setIssues(payload.issues);
      else setRequestError(payload);
    } finally {
      setSaving(false);
    }
  };

  const errors = { ...messagesByField(t, issues), ...localErrors };
  return (
    <Modal
      opened
      onClose={onClose}
      title={opportunity ? t('opportunity.editTitle', { title: opportunity.title }) : t('opportunity.newTitle')}
      size="lg"
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        noValidate
        data-testid="opportunity-form"
      >
        <Stack>
          {requestError && (
            <Alert color="red" icon={<IconAlertTriangle />}>
              {describeError(t, requestError)}
            </Alert>
          )}
          <TextInput
            label={t('field.title')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={errors.title}
            withAsterisk
            data-autofocus
          />
          <CustomerSelect
            value={customerId}
            initial={opportunity ? { id: opportunity.customerId, name: opportunity.customerName } : customer}
            onChange={setCustomerId}
            error={errors.customerId}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('opportunity.amountIn', { unit: unitName(currency, display.language, irrUnit) })}
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={errors.amountMinor}
              inputMode="decimal"
              dir="ltr"
            />
            <Select
              label={t('field.currency')}
              data={CURRENCIES.map((c) => ({ value: c, label: unitName(c, display.language, irrUnit) }))}
              value={currency}
              onChange={(v) => v && setCurrency(v)}
              allowDeselect={false}
              error={errors.currency}
            />
            <TextInput
              label={`${t('field.probabilityBp')} (%)`}
              placeholder={
                stage
                  ? `${t('opportunity.defaultProbability')}: ${localizeDigits(String(stage.probabilityBp / 100), display.digits)}`
                  : ''
              }
              value={probability}
              onChange={(e) => setProbability(e.currentTarget.value)}
              error={errors.probabilityBp}
              inputMode="numeric"
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('field.stageId')}
              data={stages.map((s) => ({ value: s.id, label: stageName(t, s) }))}
              value={stageId}
              onChange={setStageId}
              allowDeselect={false}
              error={errors.stageId}
            />
            <DatePickerButton
              label={t('field.expectedCloseDate')}
              value={closeDate}
              onChange={setCloseDate}
              error={errors.expectedCloseDate}
              testId="opportunity-close-date"
            />
          </SimpleGrid>
          {stage?.kind === 'lost' && (
            <Textarea
              label={t('field.lostReason')}
              value={lostReason}
              onChange={(e) => setLostReason(e.currentTarget.value)}
              error={errors.lostReason}
              withAsterisk
              autosize
              minRows={2}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving} data-testid="opportunity-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
