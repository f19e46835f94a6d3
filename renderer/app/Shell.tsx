import {
  ActionIcon,
  AppShell,
  Burger,
  Button,
  Group,
  Kbd,
  NavLink,
  Text,
  Tooltip,
  useComputedColorScheme,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import {
  IconCalendarEvent,
  IconLayoutKanban,
  IconUserPlus,
  IconArrowsExchange,
  IconCopy,
  IconDatabaseExport,
  IconFileImport,
  IconMoon,
  IconSearch,
  IconSettings,
  IconSun,
  IconTrash,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { MessageKey } from '../../shared/i18n';
import { ActivityDialog } from '../features/activities/ActivityForm';
import { NotificationCenter } from '../features/reminders/NotificationCenter';
import { GlobalSearch } from '../features/search/GlobalSearch';
import { BILLING_NAV } from '../features/billing/routes';
import { useGlobalSearch } from '../features/search/search.store';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { usePreferences } from '../stores/preferences';
import { useT } from './i18n';

const NAV: { path: string; label: MessageKey; icon: ReactNode }[] = [
  { path: '/customers', label: 'nav.customers', icon: <IconUsers size={18} stroke={1.6} /> },
  { path: '/agenda', label: 'nav.agenda', icon: <IconCalendarEvent size={18} stroke={1.6} /> },
  { path: '/leads', label: 'nav.leads', icon: <IconUserPlus size={18} stroke={1.6} /> },
  { path: '/pipeline', label: 'nav.pipeline', icon: <IconLayoutKanban size={18} stroke={1.6} /> },
  { path: '/duplicates', label: 'nav.duplicates', icon: <IconCopy size={18} stroke={1.6} /> },
  ...BILLING_NAV,
  { path: '/trash', label: 'nav.trash', icon: <IconTrash size={18} stroke={1.6} /> },
  { path: '/backup', label: 'backup.nav', icon: <IconDatabaseExport size={18} stroke={1.6} /> },
  { path: '/sync', label: 'sync.nav', icon: <IconArrowsExchange size={18} stroke={1.6} /> },
  { path: '/exchange', label: 'exchange.nav', icon: <IconFileImport size={18} stroke={1.6} /> },
  { path: '/settings', label: 'nav.settings', icon: <IconSettings size={18} stroke={1.6} /> },
];

/**
 * The navigation entry for a location: the longest path that is the location or a folder of it,
 * so /settings/business lights up "Business profile" only, not "Settings" as well.
 */
export function activeNavPath(location: string, paths: readonly string[]): string | null {
  let best: string | null = null;
  for (const path of paths) {
    const matches = location === path || location.startsWith(`${path}/`);
    if (matches && (best === null || path.length > best.length)) best = path;
  }
  return best;
}

export function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  const [location, navigate] = useLocation();
  const [opened, { toggle }] = useDisclosure(true);
  const scheme = useComputedColorScheme('light');
  const language = usePreferences((s) => s.preferences.language);
  const activePath = activeNavPath(
    location,
    NAV.map((item) => item.path),
  );
  const update = usePreferences((s) => s.update);

  const openSearch = useGlobalSearch((s) => s.open);
  const mac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

  useHotkeys(
    [
      ['mod+N', () => navigate('/customers/new')],
      ['mod+K', () => openSearch()],
    ],
    [],
  );

  return (
    <AppShell
      header={{ height: 48 }}
      navbar={{ width: 200, breakpoint: 0, collapsed: { desktop: !opened, mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} size="sm" aria-label={t('nav.toggleSidebar')} />
            <Text fw={700} size="lg" c="teal.7" className="app-brand">
              {t('app.name')}
            </Text>
            <Text size="xs" c="dimmed" visibleFrom="sm">
              {t('app.tagline')}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <SyncIndicator />
            <Button
              variant="default"
              size="compact-md"
              leftSection={<IconSearch size={15} />}
              rightSection={<Kbd size="xs">{mac ? '⌘K' : 'Ctrl+K'}</Kbd>}
              onClick={() => openSearch()}
              aria-label={t('search.title')}
              data-testid="search-button"
              className="search-button"
            >
              <Text size="xs" c="dimmed" visibleFrom="sm">
                {t('search.button')}
              </Text>
            </Button>
            <NotificationCenter />
            <Tooltip label={t('field.language')}>
              <ActionIcon
                variant="default"
                size="md"
                w="auto"
                px={8}
                onClick={() => void update({ language: language === 'fa' ? 'en' : 'fa' })}
                aria-label={t('field.language')}
              >
                <Text size="xs" fw={600}>
                  {language === 'fa' ? 'EN' : 'فا'}
                </Text>
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('field.theme')}>
              <ActionIcon
                variant="default"
                size="md"
                onClick={() => void update({ theme: scheme === 'dark' ? 'light' : 'dark' })}
                aria-label={t('field.theme')}
              >
                {scheme === 'dark' ? <IconSun size={16} /> : <IconMoon size={16} />}
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {NAV.map((item) => (
          <NavLink
            key={item.path}
            component={Link}
            href={item.path}
            label={t(item.label)}
            leftSection={item.icon}
            active={item.path === activePath}
            variant="light"
            className="nav-link"
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main className="app-main">{children}</AppShell.Main>
      <ActivityDialog />
      <GlobalSearch />
    </AppShell>
  );
}
