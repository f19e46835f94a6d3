/**
 * Merges meet sync: a note or activity written on one device for a customer that another device
 * merged away (or that arrived before the merge did) would stay attached to the tombstone. After
 * remote changes are applied, such rows follow the merge to the survivor, through the same relink
 * a local merge uses. Every device computes the same survivor (the older id wins a merge), so
 * devices doing this concurrently write the same values and converge.
 *
 * Phones, e-mails and tags that reached the merged record where the merging device could not see
 * them (another device merged a third record into it meanwhile, or added a phone to it) are added
 * to the survivor too, but only while the survivor's own list is still the one the merge wrote:
 * once someone edited it after the merge, a value they removed must not come back.
 */
import { findCustomer } from '../features/customers/customer.repository';
import { relink, unitedContacts } from '../features/duplicates/duplicate.service';
import { fieldStamp, readClocks, updateRecord, type Writer } from './mutate';
import type { Fields } from './tables';

const CONTACT_FIELDS = ['phones', 'emails', 'tags'] as const;

/** Contact values of `mergedId` the survivor lacks, for the lists it has not edited since the merge. */
function missedContacts(writer: Writer, mergedId: string, survivorId: string): Fields {
  const merged = findCustomer(writer.db, mergedId);
  const survivor = findCustomer(writer.db, survivorId);
  if (!merged || !survivor || survivor.deletedAt) return {};
  const mergedAt = fieldStamp(readClocks(writer.db, 'customers', mergedId), 'merged_into_id') ?? '';
  const survivorClocks = readClocks(writer.db, 'customers', survivorId);
  const united = unitedContacts(survivor, merged);
  const missed: Fields = {};
  for (const field of CONTACT_FIELDS) {
    const untouched = (fieldStamp(survivorClocks, field) ?? '') < mergedAt;
    const value = united[field];
    // United lists only ever grow: a longer one holds something the survivor lacks.
    if (untouched && Array.isArray(value) && value.length > survivor[field].length) missed[field] = value;
  }
  return missed;
}

export function followMerges(writer: Writer): number {
  const merged = writer.db
    .prepare('SELECT id, merged_into_id FROM customers WHERE merged_into_id IS NOT NULL')
    .all() as {
    id: string;
    merged_into_id: string;
  }[];
  if (merged.length === 0) return 0;
  const into = new Map(merged.map((row) => [row.id, row.merged_into_id]));
  // A survivor may itself have been merged later: follow the chain (ids seen once, so no loop).
  const survivor = (id: string): string => {
    const seen = new Set<string>();
    let current = id;
    for (let next = into.get(current); next !== undefined && !seen.has(next); next = into.get(current)) {
      seen.add(current);
      current = next;
    }
    return current;
  };
  let moved = 0;
  writer.db.transaction(() => {
    for (const id of into.keys()) {
      const target = survivor(id);
      const counts = relink(writer, id, target);
      moved += Object.values(counts).reduce((sum, n) => sum + n, 0);
      const missed = missedContacts(writer, id, target);
      if (Object.keys(missed).length > 0) updateRecord(writer, 'customers', target, missed);
    }
  });
  return moved;
}
