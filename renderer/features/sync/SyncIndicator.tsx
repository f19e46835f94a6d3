/**
 * Sync status in the header, always in sight: "Synced 2 minutes ago", "3 changes waiting", "Sync
 * problem" or a quiet "Sync off", with the number of open conflicts as a badge. Opens the Sync page.
 */
import { Button, Indicator, Text, Tooltip } from '@mantine/core';
import {
  IconCloudCheck,
  IconCloudExclamation,
  IconCloudOff,
  IconCloudUpload,
  type IconProps,
} from '@tabler/icons-react';
import { useEffect, useState, type ComponentType } from 'react';
import { useLocation } from 'wouter';
import { formatDateTime, formatNumber } from '../../../shared/format/format';
import type { Translator } from '../../../shared/i18n';
import type { SyncStatus } from '../../../shared/sync/sync.schema';
import { useDisplay, useT } from '../../app/i18n';
import { useDataVersion } from '../../stores/data';
import { agoText, indicatorState, type IndicatorState } from './sync.display';
import { useSync } from './sync.store';

/** "2 minutes ago" goes stale while the window is open; redraw this often. */
const REDRAW_MS = 30_000;

const LOOK: Record<IndicatorState, { icon: ComponentType<IconProps>; color: string }> = {
  off: { icon: IconCloudOff, color: 'gray' },
  never: { icon: IconCloudUpload, color: 'gray' },
  pending: { icon: IconCloudUpload, color: 'blue' },
  problem: { icon: IconCloudExclamation, color: 'orange' },
  synced: { icon: IconCloudCheck, color: 'teal' },
};

function label(t: Translator, state: IndicatorState, status: SyncStatus | null, when: string, now: number): string {
  switch (state) {
    case 'off':
      return t('sync.status.off');
    case 'never':
      return t('sync.status.never');
    case 'problem':
      return t('sync.status.problem');
    case 'pending': {
      const count = status?.pendingChanges ?? 0;
      return t(count === 1 ? 'sync.status.pendingOne' : 'sync.status.pending', { count });
    }
    case 'synced': {
      const at = status?.lastSyncAt ?? '';
      return t('sync.status.synced', { ago: agoText(t, at, now) ?? t('sync.ago.at', { date: when }) });
    }
  }
}

export function SyncIndicator() {
  const t = useT();
  const display = useDisplay();
  const [, navigate] = useLocation();
  const version = useDataVersion((s) => s.version);
  const status = useSync((s) => s.status);
  const load = useSync((s) => s.load);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    void load();
  }, [load, version]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), REDRAW_MS);
    return () => clearInterval(timer);
  }, []);

  const state = indicatorState(status);
  const { icon: Icon, color } = LOOK[state];
  const lastSync = status?.lastSyncAt ? formatDateTime(status.lastSyncAt, display) : null;
  const text = label(t, state, status, lastSync ?? '', now);
  const conflicts = status?.openConflicts ?? 0;
  const tooltip = [
    lastSync ? t('sync.status.lastSync', { when: lastSync }) : null,
    conflicts > 0 ? t('sync.status.conflicts', { count: conflicts }) : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Tooltip label={tooltip || text} disabled={!tooltip}>
      <Indicator
        label={formatNumber(conflicts, display)}
        disabled={conflicts === 0}
        color="orange"
        size={16}
        offset={4}
        data-testid="sync-conflict-badge"
      >
        <Button
          variant="subtle"
          color={color}
          size="compact-sm"
          leftSection={<Icon size={16} />}
          onClick={() => navigate('/sync')}
          aria-label={tooltip ? `${text} · ${tooltip}` : text}
          data-testid="sync-indicator"
          data-state={state}
        >
          <Text size="xs" fw={500} visibleFrom="sm" c={state === 'off' ? 'dimmed' : undefined}>
            {text}
          </Text>
        </Button>
      </Indicator>
    </Tooltip>
  );
}
