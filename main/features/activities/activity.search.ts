import { normalizeForSearch } from '../../../shared/text/normalize';
import type { Fields } from '../../sync/tables';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * `timeline_at` places an activity on the customer's timeline: when it happened or is due, or
 * when it was written down for an undated task. Deleted activities leave the search index.
 */
export function activityDerivedColumns(fields: Fields): Record<string, string> {
  const live = fields.deleted_at === null || fields.deleted_at === undefined;
  const parts = [text(fields.subject), text(fields.description), text(fields.outcome)].filter(Boolean);
  return {
    timeline_at: text(fields.due_at) || text(fields.created_at),
    search_text: live ? parts.map(normalizeForSearch).join(' | ') : '',
  };
}
