import { normalizeForSearch } from '../../../shared/text/normalize';
import type { Fields } from '../../sync/tables';

/** Deleted notes get empty search text, which takes them out of the trigram index. */
export function noteDerivedColumns(fields: Fields): Record<string, string> {
  const live = fields.deleted_at === null || fields.deleted_at === undefined;
  return { search_text: live && typeof fields.body === 'string' ? normalizeForSearch(fields.body) : '' };
}
