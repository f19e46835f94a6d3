/**
 * The activity form (a modal, opened from anywhere through useActivityDialog): type, subject,
 * person, date in the chosen calendar plus a time, duration, status, outcome, reminder and
 * repeats. Messages appear under each field, from the shared schema at once and from main on save.
 */
import {
  Alert,
  Button,
  Checkbox,
  CloseButton,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  ACTIVITY_TYPES,
  RECURRENCES,
  activityInputSchema,
  type Activity,
  type ActivityInput,
  type ActivityStatus,
  type ActivityType,
  type Recurrence,
} from '../../../shared/activities/activity.schema';
import { localDateOf, localTimeOf, zonedTimeToUtc, type LocalDate } from '../../../shared/calendar/calendar';
import { changedFields } from '../../../shared/changed-fields';
import type { FieldIssue, RpcErrorPayload } from '../../../shared/errors';
import { localizeDigits, parseInteger } from '../../../shared/format/format';
import { describeError, describeIssue, type Translator } from '../../../shared/i18n';
import { foldDigits } from '../../../shared/text/normalize';
import { toFieldIssues } from '../../../shared/validation';
import { useT } from '../../app/i18n';
import { ACTIVITY_ICONS, localTimeZone, today } from '../../lib/activities';
import { invoke, RpcError } from '../../lib/client';
import { dataChanged } from '../../stores/data';
import { toPayload, usePreferences } from '../../stores/preferences';
import { DatePickerButton } from './DatePicker';
import { useActivityDialog, type ActivityDialogOptions } from './dialog.store';

export const REMINDERS = ['none', '0', '15', '60', '1440'] as const;
export type ReminderChoice = (typeof REMINDERS)[number];

export interface ActivityFormValues {
  type: ActivityType;
  subject: string;
  description: string;
  personId: string | null;
  date: LocalDate | null;
  time: string;
  allDay: boolean;
  duration: string;
  status: ActivityStatus;
  outcome: string;
  reminder: ReminderChoice;
  recurrence: Recurrence | null;
}

function nowTime(): string {
  return localTimeOf(new Date().toISOString(), localTimeZone());
}

export function initialValues(options: ActivityDialogOptions): ActivityFormValues {
  const a = options.activity;
  const zone = localTimeZone();
  if (a) {
    let reminder: ReminderChoice = 'none';
    if (a.remindAt && a.dueAt) {
      const minutes = Math.round((Date.parse(a.dueAt) - Date.parse(a.remindAt)) / 60_000);
      reminder = REMINDERS.find((r) => r !== 'none' && Number(r) === minutes) ?? '0';
    }
    return {
      type: a.type,
      subject: a.subject,
      description: a.description,
      personId: a.personId,
      date: a.dueAt ? localDateOf(a.dueAt, zone) : null,
      time: a.dueAt && !a.allDay ? localTimeOf(a.dueAt, zone) : nowTime(),
      allDay: a.allDay,
      duration: a.durationMinutes === null ? '' : String(a.durationMinutes),
      status: a.status,
      outcome: a.outcome,
      reminder,
      recurrence: a.recurrence,
    };
  }
  const preset = options.preset ?? {};
  return {
    type: preset.type ?? 'call',
    subject: preset.subject ?? '',
    description: '',
    personId: null,
    date: today(zone),
    time: nowTime(),
    allDay: false,
    duration: '',
    status: preset.status ?? 'planned',
    outcome: '',
    reminder: 'none',
    recurrence: null,
  };
}

/** The form's values as the contract's input, plus problems only the form can see (time, duration). */
export function toActivityInput(
  values: ActivityFormValues,
  customerId: string,
  timeZone: string,
  /** The instant to use when date and time were left at "now" (a call logged as it ends). */
  now?: { date: LocalDate; time: string; at: string },
): { input: ActivityInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  let dueAt: string | null = null;
  if (values.date) {
    let time = '00:00';
    if (!values.allDay) {
      const match = /^(\d{1,2}):(\d{2})$/.exec(foldDigits(values.time).trim());
      const hour = Number(match?.[1]);
      const minute = Number(match?.[2]);
      if (!match || hour > 23 || minute > 59) issues.push({ field: 'time', code: 'invalid' });
      else time = `${String(hour).padStart(2, '0')}:${match[2]}`;
    }
    dueAt =
      now && !values.allDay && values.date === now.date && foldDigits(values.time) === foldDigits(now.time)
        ? now.at
        : zonedTimeToUtc(values.date, time, timeZone);
  }
  let durationMinutes: number | null = null;
  if (values.duration.trim() !== '') {
    durationMinutes = parseInteger(values.duration);
    if (durationMinutes === null) {
      issues.push({ field: 'durationMinutes', code: 'invalid' });
    }
  }
  const remindAt =
    dueAt && values.reminder !== 'none' && values.status === 'planned'
      ? new Date(Date.parse(dueAt) - Number(values.reminder) * 60_000).toISOString()
      : null;
  const input: ActivityInput = {
    type: values.type,
    subject: values.subject,
    description: values.description,
    customerId,
    personId: values.personId,
    dueAt,
    allDay: values.allDay,
    durationMinutes,
    status: values.status,
    outcome: values.status === 'done' ? values.outcome : '',
    remindAt,
    recurrence: values.type === 'task' ? values.recurrence : null,
    timeZone,
  };
  const parsed = activityInputSchema.safeParse(input);
  if (!parsed.success) issues.push(...toFieldIssues(parsed.error, input));
  return { input, issues };
}

const SHOWN = new Set([
  'type',
  'subject',
  'description',
  'personId',
  'dueAt',
  'time',
  'allDay',
  'durationMinutes',
  'status',
  'outcome',
  'remindAt',
  'recurrence',
]);

/** "Call with Sara" — the subject "log call" starts with. */
export function defaultSubject(t: Translator, type: ActivityType, name: string): string {
  return t(`activity.defaultSubject.${type}`, { name });
}

function Field({ label, error, children }: { label: string; error?: string | undefined; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        {label}
      </Text>
      {children}
      {error && (
        <Text size="xs" c="red" mt={4} role="alert">
          {error}
        </Text>
      )}
    </div>
  );
}

function ActivityFormBody({ options }: { options: ActivityDialogOptions }) {
  const t = useT();
  const close = useActivityDialog((s) => s.close);
  const digits = usePreferences((s) => s.preferences.digits);
  const [values, setValues] = useState<ActivityFormValues>(() => {
    const start = initialValues(options);
    return { ...start, time: localizeDigits(start.time, digits) };
  });
  const [people, setPeople] = useState<{ value: string; label: string }[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const [requestError, setRequestError] = useState<RpcErrorPayload | null>(null);
  const editing = options.activity ?? null;
  const zone = localTimeZone();

  useEffect(() => {
    let live = true;
    invoke('customers.get', { id: options.customerId })
      .then((detail) => live && setPeople(detail.people.map((p) => ({ value: p.id, label: p.name }))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [options.customerId]);

  // A new activity left at the time the form opened happens "now", to the second, so it sorts
  // after whatever was written a moment before.
  const [opened] = useState(() => {
    const start = initialValues(options);
    return { date: start.date ?? '', time: start.time, at: new Date().toISOString() };
  });
  // The activity as the form opened it: the update sends only the fields that differ from it.
  const [loaded] = useState(
    () => toActivityInput(initialValues(options), options.customerId, localTimeZone(), undefined).input,
  );
  const { input, issues } = useMemo(
    () => toActivityInput(values, options.customerId, zone, editing ? undefined : opened),
    [values, options.customerId, zone, editing, opened],
  );
  const messageFor = (field: string): string | undefined => {
    const server = serverIssues.find((i) => i.field === field);
    if (server) return describeIssue(t, server);
    if (!submitted) return undefined;
    const client = issues.find((i) => i.field === field);
    if (!client) return undefined;
    return field === 'time' ? t('activity.badTime') : describeIssue(t, client);
  };
  const change = (patch: Partial<ActivityFormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    const fields = Object.keys(patch);
    setServerIssues((list) =>
      list.filter((i) => !fields.includes(i.field) && !(i.field === 'dueAt' && ('date' in patch || 'time' in patch))),
    );
  };

  const save = async () => {
    setSubmitted(true);
    setRequestError(null);
    if (issues.length > 0) return;
    setSaving(true);
    try {
      const saved: Activity = editing
        ? await invoke('activities.update', { ...input, id: editing.id, changed: changedFields(loaded, input) })
        : await invoke('activities.create', input);
      dataChanged();
      notifications.show({
        color: 'teal',
        message: t(editing ? 'activity.saved' : saved.status === 'done' ? 'activity.logged' : 'activity.created', {
          subject: saved.subject,
        }),
      });
      close();
    } catch (error) {
      const payload = toPayload(error);
      if (error instanceof RpcError && payload.code === 'validation' && payload.issues?.length) {
        setServerIssues(payload.issues);
        const hidden = payload.issues.filter((i) => !SHOWN.has(i.field.split('.')[0] ?? ''));
        setRequestError(hidden.length > 0 ? { code: 'validation', issues: hidden } : { code: 'validation' });
      } else {
        setRequestError(payload);
      }
    } finally {
      setSaving(false);
    }
  };

  const hasDate = values.date !== null;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <Stack gap="sm">
        {requestError && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" title={t('common.error')}>
            {describeError(t, requestError)}
          </Alert>
        )}
        <Field label={t('field.type')} error={messageFor('type')}>
          <SegmentedControl
            fullWidth
            aria-label={t('field.type')}
            value={values.type}
            onChange={(type) => {
              const next = type as ActivityType;
              const wasDefault = values.subject === defaultSubject(t, values.type, options.customerName);
              change({
                type: next,
                recurrence: next === 'task' ? values.recurrence : null,
                ...(wasDefault ? { subject: defaultSubject(t, next, options.customerName) } : {}),
              });
            }}
            data={ACTIVITY_TYPES.map((type) => {
              const Icon = ACTIVITY_ICONS[type];
              return {
                value: type,
                label: (
                  <Group gap={4} wrap="nowrap" justify="center">
                    <Icon size={14} />
                    <span>{t(`activity.type.${type}`)}</span>
                  </Group>
                ),
              };
            })}
          />
        </Field>
        <TextInput
          label={t('field.subject')}
          required
          value={values.subject}
          onChange={(e) => change({ subject: e.currentTarget.value })}
          error={messageFor('subject')}
          data-autofocus
        />
        <SimpleGrid cols={2} spacing="sm">
          <Field label={t('field.status')} error={messageFor('status')}>
            <SegmentedControl
              fullWidth
              aria-label={t('field.status')}
              value={values.status}
              onChange={(status) => change({ status: status as ActivityStatus })}
              data={(editing ? (['planned', 'done', 'cancelled'] as const) : (['planned', 'done'] as const)).map(
                (s) => ({ value: s, label: t(`activity.status.${s}`) }),
              )}
            />
          </Field>
          {people.length > 0 ? (
            <Select
              label={t('field.personId')}
              placeholder={t('activity.anyPerson')}
              data={people}
              value={values.personId}
              onChange={(personId) => change({ personId })}
              clearable
              searchable
              error={messageFor('personId')}
            />
          ) : (
            <div />
          )}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Field label={t('activity.date')} error={messageFor('dueAt')}>
            <Group gap={4} wrap="nowrap">
              <DatePickerButton
                label={t('activity.date')}
                value={values.date}
                onChange={(date) => change({ date })}
                error={messageFor('dueAt')}
                testId="activity-date"
              />
              {hasDate && (
                <CloseButton
                  size="sm"
                  aria-label={t('activity.clearDate')}
                  onClick={() => change({ date: null, reminder: 'none' })}
                />
              )}
            </Group>
          </Field>
          <TextInput
            label={t('activity.time')}
            dir="ltr"
            placeholder="HH:MM"
            value={values.time}
            disabled={!hasDate || values.allDay}
            onChange={(e) => change({ time: e.currentTarget.value })}
            error={messageFor('time')}
          />
          <TextInput
            label={t('field.durationMinutes')}
            inputMode="numeric"
            value={values.duration}
            onChange={(e) => change({ duration: e.currentTarget.value })}
            error={messageFor('durationMinutes')}
          />
        </SimpleGrid>
        <Checkbox
          label={t('field.allDay')}
          checked={values.allDay}
          disabled={!hasDate}
          onChange={(e) => change({ allDay: e.currentTarget.checked })}
        />
        <SimpleGrid cols={2} spacing="sm">
          <Select
            label={t('field.remindAt')}
            data={REMINDERS.map((r) => ({ value: r, label: t(`activity.reminder.${r}`) }))}
            value={values.reminder}
            allowDeselect={false}
            disabled={!hasDate || values.status !== 'planned'}
            onChange={(r) => change({ reminder: (r ?? 'none') as ReminderChoice })}
            error={messageFor('remindAt')}
          />
          {values.type === 'task' ? (
            <Select
              label={t('field.recurrence')}
              data={[
                { value: 'none', label: t('activity.repeat.none') },
                ...RECURRENCES.map((r) => ({ value: r, label: t(`activity.repeat.${r}`) })),
              ]}
              value={values.recurrence ?? 'none'}
              allowDeselect={false}
              onChange={(r) => change({ recurrence: !r || r === 'none' ? null : (r as Recurrence) })}
              error={messageFor('recurrence')}
            />
          ) : (
            <div />
          )}
        </SimpleGrid>
        {values.status === 'done' && (
          <Textarea
            label={t('field.outcome')}
            autosize
            minRows={2}
            maxRows={6}
            value={values.outcome}
            onChange={(e) => change({ outcome: e.currentTarget.value })}
            error={messageFor('outcome')}
          />
        )}
        <Textarea
          label={t('field.description')}
          autosize
          minRows={2}
          maxRows={8}
          value={values.description}
          onChange={(e) => change({ description: e.currentTarget.value })}
          error={messageFor('description')}
        />
        <Group justify="space-between" mt="xs">
          <Text size="xs" c="dimmed">
            {t('activity.formHint')}
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t('common.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** Mounted once in the shell; shows the form the store asks for. */
export function ActivityDialog() {
  const t = useT();
  const options = useActivityDialog((s) => s.options);
  const serial = useActivityDialog((s) => s.serial);
  const close = useActivityDialog((s) => s.close);
  const title = options?.activity
    ? t('activity.editTitle')
    : options?.preset?.status === 'done'
      ? t('activity.logTitle', { name: options.customerName })
      : t('activity.newTitle', { name: options?.customerName ?? '' });
  return (
    <Modal opened={options !== null} onClose={close} title={title} size="lg" centered>
      {options && <ActivityFormBody options={options} key={serial} />}
    </Modal>
  );
}
