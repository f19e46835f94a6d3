import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, localizeDigits, parseInteger } from '../../shared/format/format';

const fa = { language: 'fa', calendar: 'jalali', digits: 'persian' } as const;
const en = { language: 'en', calendar: 'gregorian', digits: 'latin' } as const;

describe('format', () => {
  it('shows dates in the Jalali calendar with Persian digits', () => {
    expect(formatDate('2026-11-22T10:00:00.000Z', fa, 'Asia/Tehran')).toBe('۱ آذر ۱۴۰۵');
    expect(formatDate('2026-03-21T10:00:00.000Z', fa, 'Asia/Tehran')).toBe('۱ فروردین ۱۴۰۵');
    expect(formatDate('2026-11-22T10:00:00.000Z', { ...en, calendar: 'jalali' }, 'UTC')).toContain('Azar');
    expect(formatDate('2026-11-22T10:00:00.000Z', en, 'UTC')).toBe('22 November 2026');
    expect(formatDateTime('2026-11-22T10:00:00.000Z', fa, 'Asia/Tehran')).toContain('۱۳:۳۰');
  });

  it('shows numbers in the chosen digits', () => {
    expect(formatNumber(1234567, fa)).toBe('۱٬۲۳۴٬۵۶۷');
    expect(formatNumber(1234567, en)).toBe('1,234,567');
    expect(localizeDigits('A-1405-00042', 'persian')).toBe('A-۱۴۰۵-۰۰۰۴۲');
    expect(localizeDigits('۱۲', 'latin')).toBe('12');
  });

  it('reads numbers typed in any digit script', () => {
    expect(parseInteger('۱٬۲۳۴')).toBe(1234);
    expect(parseInteger('٣٤')).toBe(34);
    expect(parseInteger('-12')).toBe(-12);
    expect(parseInteger('12a')).toBeNull();
    expect(parseInteger('')).toBeNull();
  });
});
