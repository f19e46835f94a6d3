import type { Db } from '../../../db/database';
import type { TrashItem } from '../../../shared/history';

/**
 * Deleted customers, activities, notes, leads and opportunities, newest deletion first. Customers merged into another
 * are not listed: they were not thrown away, their notes and activities live on the survivor.
 */
export function listTrash(db: Db): TrashItem[] {
  return db
    .prepare(
      `SELECT 'customer' AS recordType, id, name, kind, deleted_at AS deletedAt, id AS customerId FROM customers
         WHERE deleted_at IS NOT NULL AND merged_into_id IS NULL
       UNION ALL
       SELECT 'activity', id, subject, type, deleted_at, customer_id FROM activities WHERE deleted_at IS NOT NULL
       UNION ALL
       SELECT 'note', id, substr(replace(body, char(10), ' '), 1, 120), 'note', deleted_at, customer_id
         FROM notes WHERE deleted_at IS NOT NULL
       UNION ALL
       SELECT 'lead', id, name, 'lead', deleted_at, converted_customer_id FROM leads WHERE deleted_at IS NOT NULL
       UNION ALL
       SELECT 'opportunity', id, title, 'opportunity', deleted_at, customer_id FROM opportunities WHERE deleted_at IS NOT NULL
       ORDER BY deletedAt DESC
       LIMIT 1000`,
    )
    .all() as TrashItem[];
}
