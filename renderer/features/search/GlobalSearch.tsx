/**
 * Global search (Ctrl/Cmd+K, or the header's search button): organizations, people, activities
 * and notes in groups. ↑/↓ move across groups, Enter opens; the last digits of a phone find the
 * customer (the server matches phone suffixes).
 */
import { Alert, Badge, Group, Kbd, Loader, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconBuilding, IconNote, IconSearch, IconUser } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import type { RpcErrorPayload } from '../../../shared/errors';
import { localizeDigits } from '../../../shared/format/format';
import type { MessageKey } from '../../../shared/i18n';
import { describeError } from '../../../shared/i18n';
import type { GlobalSearchResult } from '../../../shared/search';
import { useDisplay, usePhoneRegion, useT } from '../../app/i18n';
import { ACTIVITY_ICONS, whenText } from '../../lib/activities';
import { invoke } from '../../lib/client';
import { phoneText } from '../../lib/display';
import { toPayload } from '../../stores/preferences';
import { useGlobalSearch } from './search.store';

interface Hit {
  key: string;
  group: MessageKey;
  href: string;
  icon: ReactNode;
  title: string;
  detail: string;
}

function useHits(result: GlobalSearchResult | null): Hit[] {
  const t = useT();
  const display = useDisplay();
  const region = usePhoneRegion();
  return useMemo(() => {
    if (!result) return [];
    const hits: Hit[] = [];
    const customerDetail = (row: GlobalSearchResult['people'][number]) =>
      [
        row.organizationName,
        row.phones
          .map((p) => phoneText(p.number, region, display.digits))
          .join(display.language === 'fa' ? '، ' : ', '),
        row.emails[0],
        row.city,
      ]
        .filter(Boolean)
        .join(' · ');
    for (const row of result.organizations) {
      hits.push({
        key: `o-${row.id}`,
        group: 'search.organizations',
        href: `/customers/${row.id}`,
        icon: <IconBuilding size={16} />,
        title: row.name,
        detail: customerDetail(row),
      });
    }
    for (const row of result.people) {
      hits.push({
        key: `p-${row.id}`,
        group: 'search.people',
        href: `/customers/${row.id}`,
        icon: <IconUser size={16} />,
        title: row.name,
        detail: customerDetail(row),
      });
    }
    for (const a of result.activities) {
      const Icon = ACTIVITY_ICONS[a.type];
      hits.push({
        key: `a-${a.id}`,
        group: 'search.activities',
        href: a.customerId ? `/customers/${a.customerId}` : '/agenda',
        icon: <Icon size={16} />,
        title: a.subject,
        detail: `${a.customerName} · ${t(`activity.type.${a.type}`)} · ${whenText(a, t, display)}`,
      });
    }
    for (const n of result.notes) {
      hits.push({
        key: `n-${n.id}`,
        group: 'search.notes',
        href: n.customerId ? `/customers/${n.customerId}` : '/customers',
        icon: <IconNote size={16} />,
        title: n.body.length > 90 ? `${n.body.slice(0, 90)}…` : n.body,
        detail: n.customerName,
      });
    }
    return hits;
  }, [result, t, display, region]);
}

function SearchBody() {
  const t = useT();
  const display = useDisplay();
  const close = useGlobalSearch((s) => s.close);
  const [, navigate] = useLocation();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 120);
  const [result, setResult] = useState<GlobalSearchResult | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const hits = useHits(result);

  useEffect(() => {
    const q = debounced.trim();
    if (q === '') return;
    let live = true;
    invoke('search.global', { query: q, limit: 6 })
      .then((r) => {
        if (!live) return;
        setResult(r);
        setError(null);
        setActive(0);
      })
      .catch((e: unknown) => live && setError(toPayload(e)));
    return () => {
      live = false;
    };
  }, [debounced]);

  const empty = query.trim() === '';
  const pending = !empty && (result === null || result.query !== debounced.trim() || debounced !== query);
  const visible = empty ? [] : hits;
  const openHit = (hit: Hit | undefined) => {
    if (!hit) return;
    close();
    navigate(hit.href);
  };

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  return (
    <Stack gap="xs">
      <TextInput
        data-autofocus
        autoFocus
        size="md"
        placeholder={t('search.placeholder')}
        aria-label={t('search.title')}
        leftSection={<IconSearch size={18} />}
        rightSection={pending ? <Loader size="xs" /> : null}
        value={query}
        role="combobox"
        aria-expanded={visible.length > 0}
        aria-controls="global-search-results"
        aria-activedescendant={visible.length > 0 ? `search-hit-${active}` : undefined}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((i) => Math.min(i + 1, visible.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            openHit(visible[active]);
          }
        }}
      />
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('common.error')}>
          {describeError(t, error)}
        </Alert>
      )}
      <div
        className="search-results"
        id="global-search-results"
        role="listbox"
        ref={listRef}
        aria-label={t('search.title')}
      >
        {empty && (
          <Text size="sm" c="dimmed" p="sm">
            {t('search.hint')}
          </Text>
        )}
        {!empty && !pending && !error && visible.length === 0 && (
          <Text size="sm" c="dimmed" p="sm" data-testid="search-nothing">
            {t('search.nothing', { query })}
          </Text>
        )}
        {visible.map((hit, index) => {
          const header = visible[index - 1]?.group !== hit.group ? hit.group : null;
          return (
            <div key={hit.key}>
              {header && (
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" className="search-group" role="presentation">
                  {t(header)}
                </Text>
              )}
              <UnstyledButton
                id={`search-hit-${index}`}
                data-index={index}
                role="option"
                aria-selected={index === active}
                data-active={index === active || undefined}
                className="search-hit"
                onMouseEnter={() => setActive(index)}
                onClick={() => openHit(hit)}
                tabIndex={-1}
              >
                <Group gap="sm" wrap="nowrap">
                  <span className="search-hit-icon">{hit.icon}</span>
                  <div className="search-hit-text">
                    <Text size="sm" fw={500} truncate>
                      {hit.title}
                    </Text>
                    {hit.detail && (
                      <Text size="xs" c="dimmed" truncate>
                        {hit.detail}
                      </Text>
                    )}
                  </div>
                </Group>
              </UnstyledButton>
            </div>
          );
        })}
      </div>
      <Group gap="md" className="search-foot">
        <Text size="xs" c="dimmed">
          <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> {t('search.move')}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Enter</Kbd> {t('search.open')}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Esc</Kbd> {t('search.close')}
        </Text>
        {result && !empty && (
          <Badge size="xs" variant="light" ms="auto">
            {localizeDigits(String(visible.length), display.digits)}
          </Badge>
        )}
      </Group>
    </Stack>
  );
}

export function GlobalSearch() {
  const opened = useGlobalSearch((s) => s.opened);
  const close = useGlobalSearch((s) => s.close);
  return (
    <Modal
      opened={opened}
      onClose={close}
      withCloseButton={false}
      size="lg"
      padding="sm"
      yOffset="10dvh"
      transitionProps={{ duration: 80 }}
    >
      {opened && <SearchBody />}
    </Modal>
  );
}
