/**
 * Create or edit a lead. Messages appear under each field: at once from the shared schema, and
 * from main's answer (phone validity, the reason needed to disqualify). A saved lead can be
 * converted; a converted one links to the customer and opportunity it became.
 */
import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconArrowRight, IconTransform } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { changedFields } from '../../../shared/changed-fields';
import type { FieldIssue, RpcErrorPayload } from '../../../shared/errors';
import { describeError } from '../../../shared/i18n';
import {
  EDITABLE_LEAD_STATUSES,
  LEAD_SOURCES,
  leadInputSchema,
  type Lead,
  type LeadSource,
} from '../../../shared/pipeline/pipeline.schema';
import { foldDigits } from '../../../shared/text/normalize';
import { toFieldIssues } from '../../../shared/validation';
import { useT } from '../../app/i18n';
import { invoke, RpcError } from '../../lib/client';
import { phoneText } from '../../lib/display';
import { dataChanged } from '../../stores/data';
import { usePreferences } from '../../stores/preferences';
import { ConvertDialog } from './ConvertDialog';
import { leadSourceKey, leadStatusKey } from './display';
import { messagesByField } from './issues';

type EditableStatus = (typeof EDITABLE_LEAD_STATUSES)[number];
interface Values {
  name: string;
  company: string;
  phone: string;
  email: string;
  source: LeadSource;
  status: EditableStatus;
  disqualifyReason: string;
  notes: string;
}
const empty: Values = {
  name: '',
  company: '',
  phone: '',
  email: '',
  source: 'phone',
  status: 'new',
  disqualifyReason: '',
  notes: '',
};

export function LeadFormPage({ id }: { id: string | null }) {
  const t = useT();
  const rtl = usePreferences((s) => s.preferences.language === 'fa');
  const region = usePreferences((s) => s.preferences.phoneRegion);
  const [, navigate] = useLocation();
  const [values, setValues] = useState<Values>(empty);
  // The values as loaded (or last saved): an update sends only the fields that differ from them.
  const [loaded, setLoaded] = useState<Values>(empty);
  const [lead, setLead] = useState<Lead | null>(null);
  const [loading, setLoading] = useState(id !== null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [requestError, setRequestError] = useState<RpcErrorPayload | null>(null);
  const [saving, setSaving] = useState(false);
  const [converting, setConverting] = useState(false);

  useEffect(() => {
    if (!id) return;
    invoke('leads.get', { id })
      .then((found) => {
        setLead(found);
        const stored: Values = {
          name: found.name,
          company: found.company,
          phone: found.phone ? phoneText(found.phone, region, 'latin') : '',
          email: found.email,
          source: found.source,
          status: found.status === 'converted' ? 'qualified' : found.status,
          disqualifyReason: found.disqualifyReason,
          notes: found.notes,
        };
        setValues(stored);
        setLoaded(stored);
      })
      .catch((e: unknown) => setRequestError(e instanceof RpcError ? e.payload : { code: 'internal' }))
      .finally(() => setLoading(false));
  }, [id, region]);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));

  const save = async () => {
    const inputOf = (v: Values) => ({ ...v, email: foldDigits(v.email) });
    const input = inputOf(values);
    const parsed = leadInputSchema.safeParse(input);
    const local = parsed.success ? [] : toFieldIssues(parsed.error, input);
    if (values.status === 'disqualified' && !values.disqualifyReason.trim()) {
      local.push({ field: 'disqualifyReason', code: 'disqualify_reason_required' });
    }
    setIssues(local);
    setRequestError(null);
    if (local.length) return;
    setSaving(true);
    try {
      const saved = id
        ? await invoke('leads.update', { id, ...input, changed: changedFields(inputOf(loaded), input) })
        : await invoke('leads.create', input);
      notifications.show({ message: t(id ? 'lead.saved' : 'lead.created', { name: saved.name }), color: 'teal' });
      dataChanged();
      if (id) {
        setLead(saved);
        setLoaded(values);
      } else navigate(`/leads/${saved.id}`, { replace: true });
    } catch (e) {
      const payload: RpcErrorPayload =
        e instanceof RpcError ? e.payload : { code: 'internal', params: { detail: String(e) } };
      if (payload.code === 'validation' && payload.issues) setIssues(payload.issues);
      else setRequestError(payload);
    } finally {
      setSaving(false);
    }
  };

  if (loading) return <Loader />;
  const errors = messagesByField(t, issues);
  const converted = lead?.status === 'converted';
  const Back = rtl ? IconArrowRight : IconArrowLeft;

  return (
    <div className="page" data-testid="lead-form-page" data-lead-id={lead?.id ?? ''}>
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<Back size={14} />}
        component={Link}
        href="/leads"
        mb="xs"
      >
        {t('lead.title')}
      </Button>
      <Group justify="space-between" mb="md">
        <Title order={2} size="h3">
          {lead ? t('lead.editTitle', { name: lead.name }) : t('lead.newTitle')}
        </Title>
        {lead && !converted && (
          <Button
            leftSection={<IconTransform size={16} />}
            onClick={() => setConverting(true)}
            data-testid="lead-convert"
          >
            {t('lead.convert')}
          </Button>
        )}
      </Group>
      {requestError && (
        <Alert color="red" icon={<IconAlertTriangle />} mb="sm">
          {describeError(t, requestError)}
        </Alert>
      )}
      {converted && lead && (
        <Alert color="green" mb="sm" data-testid="lead-converted">
          <Group gap="md">
            <Text size="sm">{t('lead.convertedTo', { name: lead.convertedCustomerName ?? '' })}</Text>
            {lead.convertedCustomerId && (
              <Anchor component={Link} href={`/customers/${lead.convertedCustomerId}`} size="sm">
                {t('lead.openCustomer')}
              </Anchor>
            )}
            {lead.convertedOpportunityId && (
              <Anchor
                component={Link}
                href={`/pipeline/opportunities/${lead.convertedOpportunityId}`}
                size="sm"
                data-testid="lead-open-opportunity"
              >
                {t('lead.openOpportunity')}
              </Anchor>
            )}
          </Group>
        </Alert>
      )}
      <Card withBorder maw={820}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          data-testid="lead-form"
        >
          <fieldset disabled={converted} style={{ border: 0, padding: 0, margin: 0 }}>
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('field.name')}
                  value={values.name}
                  onChange={(e) => set('name', e.currentTarget.value)}
                  error={errors.name}
                  withAsterisk
                  data-autofocus
                />
                <TextInput
                  label={t('field.company')}
                  value={values.company}
                  onChange={(e) => set('company', e.currentTarget.value)}
                  error={errors.company}
                />
                <TextInput
                  label={t('field.phone')}
                  placeholder={t('lead.phonePlaceholder')}
                  value={values.phone}
                  onChange={(e) => set('phone', e.currentTarget.value)}
                  error={errors.phone}
                  dir="ltr"
                  inputMode="tel"
                />
                <TextInput
                  label={t('field.email')}
                  value={values.email}
                  onChange={(e) => set('email', e.currentTarget.value)}
                  error={errors.email}
                  dir="ltr"
                  inputMode="email"
                />
                <Select
                  label={t('field.source')}
                  data={LEAD_SOURCES.map((s) => ({ value: s, label: t(leadSourceKey(s)) }))}
                  value={values.source}
                  onChange={(v) => v && set('source', v as LeadSource)}
                  allowDeselect={false}
                />
                <Select
                  label={t('field.status')}
                  data={EDITABLE_LEAD_STATUSES.map((s) => ({ value: s, label: t(leadStatusKey(s)) }))}
                  value={values.status}
                  onChange={(v) => v && set('status', v as EditableStatus)}
                  allowDeselect={false}
                  data-testid="lead-status"
                />
              </SimpleGrid>
              {values.status === 'disqualified' && (
                <TextInput
                  label={t('field.disqualifyReason')}
                  value={values.disqualifyReason}
                  onChange={(e) => set('disqualifyReason', e.currentTarget.value)}
                  error={errors.disqualifyReason}
                  withAsterisk
                />
              )}
              <Textarea
                label={t('field.notes')}
                value={values.notes}
                onChange={(e) => set('notes', e.currentTarget.value)}
                error={errors.notes}
                autosize
                minRows={3}
              />
              {!converted && (
                <Group justify="flex-end">
                  <Button type="submit" loading={saving} data-testid="lead-save">
                    {t('common.save')}
                  </Button>
                </Group>
              )}
            </Stack>
          </fieldset>
        </form>
      </Card>
      {converting && lead && (
        <ConvertDialog
          lead={lead}
          onClose={() => setConverting(false)}
          onConverted={(result) => {
            setConverting(false);
            setLead(result.lead);
            notifications.show({ message: t('lead.convert.done', { name: result.customer.name }), color: 'teal' });
            if (result.opportunity) navigate(`/pipeline/opportunities/${result.opportunity.id}`);
          }}
        />
      )}
    </div>
  );
}
