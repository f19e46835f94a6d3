/** Settings → business profile (shared by the shop's devices) and this device's invoice number prefix. */
import {
  Alert,
  Button,
  Group,
  Image,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { changedFields } from '../../../shared/changed-fields';
import type { BusinessProfile } from '../../../shared/documents/printable';
import { formatRate } from '../../../shared/billing/format';
import type { RpcErrorPayload } from '../../../shared/errors';
import { describeError, describeIssue } from '../../../shared/i18n';
import { parseAmount } from '../../../shared/money/money';
import { useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { dataChanged } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { useBillingProfile } from './billing.store';

/** Logos are embedded in every PDF; keep them small. */
const MAX_LOGO_BYTES = 256 * 1024;

export function BusinessProfilePage() {
  const t = useT();
  const setStored = useBillingProfile((s) => s.set);
  const [profile, setProfile] = useState<BusinessProfile | null>(null);
  // The profile as loaded (or last saved): a save sends only the fields that differ from it.
  const [loaded, setLoaded] = useState<BusinessProfile | null>(null);
  const [tax, setTax] = useState('');
  const [prefix, setPrefix] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [seriesError, setSeriesError] = useState<RpcErrorPayload | null>(null);
  const [logoError, setLogoError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    invoke('billing.profile.get', {})
      .then((p) => {
        setProfile(p);
        setLoaded(p);
        setTax(formatRate(p.defaultTaxBasisPoints, { language: 'en', digits: 'latin' }));
      })
      .catch((e: unknown) => setError(toPayload(e)));
    invoke('billing.series.get', {})
      .then((s) => {
        setPrefix(s.prefix);
        setNext(s.next);
      })
      .catch((e: unknown) => setSeriesError(toPayload(e)));
  }, []);

  if (!profile) {
    return <div className="page">{error && <Alert color="red">{describeError(t, error)}</Alert>}</div>;
  }
  const issues: Record<string, string> = {};
  for (const issue of error?.issues ?? []) issues[issue.field] ??= describeIssue(t, issue);

  const pickLogo = (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_LOGO_BYTES) {
      setLogoError(t('billing.profile.logoTooLarge', { max: MAX_LOGO_BYTES / 1024 }));
      return;
    }
    setLogoError(null);
    const reader = new FileReader();
    reader.onload = () => setProfile({ ...profile, logoDataUrl: String(reader.result) });
    reader.readAsDataURL(file);
  };

  const save = async () => {
    const bp = tax.trim() ? parseAmount(tax, 2) : 0;
    if (bp === null) {
      setError({ code: 'validation', issues: [{ field: 'defaultTaxBasisPoints', code: 'invalid' }] });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const edited = { ...profile, defaultTaxBasisPoints: bp };
      const saved = await invoke('billing.profile.update', {
        ...edited,
        ...(loaded ? { changed: changedFields(loaded, edited) } : {}),
      });
      setLoaded(edited);
      setStored(saved);
      notifications.show({ message: t('billing.profile.saved') });
      dataChanged();
    } catch (e) {
      setError(toPayload(e));
    } finally {
      setSaving(false);
    }
  };

  const saveSeries = async () => {
    setSeriesError(null);
    try {
      const s = await invoke('billing.series.update', { prefix });
      setNext(s.next);
      notifications.show({ message: t('billing.series.saved') });
    } catch (e) {
      setSeriesError(toPayload(e));
    }
  };

  const field = (key: 'name' | 'address' | 'phone' | 'taxCode') => ({
    value: profile[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setProfile({ ...profile, [key]: e.currentTarget.value }),
    error: issues[key],
  });

  return (
    <div className="page">
      <Stack gap="md" maw={760}>
        <Title order={2} size="h3">
          {t('billing.profile.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('billing.profile.hint')}
        </Text>
        {error && !error.issues?.length && <Alert color="red">{describeError(t, error)}</Alert>}
        <Paper withBorder p="md">
          <Stack>
            <TextInput label={t('field.name')} {...field('name')} data-testid="profile-name" />
            <TextInput label={t('field.address')} {...field('address')} data-testid="profile-address" />
            <Group grow>
              <TextInput label={t('field.phone')} {...field('phone')} data-testid="profile-phone" />
              <TextInput label={t('field.taxCode')} {...field('taxCode')} data-testid="profile-tax-code" />
            </Group>
            <Group align="center" gap="md">
              {profile.logoDataUrl ? (
                <Image src={profile.logoDataUrl} alt={t('field.logoDataUrl')} h={56} w="auto" fit="contain" />
              ) : (
                <Text size="sm" c="dimmed">
                  {t('billing.profile.logoNone')}
                </Text>
              )}
              <Button component="label" variant="default" size="xs">
                {t('billing.profile.logoPick')}
                <input
                  type="file"
                  hidden
                  accept="image/png,image/jpeg,image/svg+xml"
                  onChange={(e) => pickLogo(e.currentTarget.files?.[0])}
                  data-testid="profile-logo"
                />
              </Button>
              {profile.logoDataUrl && (
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  onClick={() => setProfile({ ...profile, logoDataUrl: null })}
                >
                  {t('billing.profile.logoRemove')}
                </Button>
              )}
            </Group>
            {(logoError ?? issues.logoDataUrl) && (
              <Text c="red" size="sm" role="alert">
                {logoError ?? issues.logoDataUrl}
              </Text>
            )}
            <Group grow align="flex-start">
              <Select
                label={t('field.defaultCurrency')}
                data={['IRR', 'USD', 'EUR', 'AED', 'TRY']}
                value={profile.defaultCurrency}
                allowDeselect={false}
                onChange={(v) => v && setProfile({ ...profile, defaultCurrency: v })}
              />
              <TextInput
                label={t('field.defaultTaxBasisPoints')}
                value={tax}
                onChange={(e) => setTax(e.currentTarget.value)}
                rightSection="%"
                error={issues.defaultTaxBasisPoints}
                data-testid="profile-tax"
              />
            </Group>
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('field.rialDisplay')}
              </Text>
              <SegmentedControl
                w="fit-content"
                value={profile.rialDisplay}
                onChange={(v) => setProfile({ ...profile, rialDisplay: v === 'toman' ? 'toman' : 'rial' })}
                data={[
                  { value: 'rial', label: t('billing.profile.rial') },
                  { value: 'toman', label: t('billing.profile.toman') },
                ]}
                data-testid="profile-rial-display"
              />
            </Stack>
            <Textarea
              label={t('field.footer')}
              value={profile.footer}
              autosize
              minRows={2}
              onChange={(e) => setProfile({ ...profile, footer: e.currentTarget.value })}
              error={issues.footer}
              data-testid="profile-footer"
            />
            <Group>
              <Button onClick={() => void save()} loading={saving} data-testid="save-profile">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('billing.series.title')}
            </Title>
            <Group align="flex-end">
              <TextInput
                label={t('field.prefix')}
                value={prefix}
                onChange={(e) => setPrefix(e.currentTarget.value)}
                dir="ltr"
                w={220}
                error={seriesError?.issues?.[0] ? describeIssue(t, seriesError.issues[0]) : undefined}
                data-testid="series-prefix"
              />
              <Button variant="default" onClick={() => void saveSeries()} data-testid="save-series">
                {t('common.save')}
              </Button>
            </Group>
            <Text size="sm" data-testid="series-next">
              {t('billing.series.next', { number: next })}
            </Text>
            <Text size="xs" c="dimmed">
              {t('billing.series.hint', { year: '{year}' })}
            </Text>
          </Stack>
        </Paper>
      </Stack>
    </div>
  );
}
