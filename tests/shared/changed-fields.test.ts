import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { changedFields, changedList, together, withChanged } from '../../shared/changed-fields';

describe('changed fields', () => {
  const loaded = { name: 'Sara', phones: [{ number: '+989121234567', label: 'mobile' }], city: 'Shiraz' };

  it('lists the fields whose value differs, lists and objects by content', () => {
    expect(changedFields(loaded, { ...loaded, phones: [{ number: '+989121234567', label: 'mobile' }] })).toEqual([]);
    expect(changedFields(loaded, { ...loaded, name: 'Sara Karimi', phones: [] })).toEqual(['name', 'phones']);
  });

  it('takes only the changed fields over the stored record', () => {
    const stored = { ...loaded, city: 'Tabriz' };
    const edited = { ...loaded, name: 'Sara Karimi' };
    expect(withChanged(stored, edited, ['name'])).toEqual({ ...stored, name: 'Sara Karimi' });
    expect(stored.name).toBe('Sara');
  });

  it('sends an amount with its currency', () => {
    expect(together(['title'], ['amountMinor', 'currency'] as const)).toEqual(['title']);
    expect(together(['currency', 'title'], ['amountMinor', 'currency'] as const)).toEqual([
      'currency',
      'title',
      'amountMinor',
    ]);
  });

  it('accepts only the schema’s field names', () => {
    const list = changedList(z.object({ name: z.string(), city: z.string() }));
    expect(list.parse(['city'])).toEqual(['city']);
    expect(list.parse(undefined)).toBeUndefined();
    expect(list.safeParse(['owner']).success).toBe(false);
  });
});
