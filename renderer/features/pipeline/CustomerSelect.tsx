/** A searchable customer picker (organizations and people) backed by customers.list. */
import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import type { CustomerListRow } from '../../../shared/customers/customer.schema';
import { useT } from '../../app/i18n';
import { invoke } from '../../lib/client';

export function CustomerSelect({
  value,
  initial,
  onChange,
  error,
}: {
  value: string | null;
  initial: { id: string; name: string } | null;
  onChange(value: string | null): void;
  error?: string | undefined;
}) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const [loaded, setLoaded] = useState<{ query: string; rows: CustomerListRow[] } | null>(null);
  useEffect(() => {
    let live = true;
    invoke('customers.list', { query: debounced, limit: 30 })
      .then((result) => live && setLoaded({ query: debounced, rows: result.rows }))
      .catch(() => live && setLoaded({ query: debounced, rows: [] }));
    return () => {
      live = false;
    };
  }, [debounced]);
  const data = useMemo(() => {
    const all = (loaded?.rows ?? []).map((r) => ({ value: r.id, label: r.name }));
    if (initial && !all.some((o) => o.value === initial.id)) all.unshift({ value: initial.id, label: initial.name });
    return all;
  }, [loaded, initial]);
  return (
    <Select
      label={t('field.customerId')}
      placeholder={t('opportunity.customerPlaceholder')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={loaded?.query !== debounced ? <Loader size="xs" /> : t('opportunity.noCustomer')}
      error={error}
      withAsterisk
      data-testid="opportunity-customer"
    />
  );
}
