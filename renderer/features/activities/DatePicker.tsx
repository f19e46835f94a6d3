/**
 * One day picked in the chosen calendar: react-day-picker's Persian (Jalali) grid when Jalali is
 * chosen, the Gregorian one otherwise; the week starts on Saturday in Persian, Monday in English.
 */
import { Button, Popover } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { useState } from 'react';
import { DayPicker } from 'react-day-picker';
import { enUS as gregorianEn, faIR as gregorianFa } from 'react-day-picker/locale';
import { DayPicker as PersianDayPicker, enUS as jalaliEn, faIR as jalaliFa } from 'react-day-picker/persian';
import type { LocalDate } from '../../../shared/calendar/calendar';
import { formatDate } from '../../../shared/format/format';
import { useDisplay, useT } from '../../app/i18n';
import { fromLocalDate, toLocalDate } from '../../lib/activities';

export function DayCalendar({ value, onChange }: { value: LocalDate | null; onChange(date: LocalDate): void }) {
  const display = useDisplay();
  const t = useT();
  const selected = value ? fromLocalDate(value) : undefined;
  const common = {
    mode: 'single' as const,
    selected,
    required: true as const,
    onSelect: (date: Date | undefined) => date && onChange(toLocalDate(date)),
    dir: display.language === 'fa' ? 'rtl' : 'ltr',
    numerals: display.digits === 'persian' ? ('arabext' as const) : ('latn' as const),
    weekStartsOn: display.language === 'fa' || display.calendar === 'jalali' ? (6 as const) : (1 as const),
    defaultMonth: selected ?? new Date(),
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

interface Props {
  value: LocalDate | null;
  onChange(date: LocalDate): void;
  label: string;
  error?: string | undefined;
  testId?: string;
}

/** A button showing the picked day; the month grid opens under it. */
export function DatePickerButton({ value, onChange, label, error, testId }: Props) {
  const display = useDisplay();
  const t = useT();
  const [opened, setOpened] = useState(false);
  const text = value ? formatDate(`${value}T12:00:00Z`, display, 'UTC') : t('activity.pickDate');
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position={display.language === 'fa' ? 'bottom-end' : 'bottom-start'}
      shadow="md"
      trapFocus
    >
      <Popover.Target>
        <Button
          variant="default"
          leftSection={<IconCalendar size={16} />}
          onClick={() => setOpened((o) => !o)}
          aria-label={`${label}: ${text}`}
          data-testid={testId}
          color={error ? 'red' : undefined}
          justify="flex-start"
          fullWidth
        >
          {text}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <DayCalendar
          value={value}
          onChange={(date) => {
            onChange(date);
            setOpened(false);
          }}
        />
      </Popover.Dropdown>
    </Popover>
  );
}
