/** Derived, local-only columns of leads and opportunities: the normalized text searched by lists. */
import { normalizeForSearch } from '../../../shared/text/normalize';
import { digitsOnly } from '../../../shared/text/normalize';
import type { Fields } from '../../sync/tables';

const str = (value: unknown) => (typeof value === 'string' ? value : '');

export function leadDerivedColumns(fields: Fields): Record<string, string> {
  const phone = str(fields.phone);
  return {
    search_text: normalizeForSearch(
      [str(fields.name), str(fields.company), str(fields.email), phone, digitsOnly(phone)].join(' '),
    ),
  };
}

export function opportunityDerivedColumns(fields: Fields): Record<string, string> {
  return { search_text: normalizeForSearch(str(fields.title)) };
}
