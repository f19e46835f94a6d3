/**
 * Customers list: debounced server-side search, filters (type, tag, added between), sortable
 * columns, a dense virtualized table fetched in pages, and keyboard navigation.
 */
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  Group,
  Kbd,
  SegmentedControl,
  Select,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconBuilding,
  IconChevronDown,
  IconChevronUp,
  IconFilterOff,
  IconPlus,
  IconSearch,
  IconSelector,
  IconUser,
  IconUsers,
} from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useLocation } from 'wouter';
import type { CustomerKind, CustomerListRow, CustomerSort } from '../../../shared/customers/customer.schema';
import { formatNumber, localizeDigits } from '../../../shared/format/format';
import { describeError, type MessageKey } from '../../../shared/i18n';
import { useDisplay, usePhoneRegion, useT } from '../../app/i18n';
import { formatShortDate, phoneText } from '../../lib/display';
import { DateRangeFilter } from './DateRangeFilter';
import { hasActiveFilters, useCustomerList } from './list.store';
import { ConfirmDelete, type RecordRef } from './trash-actions';

const ROW_HEIGHT = 36;

interface Column {
  key: string;
  label: MessageKey;
  sort?: CustomerSort;
}

const COLUMNS: Column[] = [
  { key: 'name', label: 'customers.col.name', sort: 'name' },
  { key: 'organization', label: 'customers.col.organization' },
  { key: 'phone', label: 'customers.col.phone' },
  { key: 'email', label: 'customers.col.email' },
  { key: 'city', label: 'customers.col.city', sort: 'city' },
  { key: 'tags', label: 'customers.col.tags' },
  { key: 'created', label: 'customers.col.created', sort: 'createdAt' },
  { key: 'updated', label: 'customers.col.updated', sort: 'updatedAt' },
];

function KindFilter() {
  const t = useT();
  const kind = useCustomerList((s) => s.filters.kind);
  const setFilters = useCustomerList((s) => s.setFilters);
  return (
    <SegmentedControl
      size="sm"
      aria-label={t('customers.filter.kind')}
      value={kind ?? 'all'}
      onChange={(value) => setFilters({ kind: value === 'all' ? null : (value as CustomerKind) })}
      data={[
        { value: 'all', label: t('kind.all') },
        { value: 'organization', label: t('kind.organizations') },
        { value: 'person', label: t('kind.people') },
      ]}
    />
  );
}

function SearchBox({ inputRef }: { inputRef: React.RefObject<HTMLInputElement | null> }) {
  const t = useT();
  const query = useCustomerList((s) => s.filters.query);
  const setFilters = useCustomerList((s) => s.setFilters);
  const [text, setText] = useState(query);
  const [debounced] = useDebouncedValue(text, 250);
  useEffect(() => {
    if (debounced !== useCustomerList.getState().filters.query) setFilters({ query: debounced });
  }, [debounced, setFilters]);
  // Cleared from outside (e.g. "clear filters"): show it.
  const [seenQuery, setSeenQuery] = useState(query);
  if (query !== seenQuery) {
    setSeenQuery(query);
    if (query === '') setText('');
  }
  return (
    <TextInput
      ref={inputRef}
      type="search"
      className="list-search"
      placeholder={t('customers.search')}
      aria-label={t('field.query')}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setText('');
        if (e.key === 'ArrowDown' || e.key === 'Enter') {
          e.preventDefault();
          document.getElementById('customer-grid')?.focus();
        }
      }}
      leftSection={<IconSearch size={16} />}
      rightSection={<Kbd size="xs">/</Kbd>}
    />
  );
}

function SortHeader({ column }: { column: Column }) {
  const t = useT();
  const sort = useCustomerList((s) => s.filters.sort);
  const direction = useCustomerList((s) => s.filters.direction);
  const toggleSort = useCustomerList((s) => s.toggleSort);
  const label = t(column.label);
  if (!column.sort) {
    return (
      <div role="columnheader" className="grid-head-cell">
        {label}
      </div>
    );
  }
  const active = sort === column.sort;
  const Icon = active ? (direction === 'asc' ? IconChevronUp : IconChevronDown) : IconSelector;
  return (
    <div
      role="columnheader"
      className="grid-head-cell"
      aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <UnstyledButton
        className="sort-button"
        data-active={active || undefined}
        onClick={() => column.sort && toggleSort(column.sort)}
        title={t('customers.sortBy', { column: label })}
      >
        <span>{label}</span>
        <Icon size={14} stroke={1.8} />
      </UnstyledButton>
    </div>
  );
}

function Row({ row, index, selected }: { row: CustomerListRow | undefined; index: number; selected: boolean }) {
  const t = useT();
  const display = useDisplay();
  const region = usePhoneRegion();
  const select = useCustomerList((s) => s.select);
  const [, navigate] = useLocation();
  if (!row) {
    return (
      <div role="row" className="grid-row grid-row-loading" aria-rowindex={index + 2}>
        <div role="gridcell" className="grid-cell">
          <Text size="sm" c="dimmed">
            {t('common.loadingRow')}
          </Text>
        </div>
      </div>
    );
  }
  const phone = row.phones[0];
  return (
    <div
      role="row"
      id={`customer-row-${index}`}
      className="grid-row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-selected={selected || undefined}
      onClick={() => select(index)}
      onDoubleClick={() => navigate(`/customers/${row.id}`)}
    >
      <div role="gridcell" className="grid-cell cell-name">
        {row.kind === 'organization' ? (
          <IconBuilding size={15} stroke={1.6} className="kind-icon" aria-label={t('kind.organization')} />
        ) : (
          <IconUser size={15} stroke={1.6} className="kind-icon" aria-label={t('kind.person')} />
        )}
        <Link href={`/customers/${row.id}`} className="row-link" tabIndex={-1}>
          {row.name}
        </Link>
      </div>
      <div role="gridcell" className="grid-cell">
        {row.organizationName ?? ''}
      </div>
      <div role="gridcell" className="grid-cell">
        {phone && <bdi dir="ltr">{phoneText(phone.number, region, display.digits)}</bdi>}
      </div>
      <div role="gridcell" className="grid-cell">
        {row.emails[0] && <bdi dir="ltr">{row.emails[0]}</bdi>}
      </div>
      <div role="gridcell" className="grid-cell">
        {row.city}
      </div>
      <div role="gridcell" className="grid-cell cell-tags">
        {row.tags.slice(0, 2).map((tag) => (
          <Badge key={tag} size="xs" variant="light" radius="sm" className="tag-badge" tt="none">
            {tag}
          </Badge>
        ))}
        {row.tags.length > 2 && (
          <Text size="xs" c="dimmed">
            {t('customers.moreTags', { count: row.tags.length - 2 })}
          </Text>
        )}
      </div>
      <div role="gridcell" className="grid-cell cell-date">
        {formatShortDate(row.createdAt, display)}
      </div>
      <div role="gridcell" className="grid-cell cell-date">
        {formatShortDate(row.updatedAt, display)}
      </div>
    </div>
  );
}

export function CustomersPage() {
  const t = useT();
  const display = useDisplay();
  const [, navigate] = useLocation();
  const filters = useCustomerList((s) => s.filters);
  const total = useCustomerList((s) => s.total);
  const rows = useCustomerList((s) => s.rows);
  const selected = useCustomerList((s) => s.selected);
  const tags = useCustomerList((s) => s.tags);
  const error = useCustomerList((s) => s.error);
  const { setFilters, ensureRange, refresh, select, clearFilters } = useCustomerList.getState();
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [toDelete, setToDelete] = useState<RecordRef | null>(null);

  useEffect(() => {
    refresh();
  }, [refresh]);

  const count = total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1000, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count > 0) ensureRange(first, last);
  }, [first, last, count, ensureRange]);

  const focusSearch = () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  };
  useHotkeys([['/', focusSearch]]);
  useHotkeys([['mod+F', focusSearch]], []);

  const move = (index: number) => {
    const next = Math.max(0, Math.min(index, count - 1));
    select(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
  const onGridKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const handlers: Record<string, () => void> = {
      ArrowDown: () => move(selected + 1),
      ArrowUp: () => move(selected - 1),
      PageDown: () => move(selected + pageRows),
      PageUp: () => move(selected - pageRows),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => {
        const row = rows.get(selected);
        if (row) navigate(`/customers/${row.id}`);
      },
      Delete: () => {
        const row = rows.get(selected);
        if (row) setToDelete({ id: row.id, name: row.name });
      },
    };
    const handler = handlers[event.key];
    if (handler) {
      event.preventDefault();
      handler();
    }
  };

  const filtered = hasActiveFilters(filters);
  const empty = total === 0;

  return (
    <div className="page page-fill">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Group gap="sm" align="baseline">
          <Title order={2} size="h3">
            {t('customers.title')}
          </Title>
          {total !== null && (
            <Text size="sm" c="dimmed" data-testid="customer-total">
              {t(total === 1 ? 'customers.totalOne' : 'customers.total', { count: formatNumber(total, display) })}
            </Text>
          )}
        </Group>
        <Button leftSection={<IconPlus size={16} />} component={Link} href="/customers/new">
          {t('customers.new')}
        </Button>
      </Group>

      <Group gap="sm" mb="sm" wrap="wrap">
        <SearchBox inputRef={searchRef} />
        <KindFilter />
        <Select
          w={170}
          clearable
          searchable
          placeholder={t('customers.filter.anyTag')}
          aria-label={t('customers.filter.tag')}
          data={tags}
          value={filters.tag}
          onChange={(value) => setFilters({ tag: value })}
          allowDeselect
          nothingFoundMessage={t('customers.noMatch.title')}
        />
        <DateRangeFilter
          from={filters.createdFrom}
          to={filters.createdTo}
          onChange={(createdFrom, createdTo) => setFilters({ createdFrom, createdTo })}
        />
      </Group>

      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} mb="sm" title={t('common.error')}>
          <Group justify="space-between">
            <Text size="sm">{describeError(t, error)}</Text>
            <Button size="xs" variant="light" color="red" onClick={() => refresh()}>
              {t('common.retry')}
            </Button>
          </Group>
        </Alert>
      )}

      {empty && !filtered && (
        <EmptyState
          className="empty-state"
          icon={<IconUsers size={28} />}
          title={t('customers.empty.title')}
          description={t('customers.empty.body')}
        >
          <Button mt="md" leftSection={<IconPlus size={16} />} component={Link} href="/customers/new">
            {t('customers.new')}
          </Button>
        </EmptyState>
      )}
      {empty && filtered && (
        <EmptyState
          className="empty-state"
          icon={<IconSearch size={28} />}
          title={t('customers.noMatch.title')}
          description={t('customers.noMatch.body')}
        >
          <Button mt="md" variant="default" leftSection={<IconFilterOff size={16} />} onClick={() => clearFilters()}>
            {t('customers.filter.clearAll')}
          </Button>
        </EmptyState>
      )}

      {!empty && (
        <div
          className="grid"
          role="grid"
          id="customer-grid"
          aria-label={t('customers.title')}
          aria-rowcount={count + 1}
          aria-activedescendant={count > 0 ? `customer-row-${selected}` : undefined}
          tabIndex={0}
          onKeyDown={onGridKey}
        >
          <div role="rowgroup" className="grid-head">
            <div role="row" className="grid-row grid-head-row" aria-rowindex={1}>
              {COLUMNS.map((column) => (
                <SortHeader key={column.key} column={column} />
              ))}
            </div>
          </div>
          <div className="grid-body" ref={scrollRef} role="rowgroup">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => (
                <div
                  key={item.key}
                  className="grid-row-slot"
                  style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                >
                  <Row row={rows.get(item.index)} index={item.index} selected={item.index === selected} />
                </div>
              ))}
            </div>
          </div>
          <Text size="xs" c="dimmed" className="grid-foot">
            {localizeDigits(t('customers.shortcuts'), display.digits)}
          </Text>
        </div>
      )}
      <ConfirmDelete target={toDelete} onClose={() => setToDelete(null)} />
    </div>
  );
}
