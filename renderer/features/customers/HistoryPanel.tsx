/** History: who changed what and when, old → new in readable form. */
import { Group, Stack, Text, Timeline } from '@mantine/core';
import { IconArrowBackUp, IconArrowMerge, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Phone } from '../../../shared/customers/customer.schema';
import { formatDateTime, type DisplayOptions } from '../../../shared/format/format';
import type { HistoryEntry } from '../../../shared/history';
import { fieldLabel, isMessageKey, type Translator } from '../../../shared/i18n';
import { useDisplay, usePhoneRegion, useT } from '../../app/i18n';
import { phoneText, userName } from '../../lib/display';

const ICONS: Record<HistoryEntry['action'], ReactNode> = {
  created: <IconPlus size={12} />,
  updated: <IconPencil size={12} />,
  deleted: <IconTrash size={12} />,
  restored: <IconArrowBackUp size={12} />,
  merged: <IconArrowMerge size={12} />,
};

const isPhone = (value: unknown): value is Phone =>
  typeof value === 'object' && value !== null && typeof (value as Phone).number === 'string';

export interface ValueContext {
  t: Translator;
  display: DisplayOptions;
  region: string;
  /** Names of records referred to by id (organization, owner). */
  names: Record<string, string>;
}

/** One stored value as a short readable text; null and empty as —. */
export function readable(field: string, value: unknown, ctx: ValueContext): string {
  const { t, display, region, names } = ctx;
  if (value === null || value === undefined || value === '') return t('common.empty');
  if (Array.isArray(value)) {
    if (value.length === 0) return t('common.empty');
    return value
      .map((item) => {
        if (isPhone(item)) {
          const label = `phoneLabel.${item.label}`;
          // Isolated left-to-right, so its digit groups keep their order inside Persian text.
          const text = `\u2066${phoneText(item.number, region, display.digits)}\u2069`;
          return isMessageKey(label) ? `${text} (${t(label)})` : text;
        }
        return readable(field, item, ctx);
      })
      .join(display.language === 'fa' ? '، ' : ', ');
  }
  if (typeof value === 'string') {
    if (field === 'kind' || field === 'preferredChannel') {
      const key = field === 'kind' ? `kind.${value}` : `channel.${value}`;
      if (isMessageKey(key)) return t(key);
    }
    if (names[value]) return names[value];
    if ((field === 'deletedAt' || field.endsWith('At')) && !Number.isNaN(Date.parse(value))) {
      return formatDateTime(value, display);
    }
    return value;
  }
  return JSON.stringify(value);
}

export function HistoryPanel({ entries, names }: { entries: HistoryEntry[]; names: Record<string, string> }) {
  const t = useT();
  const display = useDisplay();
  const region = usePhoneRegion();
  const ctx: ValueContext = { t, display, region, names };
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('detail.noHistory')}
      </Text>
    );
  }
  // One timeline item per write; its field changes listed under it.
  const groups: HistoryEntry[][] = [];
  for (const entry of entries) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.hlc === entry.hlc) last.push(entry);
    else groups.push([entry]);
  }
  return (
    <Timeline bulletSize={22} lineWidth={2} className="history" data-testid="history">
      {groups.map((group) => {
        const head = group[0] as HistoryEntry;
        const changes = group.filter((e) => e.field !== 'deletedAt' && e.field !== 'ownerId');
        return (
          <Timeline.Item
            key={head.hlc}
            bullet={ICONS[head.action]}
            color={head.action === 'deleted' ? 'red' : head.action === 'created' ? 'teal' : 'blue'}
            title={
              <Group gap={8} wrap="wrap">
                <Text size="sm" fw={600}>
                  {t(`history.${head.action}`)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('history.byAt', {
                    user: userName(t, head.userId, head.userName) || t('common.empty'),
                    at: formatDateTime(head.at, display),
                  })}
                </Text>
              </Group>
            }
          >
            {changes.length > 0 && (
              <Stack gap={2} mt={4}>
                {changes.map((entry) => (
                  <Text size="sm" key={entry.field} className="history-change">
                    <Text span c="dimmed" size="sm">
                      {fieldLabel(t, entry.field)}:{' '}
                    </Text>
                    {entry.action === 'created' || entry.action === 'merged'
                      ? readable(entry.field, entry.newValue, ctx)
                      : t('history.change', {
                          old: readable(entry.field, entry.oldValue, ctx),
                          new: readable(entry.field, entry.newValue, ctx),
                        })}
                  </Text>
                ))}
              </Stack>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
