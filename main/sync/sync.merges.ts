/**
 * Merges meet sync: a note or activity written on one device for a customer that another device
 * merged away (or that arrived before the merge did) would stay attached to the tombstone. After
 * remote changes are applied, such rows follow the merge to the survivor, through the same relink
 * a local merge uses. Every device computes the same survivor (the older id wins a merge), so
 * devices doing this concurrently write the same values and converge.
 */
import { relink } from '../features/duplicates/duplicate.service';
import type { Writer } from './mutate';

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
      const counts = relink(writer, id, survivor(id));
      moved += Object.values(counts).reduce((sum, n) => sum + n, 0);
    }
  });
  return moved;
}
