/** Settings: language, calendar, digits, theme, phone region; and facts about this installation. */
import { Card, Code, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { getCountries } from 'libphonenumber-js/max';
import { useMemo, type ReactNode } from 'react';
import { formatDate, formatNumber, localizeDigits } from '../../../shared/format/format';
import type { PreferencesPatch } from '../../../shared/preferences';
import { useDisplay, useT } from '../../app/i18n';
import { usePreferences } from '../../stores/preferences';
import { showError } from '../../lib/undo';

function Setting({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  const id = `setting-${label}`;
  return (
    <div className="setting-row">
      <div>
        <Text size="sm" fw={500} id={id}>
          {label}
        </Text>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
      </div>
      <div aria-labelledby={id} role="group">
        {children}
      </div>
    </div>
  );
}

export function SettingsPage() {
  const t = useT();
  const display = useDisplay();
  const preferences = usePreferences((s) => s.preferences);
  const info = usePreferences((s) => s.info);
  const update = usePreferences((s) => s.update);

  const save = (patch: PreferencesPatch) => update(patch).catch((error: unknown) => showError(t, error));

  const countries = useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([preferences.language], { type: 'region' });
    } catch {
      names = null;
    }
    const collator = new Intl.Collator(preferences.language);
    return getCountries()
      .map((code) => ({ value: code, label: `${names?.of(code) ?? code} (${code})` }))
      .sort((a, b) => collator.compare(a.label, b.label));
  }, [preferences.language]);

  const now = useMemo(() => new Date().toISOString(), []);

  return (
    <div className="page settings-page">
      <Title order={2} size="h3" mb="md">
        {t('settings.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Card withBorder padding="md">
          <Title order={3} size="h5">
            {t('settings.display')}
          </Title>
          <Text size="xs" c="dimmed" mb="md">
            {t('settings.displayHint')}
          </Text>
          <Stack gap="md">
            <Setting label={t('field.language')}>
              <SegmentedControl
                value={preferences.language}
                onChange={(language) => void save({ language: language as 'en' | 'fa' })}
                data={[
                  { value: 'en', label: t('settings.language.en') },
                  { value: 'fa', label: t('settings.language.fa') },
                ]}
              />
            </Setting>
            <Setting label={t('field.calendar')}>
              <SegmentedControl
                value={preferences.calendar}
                onChange={(calendar) => void save({ calendar: calendar as 'gregorian' | 'jalali' })}
                data={[
                  { value: 'gregorian', label: t('settings.calendar.gregorian') },
                  { value: 'jalali', label: t('settings.calendar.jalali') },
                ]}
              />
            </Setting>
            <Setting label={t('field.digits')}>
              <SegmentedControl
                value={preferences.digits}
                onChange={(digits) => void save({ digits: digits as 'latin' | 'persian' })}
                data={[
                  { value: 'latin', label: t('settings.digits.latin') },
                  { value: 'persian', label: t('settings.digits.persian') },
                ]}
              />
            </Setting>
            <Setting label={t('field.theme')}>
              <SegmentedControl
                value={preferences.theme}
                onChange={(theme) => void save({ theme: theme as 'light' | 'dark' | 'auto' })}
                data={[
                  { value: 'light', label: t('settings.theme.light') },
                  { value: 'dark', label: t('settings.theme.dark') },
                  { value: 'auto', label: t('settings.theme.auto') },
                ]}
              />
            </Setting>
            <Setting label={t('field.phoneRegion')} hint={t('settings.phoneRegionHint')}>
              <Select
                w={260}
                searchable
                aria-label={t('field.phoneRegion')}
                data={countries}
                value={preferences.phoneRegion}
                onChange={(phoneRegion) => phoneRegion && void save({ phoneRegion })}
              />
            </Setting>
            <Text size="sm" c="dimmed" data-testid="settings-preview">
              {t('settings.preview', {
                date: formatDate(now, display),
                number: localizeDigits(formatNumber(1234567, display), display.digits),
              })}
            </Text>
          </Stack>
        </Card>

        <Card withBorder padding="md">
          <Title order={3} size="h5" mb="md">
            {t('settings.about')}
          </Title>
          {info && (
            <Table verticalSpacing={6} layout="fixed" className="facts">
              <Table.Tbody>
                {(
                  [
                    ['settings.version', info.version],
                    ['settings.dataDir', info.dataDir],
                    ['settings.databaseFile', info.databaseFile],
                    ['settings.deviceId', info.deviceId],
                    ['settings.schemaVersion', formatNumber(info.schemaVersion, display)],
                  ] as const
                ).map(([key, value]) => (
                  <Table.Tr key={key}>
                    <Table.Th className="fact-label">{t(key)}</Table.Th>
                    <Table.Td>
                      <Code className="info-value" dir="ltr">
                        {value}
                      </Code>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </SimpleGrid>
    </div>
  );
}
