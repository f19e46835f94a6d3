/** Title, a line on what sync is, and the two views of it: status and the conflict inbox. */
import { Badge, Tabs, Text, Title } from '@mantine/core';
import { IconArrowsExchange, IconGitCompare } from '@tabler/icons-react';
import { useLocation } from 'wouter';
import { formatNumber } from '../../../shared/format/format';
import { useDisplay, useT } from '../../app/i18n';
import { useSync } from './sync.store';

export const SYNC_PATH = '/sync';
export const CONFLICTS_PATH = '/sync/conflicts';

export function SyncHeader({ active }: { active: 'status' | 'conflicts' }) {
  const t = useT();
  const display = useDisplay();
  const [, navigate] = useLocation();
  const conflicts = useSync((s) => s.status?.openConflicts ?? 0);
  return (
    <>
      <Title order={2} size="h3" mb={4}>
        {t('sync.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm" maw={900}>
        {t('sync.intro')}
      </Text>
      <Tabs
        value={active}
        onChange={(value) => navigate(value === 'conflicts' ? CONFLICTS_PATH : SYNC_PATH)}
        mb="md"
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="status" leftSection={<IconArrowsExchange size={16} />} data-testid="sync-tab-status">
            {t('sync.tab.status')}
          </Tabs.Tab>
          <Tabs.Tab
            value="conflicts"
            leftSection={<IconGitCompare size={16} />}
            rightSection={
              conflicts > 0 ? (
                <Badge size="sm" color="orange" variant="filled" circle>
                  {formatNumber(conflicts, display)}
                </Badge>
              ) : null
            }
            data-testid="sync-tab-conflicts"
          >
            {t('sync.tab.conflicts')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
    </>
  );
}
