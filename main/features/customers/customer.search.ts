/**
 * Local-only columns of a customer, recomputed from its synced fields on every write:
 * `sort_key` (alphabetical order, Persian-aware) and `search_text` (normalized name, every phone
 * as international and national digits, emails, city, tags) for the trigram index.
 */
import { nationalDigits } from '../../../shared/customers/phone';
import { digitsOnly, normalizeForSearch, sortKey } from '../../../shared/text/normalize';
import type { Fields } from '../../sync/tables';

function phoneDigitForms(e164: string): string[] {
  const national = nationalDigits(e164);
  return national === null ? [digitsOnly(e164)] : [digitsOnly(e164), national];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function customerDerivedColumns(fields: Fields): Record<string, string> {
  const name = typeof fields.name === 'string' ? fields.name : '';
  const phones = Array.isArray(fields.phones) ? fields.phones : [];
  const parts = [name];
  for (const phone of phones) {
    if (phone && typeof phone === 'object' && !Array.isArray(phone) && typeof phone.number === 'string') {
      parts.push(...phoneDigitForms(phone.number));
    }
  }
  parts.push(...strings(fields.emails), typeof fields.city === 'string' ? fields.city : '', ...strings(fields.tags));
  const live = fields.deleted_at === null || fields.deleted_at === undefined;
  return {
    sort_key: sortKey(name),
    // Tombstones get no search text: they leave the trigram index, which can then count alone.
    // ' | ' separates the parts so that no trigram spans two of them.
    search_text: live ? parts.filter(Boolean).map(normalizeForSearch).join(' | ') : '',
  };
}
