/**
 * Create / edit a customer. Messages appear under each field: instantly from the shared zod
 * schema, and from main's answer (authoritative: phone validity, duplicates, organization).
 * Request-level errors show as an alert; what was typed is never lost.
 */
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Loader,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TagsInput,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconArrowRight, IconPlus, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import {
  CONTACT_CHANNELS,
  PHONE_LABELS,
  customerInputSchema,
  customerValues,
  type ContactChannel,
  type CustomerInput,
  type CustomerKind,
  type CustomerRef,
  type PhoneLabel,
} from '../../../shared/customers/customer.schema';
import { changedFields } from '../../../shared/changed-fields';
import type { FieldIssue, RpcErrorPayload } from '../../../shared/errors';
import { describeError, describeIssue } from '../../../shared/i18n';
import { foldDigits } from '../../../shared/text/normalize';
import { toFieldIssues } from '../../../shared/validation';
import { useT } from '../../app/i18n';
import { invoke, RpcError } from '../../lib/client';
import { channelKey, phoneLabelKey } from '../../lib/display';
import { dataChanged } from '../../stores/data';
import { DuplicateWarning } from '../duplicates/DuplicateWarning';
import { toPayload, usePreferences } from '../../stores/preferences';

export interface FormValues {
  kind: CustomerKind;
  name: string;
  organizationId: string | null;
  phones: { number: string; label: PhoneLabel }[];
  emails: string[];
  address: string;
  city: string;
  tags: string[];
  preferredChannel: ContactChannel | null;
  description: string;
}

const emptyValues = (): FormValues => ({
  kind: 'person',
  name: '',
  organizationId: null,
  phones: [],
  emails: [],
  address: '',
  city: '',
  tags: [],
  preferredChannel: null,
  description: '',
});

/**
 * What is sent: blank phone and email rows are dropped; `rowOf` maps a sent index back to the
 * form row so messages land under the right input.
 */
function toInput(values: FormValues): {
  input: CustomerInput;
  rowOf: { phones: number[]; emails: number[] };
} {
  const phoneRows = values.phones.map((p, i) => [p, i] as const).filter(([p]) => p.number.trim() !== '');
  const emailRows = values.emails.map((e, i) => [e, i] as const).filter(([e]) => e.trim() !== '');
  return {
    input: {
      kind: values.kind,
      name: values.name,
      organizationId: values.kind === 'person' ? values.organizationId : null,
      phones: phoneRows.map(([p]) => p),
      // Persian digits in an address are fine; in an email they are never meant.
      emails: emailRows.map(([e]) => foldDigits(e)),
      address: values.address,
      city: values.city,
      tags: values.tags,
      preferredChannel: values.preferredChannel,
      description: values.description,
    },
    rowOf: { phones: phoneRows.map(([, i]) => i), emails: emailRows.map(([, i]) => i) },
  };
}

/** Rewrites `phones.2.number` (sent index) to the form row's index. */
function toFormField(field: string, rowOf: { phones: number[]; emails: number[] }): string {
  const [head, index, ...rest] = field.split('.');
  if ((head === 'phones' || head === 'emails') && index !== undefined && /^\d+$/.test(index)) {
    const row = rowOf[head][Number(index)] ?? Number(index);
    return [head, String(row), ...rest].join('.');
  }
  return field;
}

/** Field key under which a message is shown: `phones.0.number` → `phones.0`. */
const slot = (field: string) => field.replace(/^(phones\.\d+)\..*$/, '$1').replace(/^tags\.\d+$/, 'tags');

function clientIssues(values: FormValues): FieldIssue[] {
  const { input, rowOf } = toInput(values);
  const parsed = customerInputSchema.safeParse(input);
  if (parsed.success) return [];
  return toFieldIssues(parsed.error, input).map((issue) => ({ ...issue, field: toFormField(issue.field, rowOf) }));
}

function OrganizationSelect({
  value,
  initial,
  onChange,
  error,
}: {
  value: string | null;
  initial: CustomerRef | null;
  onChange(value: string | null): void;
  error?: string | undefined;
}) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const [loaded, setLoaded] = useState<{ query: string; refs: CustomerRef[] } | null>(null);
  useEffect(() => {
    let live = true;
    invoke('customers.organizations', { query: debounced })
      .then((refs) => live && setLoaded({ query: debounced, refs }))
      .catch(() => live && setLoaded({ query: debounced, refs: [] }));
    return () => {
      live = false;
    };
  }, [debounced]);
  const loading = loaded?.query !== debounced;
  const options = loaded?.refs;
  const data = useMemo(() => {
    const all = [...(options ?? [])];
    if (initial && !all.some((o) => o.id === initial.id)) all.unshift(initial);
    return all.map((o) => ({ value: o.id, label: o.name }));
  }, [options, initial]);
  return (
    <Select
      label={t('field.organizationId')}
      placeholder={t('form.organizationPlaceholder')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      allowDeselect
      filter={({ options: items }) => items}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={loading ? <Loader size="xs" /> : t('form.organizationNone')}
      error={error}
    />
  );
}

export function CustomerFormPage({ id }: { id: string | null }) {
  const t = useT();
  const dir = usePreferences((s) => (s.preferences.language === 'fa' ? 'rtl' : 'ltr'));
  const [, navigate] = useLocation();
  const [values, setValues] = useState<FormValues>(emptyValues);
  // The values as loaded: the update sends only the fields that differ from them.
  const [loaded, setLoaded] = useState<FormValues>(emptyValues);
  const [initialOrg, setInitialOrg] = useState<CustomerRef | null>(null);
  const [loading, setLoading] = useState(id !== null);
  const [saving, setSaving] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const [requestError, setRequestError] = useState<RpcErrorPayload | null>(null);
  const [originalName, setOriginalName] = useState('');

  useEffect(() => {
    if (id === null) return;
    let live = true;
    invoke('customers.get', { id })
      .then(({ customer, organization }) => {
        if (!live) return;
        const stored: FormValues = customerValues(customer);
        setValues(stored);
        setLoaded(stored);
        setInitialOrg(organization);
        setOriginalName(customer.name);
      })
      .catch((error: unknown) => live && setRequestError(toPayload(error)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [id]);

  const issues = useMemo(() => clientIssues(values), [values]);

  /** The first message for a field: the server's (until that field changes), else the client's. */
  const messageFor = (field: string): string | undefined => {
    const server = serverIssues.find((i) => slot(i.field) === field);
    if (server) return describeIssue(t, server);
    if (!submitted && !touched.has(field)) return undefined;
    const client = issues.find((i) => slot(i.field) === field);
    return client ? describeIssue(t, client) : undefined;
  };

  const change = (field: string, patch: Partial<FormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setServerIssues((list) => list.filter((i) => slot(i.field) !== field && !slot(i.field).startsWith(`${field}.`)));
  };
  const touch = (field: string) => setTouched((s) => (s.has(field) ? s : new Set(s).add(field)));

  const save = async () => {
    setSubmitted(true);
    setRequestError(null);
    if (issues.length > 0) return;
    const { input, rowOf } = toInput(values);
    setSaving(true);
    try {
      const saved = id
        ? await invoke('customers.update', { ...input, id, changed: changedFields(toInput(loaded).input, input) })
        : await invoke('customers.create', input);
      dataChanged();
      notifications.show({
        color: 'teal',
        message: t(id ? 'form.saved' : 'form.created', { name: saved.name }),
      });
      navigate(`/customers/${saved.id}`, { replace: id === null });
    } catch (error) {
      const payload = toPayload(error);
      if (error instanceof RpcError && payload.code === 'validation' && payload.issues?.length) {
        setServerIssues(payload.issues.map((i) => ({ ...i, field: toFormField(i.field, rowOf) })));
        // Issues on fields the form does not show still need to be seen.
        const shown = new Set([
          'kind',
          'name',
          'organizationId',
          'address',
          'city',
          'tags',
          'preferredChannel',
          'description',
        ]);
        const hidden = payload.issues.filter(
          (i) => !shown.has(i.field.split('.')[0] ?? '') && !/^(phones|emails)\./.test(i.field),
        );
        setRequestError(hidden.length > 0 ? { code: 'validation', issues: hidden } : { code: 'validation' });
      } else {
        setRequestError(payload);
      }
    } finally {
      setSaving(false);
    }
  };

  useHotkeys([['mod+S', () => void save()]], []);

  const back = () => (id ? navigate(`/customers/${id}`) : history.length > 1 ? history.back() : navigate('/customers'));
  const BackIcon = dir === 'rtl' ? IconArrowRight : IconArrowLeft;

  if (loading) {
    return (
      <Group justify="center" p="xl">
        <Loader />
      </Group>
    );
  }

  return (
    <form
      className="page form-page"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Group justify="space-between" mb="md" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <ActionIcon variant="subtle" onClick={back} aria-label={t('common.back')}>
            <BackIcon size={18} />
          </ActionIcon>
          <Title order={2} size="h3">
            {id ? t('form.editTitle', { name: originalName }) : t('form.newTitle')}
          </Title>
        </Group>
        <Group gap="xs">
          <Button variant="default" onClick={back}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving}>
            {t('common.save')}
          </Button>
        </Group>
      </Group>

      {requestError && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} mb="md" role="alert" title={t('common.error')}>
          {describeError(t, requestError)}
        </Alert>
      )}

      <DuplicateWarning
        probe={{
          kind: values.kind,
          name: values.name,
          phones: values.phones.map((p) => foldDigits(p.number).trim()).filter((p) => p !== ''),
          emails: values.emails.map((e) => foldDigits(e).trim()).filter((e) => e !== ''),
          excludeId: id,
        }}
      />

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder padding="md">
          <Stack gap="sm">
            <div>
              <Text size="sm" fw={500} mb={4} id="kind-label">
                {t('field.kind')}
              </Text>
              <SegmentedControl
                aria-labelledby="kind-label"
                value={values.kind}
                onChange={(kind) => change('kind', { kind: kind as CustomerKind })}
                data={[
                  { value: 'organization', label: t('kind.organization') },
                  { value: 'person', label: t('kind.person') },
                ]}
                disabled={id !== null}
              />
            </div>
            <TextInput
              label={t('field.name')}
              required
              value={values.name}
              onChange={(e) => change('name', { name: e.currentTarget.value })}
              onBlur={() => touch('name')}
              error={messageFor('name')}
              data-autofocus
              autoFocus
            />
            {values.kind === 'person' && (
              <OrganizationSelect
                value={values.organizationId}
                initial={initialOrg}
                onChange={(organizationId) => change('organizationId', { organizationId })}
                error={messageFor('organizationId')}
              />
            )}
            <TextInput
              label={t('field.address')}
              value={values.address}
              onChange={(e) => change('address', { address: e.currentTarget.value })}
              onBlur={() => touch('address')}
              error={messageFor('address')}
            />
            <TextInput
              label={t('field.city')}
              value={values.city}
              onChange={(e) => change('city', { city: e.currentTarget.value })}
              onBlur={() => touch('city')}
              error={messageFor('city')}
            />
            <TagsInput
              label={t('field.tags')}
              placeholder={t('form.tagsPlaceholder')}
              value={values.tags}
              onChange={(tags) => {
                change('tags', { tags });
                touch('tags');
              }}
              error={messageFor('tags')}
              clearable
            />
          </Stack>
        </Card>

        <Card withBorder padding="md">
          <Stack gap="sm">
            <Text size="sm" fw={600}>
              {t('field.phones')}
            </Text>
            {values.phones.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('form.noPhones')}
              </Text>
            )}
            {values.phones.map((phone, index) => (
              <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
                <TextInput
                  className="grow"
                  aria-label={t('field.phones.item', { n: index + 1 })}
                  placeholder={t('form.phonePlaceholder')}
                  dir="ltr"
                  inputMode="tel"
                  value={phone.number}
                  onChange={(e) => {
                    const number = e.currentTarget.value;
                    change(`phones.${index}`, {
                      phones: values.phones.map((p, i) => (i === index ? { ...p, number } : p)),
                    });
                  }}
                  error={messageFor(`phones.${index}`)}
                />
                <Select
                  w={130}
                  aria-label={t('form.phoneLabel')}
                  data={PHONE_LABELS.map((label) => ({ value: label, label: t(phoneLabelKey(label)) }))}
                  value={phone.label}
                  onChange={(label) =>
                    change(`phones.${index}`, {
                      phones: values.phones.map((p, i) =>
                        i === index ? { ...p, label: (label ?? 'mobile') as PhoneLabel } : p,
                      ),
                    })
                  }
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={6}
                  aria-label={t('form.removePhone', { n: index + 1 })}
                  onClick={() => {
                    setServerIssues([]);
                    setValues((v) => ({ ...v, phones: v.phones.filter((_, i) => i !== index) }));
                  }}
                >
                  <IconX size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Button
              variant="subtle"
              size="xs"
              w="fit-content"
              leftSection={<IconPlus size={14} />}
              onClick={() => setValues((v) => ({ ...v, phones: [...v.phones, { number: '', label: 'mobile' }] }))}
            >
              {t('form.addPhone')}
            </Button>

            <Text size="sm" fw={600} mt="xs">
              {t('field.emails')}
            </Text>
            {values.emails.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('form.noEmails')}
              </Text>
            )}
            {values.emails.map((email, index) => (
              <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
                <TextInput
                  className="grow"
                  type="email"
                  dir="ltr"
                  aria-label={t('field.emails.item', { n: index + 1 })}
                  placeholder={t('form.emailPlaceholder')}
                  value={email}
                  onChange={(e) => {
                    const next = e.currentTarget.value;
                    change(`emails.${index}`, { emails: values.emails.map((x, i) => (i === index ? next : x)) });
                  }}
                  onBlur={() => touch(`emails.${index}`)}
                  error={messageFor(`emails.${index}`)}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={6}
                  aria-label={t('form.removeEmail', { n: index + 1 })}
                  onClick={() => {
                    setServerIssues([]);
                    setValues((v) => ({ ...v, emails: v.emails.filter((_, i) => i !== index) }));
                  }}
                >
                  <IconX size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Button
              variant="subtle"
              size="xs"
              w="fit-content"
              leftSection={<IconPlus size={14} />}
              onClick={() => setValues((v) => ({ ...v, emails: [...v.emails, ''] }))}
            >
              {t('form.addEmail')}
            </Button>

            <Select
              mt="xs"
              label={t('field.preferredChannel')}
              data={[
                { value: 'none', label: t('channel.none') },
                ...CONTACT_CHANNELS.map((c) => ({ value: c, label: t(channelKey(c)) })),
              ]}
              value={values.preferredChannel ?? 'none'}
              onChange={(value) =>
                change('preferredChannel', {
                  preferredChannel: !value || value === 'none' ? null : (value as ContactChannel),
                })
              }
              error={messageFor('preferredChannel')}
            />
          </Stack>
        </Card>
      </SimpleGrid>

      <Card withBorder padding="md" mt="md">
        <Textarea
          label={t('field.description')}
          autosize
          minRows={3}
          maxRows={10}
          value={values.description}
          onChange={(e) => change('description', { description: e.currentTarget.value })}
          onBlur={() => touch('description')}
          error={messageFor('description')}
        />
      </Card>
    </form>
  );
}
