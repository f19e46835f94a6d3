/**
 * The window: providers (theme, direction, notifications), preferences loaded at start, the
 * `<html dir lang>` kept in step with the language, and the routes inside the app shell.
 */
import { Alert, Button, Center, DirectionProvider, Loader, MantineProvider, Stack, useDirection } from '@mantine/core';
import { useColorScheme } from '@mantine/hooks';
import { Notifications, notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Redirect, Route, Router, Switch, type BaseLocationHook } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { describeError } from '../../shared/i18n';
import { AgendaPage } from '../features/agenda/AgendaPage';
import { billingRoutes } from '../features/billing/routes';
import { BackupPage } from '../features/backup/BackupPage';
import { DuplicatesPage } from '../features/duplicates/DuplicatesPage';
import { ExchangePage } from '../features/exchange/ExchangePage';
import { CustomerDetailPage } from '../features/customers/CustomerDetailPage';
import { CustomerFormPage } from '../features/customers/CustomerFormPage';
import { CustomersPage } from '../features/customers/CustomersPage';
import { LeadFormPage } from '../features/pipeline/LeadFormPage';
import { LeadsPage } from '../features/pipeline/LeadsPage';
import { OpportunityPage } from '../features/pipeline/OpportunityPage';
import { PipelinePage } from '../features/pipeline/PipelinePage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { ConflictsPage } from '../features/sync/ConflictsPage';
import { SyncPage } from '../features/sync/SyncPage';
import { TrashPage } from '../features/trash/TrashPage';
import { onEvent } from '../lib/client';
import { dataChanged } from '../stores/data';
import { usePreferences } from '../stores/preferences';
import { useT } from './i18n';
import { Shell } from './Shell';
import { theme } from './theme';

function DirectionSync({ dir }: { dir: 'ltr' | 'rtl' }) {
  const { setDirection } = useDirection();
  useEffect(() => setDirection(dir), [dir, setDirection]);
  return null;
}

function Routes() {
  return (
    <Switch>
      <Route path="/customers" component={CustomersPage} />
      <Route path="/customers/new">{() => <CustomerFormPage id={null} />}</Route>
      <Route path="/customers/:id/edit">{(params) => <CustomerFormPage id={params.id} key={params.id} />}</Route>
      <Route path="/customers/:id">{(params) => <CustomerDetailPage id={params.id} key={params.id} />}</Route>
      <Route path="/agenda" component={AgendaPage} />
      <Route path="/leads" component={LeadsPage} />
      <Route path="/leads/new">{() => <LeadFormPage id={null} />}</Route>
      <Route path="/leads/:id">{(params) => <LeadFormPage id={params.id} key={params.id} />}</Route>
      <Route path="/pipeline" component={PipelinePage} />
      <Route path="/pipeline/opportunities/:id">{(params) => <OpportunityPage id={params.id} key={params.id} />}</Route>
      <Route path="/duplicates" component={DuplicatesPage} />
      <Route path="/trash" component={TrashPage} />
      <Route path="/settings" component={SettingsPage} />
      <Route path="/backup" component={BackupPage} />
      <Route path="/sync" component={SyncPage} />
      <Route path="/sync/conflicts" component={ConflictsPage} />
      <Route path="/exchange" component={ExchangePage} />
      {billingRoutes}
      <Route>
        <Redirect to="/customers" replace />
      </Route>
    </Switch>
  );
}

function Body() {
  const t = useT();
  const status = usePreferences((s) => s.status);
  const error = usePreferences((s) => s.error);
  const load = usePreferences((s) => s.load);
  if (status === 'failed' && error) {
    return (
      <Center h="100dvh" p="xl">
        <Alert color="red" icon={<IconAlertTriangle />} title={t('app.loadFailed')} maw={520}>
          <Stack>
            {describeError(t, error)}
            <Button variant="light" color="red" onClick={() => void load()} w="fit-content">
              {t('common.retry')}
            </Button>
          </Stack>
        </Alert>
      </Center>
    );
  }
  if (status !== 'ready') {
    return (
      <Center h="100dvh" aria-label={t('app.loading')}>
        <Loader />
      </Center>
    );
  }
  return (
    <Shell>
      <Routes />
    </Shell>
  );
}

export interface AppProps {
  /** Routing hook; the window uses the hash, tests pass a memory location. */
  locationHook?: BaseLocationHook;
  /** `test` turns off transitions and portals (jsdom). */
  mantineEnv?: 'default' | 'test';
}

export function App({ locationHook = useHashLocation, mantineEnv = 'default' }: AppProps) {
  const language = usePreferences((s) => s.preferences.language);
  const themePreference = usePreferences((s) => s.preferences.theme);
  const status = usePreferences((s) => s.status);
  const load = usePreferences((s) => s.load);
  const system = useColorScheme('light');
  const dir = language === 'fa' ? 'rtl' : 'ltr';
  const scheme = themePreference === 'auto' ? system : themePreference;

  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);

  useEffect(() => {
    document.documentElement.dir = dir;
    document.documentElement.lang = language;
  }, [dir, language]);

  useEffect(() => onEvent('data.changed', () => dataChanged()), []);

  // Notifications hold text in the language they were shown in; drop them when it changes.
  useEffect(() => () => notifications.clean(), [language]);

  return (
    <DirectionProvider initialDirection={dir} detectDirection={false}>
      <MantineProvider theme={theme} forceColorScheme={scheme} env={mantineEnv}>
        <DirectionSync dir={dir} />
        <Notifications position={dir === 'rtl' ? 'bottom-left' : 'bottom-right'} />
        <Router hook={locationHook}>
          <Body />
        </Router>
      </MantineProvider>
    </DirectionProvider>
  );
}
