/**
 * Converting a lead: for the organization (when the lead names a company) and the person, create
 * a new customer or link to one of the look-alikes the duplicate check found; optionally create
 * an opportunity. One call, one transaction in main.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { FieldIssue, RpcErrorPayload } from '../../../shared/errors';
import { describeError, describeIssue } from '../../../shared/i18n';
import { parseAmount } from '../../../shared/money/money';
import type { Lead, LeadConvertResult, LeadDuplicates, Stage } from '../../../shared/pipeline/pipeline.schema';
import { useDisplay, useT } from '../../app/i18n';
import { invoke, RpcError } from '../../lib/client';
import { dataChanged } from '../../stores/data';
import { unitName } from '../../../shared/pipeline/money-display';
import { CURRENCIES, stageName, useIrrUnit } from './display';
import { inputDigits } from './OpportunityForm';

/** 'new', 'none', or the id of an existing customer. */
type Choice = string;

function ChoiceGroup({
  label,
  name,
  candidates,
  value,
  onChange,
  testId,
}: {
  label: string;
  name: string;
  candidates: LeadDuplicates['person'];
  value: Choice;
  onChange(value: Choice): void;
  testId: string;
}) {
  const t = useT();
  return (
    <Radio.Group label={label} value={value} onChange={onChange} data-testid={testId}>
      <Stack gap={6} mt={6}>
        {candidates.length > 0 && (
          <Text size="xs" c="orange">
            {t('lead.convert.duplicates')}
          </Text>
        )}
        {candidates.map((c) => (
          <Radio key={c.customer.id} value={c.customer.id} label={t('lead.convert.link', { name: c.customer.name })} />
        ))}
        <Radio
          value="new"
          label={
            candidates.length
              ? `${t('lead.convert.create', { name })} — ${t('lead.convert.createAnyway')}`
              : t('lead.convert.create', { name })
          }
        />
        <Radio value="none" label={t('lead.convert.none')} />
      </Stack>
    </Radio.Group>
  );
}

export function ConvertDialog({
  lead,
  onClose,
  onConverted,
}: {
  lead: Lead;
  onClose(): void;
  onConverted(result: LeadConvertResult): void;
}) {
  const t = useT();
  const display = useDisplay();
  const irrUnit = useIrrUnit();
  const [duplicates, setDuplicates] = useState<LeadDuplicates | null>(null);
  const [stages, setStages] = useState<Stage[]>([]);
  const [org, setOrg] = useState<Choice>('none');
  const [person, setPerson] = useState<Choice>('new');
  const [withOpportunity, setWithOpportunity] = useState(true);
  const [title, setTitle] = useState(t('lead.defaultOpportunity', { name: lead.company || lead.name }));
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('IRR');
  const [stageId, setStageId] = useState<string | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [requestError, setRequestError] = useState<RpcErrorPayload | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    Promise.all([invoke('leads.duplicates', { id: lead.id }), invoke('pipeline.stages', {})])
      .then(([found, list]) => {
        setDuplicates(found);
        setStages(list);
        setStageId(list.find((s) => s.kind === 'open')?.id ?? null);
        // Likely the same customer: suggest linking (the user still chooses).
        setOrg(lead.company ? (found.organization[0]?.customer.id ?? 'new') : 'none');
        setPerson(found.person[0]?.customer.id ?? 'new');
      })
      .catch((e: unknown) => setRequestError(e instanceof RpcError ? e.payload : { code: 'internal' }));
  }, [lead.id, lead.company]);

  const choice = (value: Choice) => ({
    existingId: value === 'new' || value === 'none' ? null : value,
    create: value === 'new',
    ignoreDuplicates: value === 'new',
  });

  const convert = async () => {
    const minor = amount.trim() === '' ? 0 : parseAmount(amount, inputDigits(currency, irrUnit));
    if (minor === null) {
      setIssues([{ field: 'opportunity.amountMinor', code: 'invalid' }]);
      return;
    }
    setSaving(true);
    setIssues([]);
    setRequestError(null);
    try {
      const result = await invoke('leads.convert', {
        id: lead.id,
        organization: choice(org),
        person: choice(person),
        opportunity: withOpportunity ? { title, amountMinor: minor, currency, stageId } : null,
      });
      dataChanged();
      onConverted(result);
    } catch (e) {
      const payload: RpcErrorPayload =
        e instanceof RpcError ? e.payload : { code: 'internal', params: { detail: String(e) } };
      if (payload.code === 'validation' && payload.issues) setIssues(payload.issues);
      else setRequestError(payload);
    } finally {
      setSaving(false);
    }
  };

  const messageFor = (field: string) => {
    const issue = issues.find((i) => i.field === `opportunity.${field}`);
    return issue ? describeIssue(t, { ...issue, field }) : undefined;
  };
  const general = issues.filter((i) => !i.field.startsWith('opportunity.'));

  return (
    <Modal opened onClose={onClose} title={t('lead.convertTitle', { name: lead.name })} size="lg" centered>
      {!duplicates ? (
        requestError ? (
          <Alert color="red">{describeError(t, requestError)}</Alert>
        ) : (
          <Loader size="sm" />
        )
      ) : (
        <Stack data-testid="convert-dialog">
          {(requestError || general.length > 0) && (
            <Alert color="red" icon={<IconAlertTriangle />} data-testid="convert-error">
              {requestError ? describeError(t, requestError) : general.map((i) => describeIssue(t, i)).join(' ')}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: lead.company ? 2 : 1 }}>
            {lead.company && (
              <ChoiceGroup
                label={t('lead.convert.organization')}
                name={lead.company}
                candidates={duplicates.organization}
                value={org}
                onChange={setOrg}
                testId="convert-organization"
              />
            )}
            <ChoiceGroup
              label={t('lead.convert.person')}
              name={lead.name}
              candidates={duplicates.person}
              value={person}
              onChange={setPerson}
              testId="convert-person"
            />
          </SimpleGrid>
          <Checkbox
            label={t('lead.convert.withOpportunity')}
            checked={withOpportunity}
            onChange={(e) => setWithOpportunity(e.currentTarget.checked)}
          />
          {withOpportunity && (
            <Stack gap="xs">
              <Title order={4} size="h6">
                {t('field.opportunity')}
              </Title>
              <TextInput
                label={t('field.title')}
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
                error={messageFor('title')}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={t('opportunity.amountIn', { unit: unitName(currency, display.language, irrUnit) })}
                  value={amount}
                  onChange={(e) => setAmount(e.currentTarget.value)}
                  error={messageFor('amountMinor')}
                  dir="ltr"
                  inputMode="decimal"
                  data-testid="convert-amount"
                />
                <Select
                  label={t('field.currency')}
                  data={CURRENCIES.map((c) => ({ value: c, label: unitName(c, display.language, irrUnit) }))}
                  value={currency}
                  onChange={(v) => v && setCurrency(v)}
                  allowDeselect={false}
                />
                <Select
                  label={t('field.stageId')}
                  data={stages.filter((s) => s.kind === 'open').map((s) => ({ value: s.id, label: stageName(t, s) }))}
                  value={stageId}
                  onChange={setStageId}
                  allowDeselect={false}
                  error={messageFor('stageId')}
                />
              </SimpleGrid>
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => void convert()} loading={saving} data-testid="convert-confirm">
              {t('lead.convert.confirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
