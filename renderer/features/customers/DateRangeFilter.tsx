/**
 * "Added between": a month grid in the chosen calendar (react-day-picker's Persian calendar for
 * Jalali, with the week starting on Saturday) inside a popover. Picked days are local dates; the
 * list store turns them into UTC bounds.
 */
import { Button, CloseButton, Group, Popover, Stack } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { DayPicker, type DateRange } from 'react-day-picker';
import { enUS as gregorianEn, faIR as gregorianFa } from 'react-day-picker/locale';
import { DayPicker as PersianDayPicker, enUS as jalaliEn, faIR as jalaliFa } from 'react-day-picker/persian';
import { formatDate } from '../../../shared/format/format';
import { useDisplay, useT } from '../../app/i18n';

interface Props {
  from: Date | null;
  to: Date | null;
  onChange(from: Date | null, to: Date | null): void;
}

export function RangeCalendar({ from, to, onChange }: Props) {
  const display = useDisplay();
  const t = useT();
  const selected: DateRange | undefined = from ? { from, to: to ?? undefined } : undefined;
  const common = {
    mode: 'range' as const,
    selected,
    onSelect: (range: DateRange | undefined) => onChange(range?.from ?? null, range?.to ?? null),
    dir: display.language === 'fa' ? 'rtl' : 'ltr',
    numerals: display.digits === 'persian' ? ('arabext' as const) : ('latn' as const),
    weekStartsOn: display.language === 'fa' || display.calendar === 'jalali' ? (6 as const) : (1 as const),
    defaultMonth: from ?? new Date(),
    showOutsideDays: true,
    labels: {
      labelPrevious: () => t('date.previousMonth'),
      labelNext: () => t('date.nextMonth'),
    },
  };
  return display.calendar === 'jalali' ? (
    <PersianDayPicker {...common} locale={display.language === 'fa' ? jalaliFa : jalaliEn} />
  ) : (
    <DayPicker {...common} locale={display.language === 'fa' ? gregorianFa : gregorianEn} />
  );
}

export function DateRangeFilter({ from, to, onChange }: Props) {
  const t = useT();
  const display = useDisplay();
  const format = (date: Date) => formatDate(date.toISOString(), display);
  let label = t('customers.filter.anyDate');
  if (from && to) label = t('customers.filter.range', { from: format(from), to: format(to) });
  else if (from) label = t('customers.filter.pickEnd', { from: format(from) });
  return (
    <Group gap={4} wrap="nowrap">
      <Popover position={display.language === 'fa' ? 'bottom-end' : 'bottom-start'} shadow="md" withinPortal trapFocus>
        <Popover.Target>
          <Button
            variant={from ? 'light' : 'default'}
            leftSection={<IconCalendar size={16} />}
            aria-label={`${t('customers.filter.added')}: ${label}`}
            data-testid="date-filter"
          >
            {label}
          </Button>
        </Popover.Target>
        <Popover.Dropdown p="xs">
          <Stack gap="xs">
            <RangeCalendar from={from} to={to} onChange={onChange} />
            {from && (
              <Button size="xs" variant="subtle" onClick={() => onChange(null, null)}>
                {t('customers.filter.clearDates')}
              </Button>
            )}
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {from && (
        <CloseButton size="sm" aria-label={t('customers.filter.clearDates')} onClick={() => onChange(null, null)} />
      )}
    </Group>
  );
}
