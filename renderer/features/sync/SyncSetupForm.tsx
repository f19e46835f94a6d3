/**
 * Setting sync up: the shared folder (typed, or picked where the desktop app has native dialogs),
 * this device's name and its own invoice prefix. Main creates `Pishkhan-Sync/` there or joins the
 * one it finds, checks the name and prefix against the other devices, and runs a first round.
 */
import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFolder, IconPlugConnected } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import type { FieldIssue, RpcErrorPayload } from '../../../shared/errors';
import { describeIssue } from '../../../shared/i18n';
import type { SyncSetupValues } from '../../../shared/sync/sync.schema';
import { useT } from '../../app/i18n';
import { ErrorAlert } from '../../lib/alerts';
import { invoke } from '../../lib/client';
import { dataChanged } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { isolate, isolateCode, isolatePaths } from '../../lib/bidi';
import { useSync } from './sync.store';

type Field = keyof SyncSetupValues;
const FIELDS: readonly Field[] = ['folder', 'deviceName', 'seriesPrefix'];
const isFormField = (field: string): field is Field => (FIELDS as readonly string[]).includes(field);
/** Examples in hints are codes and paths: isolated, so they read the same inside Persian text. */
const FOLDER_EXAMPLES = { windows: isolate('D:\\Dropbox\\Shop'), linux: isolate('/media/usb/shop') };
const SERIES_EXAMPLES = {
  year: isolateCode('{year}'),
  here: isolateCode('A-{year}-'),
  there: isolateCode('B-{year}-'),
};

export function SyncSetupForm() {
  const t = useT();
  const [values, setValues] = useState<SyncSetupValues>({ folder: '', deviceName: '', seriesPrefix: '' });
  const [nativeDialogs, setNativeDialogs] = useState(false);
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<RpcErrorPayload | null>(null);

  useEffect(() => {
    let live = true;
    // The prefix this device already numbers invoices with is the natural first choice.
    invoke('billing.series.get', {})
      .then((series) => live && setValues((v) => (v.seriesPrefix ? v : { ...v, seriesPrefix: series.prefix })))
      .catch(() => undefined);
    invoke('backup.status', {})
      .then((status) => live && setNativeDialogs(status.capabilities.nativeDialogs))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const change = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setIssues((list) => list.filter((issue) => issue.field !== field));
  };

  const pickFolder = async () => {
    const picked = await invoke('backup.pickFolder', {});
    if (picked.path) change('folder', picked.path);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setIssues([]);
    setFailure(null);
    try {
      const status = await invoke('sync.setup', values);
      useSync.getState().set(status);
      notifications.show({
        color: 'teal',
        message: t('sync.setup.done', { folder: isolate(status.folder ?? values.folder) }),
      });
    } catch (error) {
      const payload = isolatePaths(toPayload(error));
      const onFields = (payload.issues ?? []).filter((issue) => isFormField(issue.field));
      const rest = (payload.issues ?? []).filter((issue) => !isFormField(issue.field));
      setIssues(onFields);
      // Whatever no field shows (a damaged folder, another shop) goes in the notice below.
      if (onFields.length === 0) setFailure(payload);
      else if (rest.length > 0) setFailure({ ...payload, issues: rest });
    } finally {
      setBusy(false);
      dataChanged();
    }
  };

  const errorOf = (field: Field) => {
    const issue = issues.find((i) => i.field === field);
    return issue ? describeIssue(t, issue) : undefined;
  };

  return (
    <Card withBorder padding="md" maw={760} data-testid="sync-setup">
      <Title order={3} size="h5" mb={4}>
        {t('sync.setup.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('sync.setup.explain')}
      </Text>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <TextInput
            required
            label={t('sync.setup.folder')}
            description={t('sync.setup.folderHint')}
            placeholder={t('sync.setup.folderPlaceholder', FOLDER_EXAMPLES)}
            value={values.folder}
            onChange={(e) => change('folder', e.currentTarget.value)}
            error={errorOf('folder')}
            // A typed path reads in its own direction; the empty field keeps the page's for its example.
            dir={values.folder ? 'auto' : undefined}
            data-testid="sync-folder"
            rightSectionWidth={nativeDialogs ? 96 : undefined}
            rightSection={
              nativeDialogs ? (
                <Button
                  variant="default"
                  size="compact-xs"
                  leftSection={<IconFolder size={14} />}
                  onClick={() => void pickFolder()}
                >
                  {t('backup.choose')}
                </Button>
              ) : null
            }
          />
          <TextInput
            required
            label={t('field.deviceName')}
            description={t('sync.setup.deviceNameHint')}
            placeholder={t('sync.setup.deviceNamePlaceholder')}
            value={values.deviceName}
            onChange={(e) => change('deviceName', e.currentTarget.value)}
            error={errorOf('deviceName')}
            maw={420}
            data-testid="sync-device-name"
          />
          <TextInput
            required
            label={t('field.seriesPrefix')}
            description={t('sync.setup.seriesHint', SERIES_EXAMPLES)}
            value={values.seriesPrefix}
            onChange={(e) => change('seriesPrefix', e.currentTarget.value)}
            error={errorOf('seriesPrefix')}
            dir="ltr"
            maw={420}
            data-testid="sync-series-prefix"
          />
          {failure && <ErrorAlert title={t('sync.setup.failed')} error={failure} testId="sync-setup-error" />}
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={busy}
              leftSection={<IconPlugConnected size={16} />}
              data-testid="sync-setup-run"
            >
              {t('sync.setup.run')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
