/**
 * Global search (Ctrl/Cmd+K): organizations and people ranked like the customer list (exact and
 * prefix names first), and the newest matching activities and notes from their trigram indexes.
 * Every text is normalized the same way as when it was indexed.
 */
import type { Db } from '../../../db/database';
import { customerListQuerySchema } from '../../../shared/customers/customer.schema';
import type { GlobalSearchResult, NoteHit } from '../../../shared/search';
import { sortKey } from '../../../shared/text/normalize';
import { activitiesWithNames, toActivity } from '../activities/activity.repository';
import { containsPattern, customerFilter, customerRowsBySeq, searchTerms } from '../customers/customer.repository';
import { findNote } from '../notes/note.repository';

/** MATCH expression for the terms the trigram index can use, and the rest for LIKE. */
function split(terms: string[]): { match: string | null; short: string[] } {
  const long = terms.filter((t) => [...t].length >= 3);
  return {
    match: long.length ? long.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ') : null,
    short: terms.filter((t) => [...t].length < 3),
  };
}

/** Newest rows of a trigram-indexed table matching all terms; a few extra for the LIKE filter. */
function matchingSeqs(db: Db, table: 'activities' | 'notes', terms: string[], limit: number): number[] {
  const { match, short } = split(terms);
  if (!match) return [];
  const likes = short.map(() => `AND t.search_text LIKE ? ESCAPE '\\'`).join(' ');
  const rows = db
    .prepare(
      `SELECT t.seq FROM ${table} t
       WHERE t.seq IN (SELECT rowid FROM ${table}_fts WHERE ${table}_fts MATCH ? ORDER BY rowid DESC LIMIT ?)
         AND t.deleted_at IS NULL ${likes}
       ORDER BY t.seq DESC LIMIT ?`,
    )
    .all(match, limit * 20, ...short.map(containsPattern), limit) as { seq: number }[];
  return rows.map((r) => r.seq);
}

export function globalSearch(db: Db, query: string, limit: number): GlobalSearchResult {
  const terms = searchTerms(query);
  const empty: GlobalSearchResult = { query, organizations: [], people: [], activities: [], notes: [] };
  if (terms.length === 0) return empty;

  const customers = (kind: 'organization' | 'person') => {
    // Names that start with the query come first, straight from the name index (exact first, as
    // the shortest name with that prefix); then the newest other matches. Sorting every match
    // of a common name («محمد»: thousands) by rank, as the full list does, is not needed for a
    // handful of results.
    const key = sortKey(query);
    const prefixed = key
      ? (db
          .prepare(
            `SELECT seq FROM customers WHERE deleted_at IS NULL AND kind = ? AND sort_key >= ? AND sort_key < ?
             ORDER BY sort_key, seq LIMIT ?`,
          )
          .all(kind, key, `${key}\uffff`, limit) as { seq: number }[])
      : [];
    const seqs = prefixed.map((r) => r.seq);
    if (seqs.length < limit) {
      const filter = customerFilter(customerListQuerySchema.parse({ query, kind }));
      const newest = db.all(
        filter.query
          .select('c.seq')
          .orderBy('c.seq', 'desc')
          .limit(limit * 2),
      );
      for (const { seq } of newest) if (seqs.length < limit && !seqs.includes(seq)) seqs.push(seq);
    }
    return customerRowsBySeq(db, seqs);
  };

  const activitySeqs = matchingSeqs(db, 'activities', terms, limit);
  const activities = activitySeqs.length
    ? db.all(activitiesWithNames().where('a.seq', 'in', activitySeqs).orderBy('a.seq', 'desc')).map(toActivity)
    : [];

  const noteSeqs = matchingSeqs(db, 'notes', terms, limit);
  const noteIds = noteSeqs.length
    ? (db
        .prepare(`SELECT id FROM notes WHERE seq IN (${noteSeqs.map(() => '?').join(',')}) ORDER BY seq DESC`)
        .all(...noteSeqs) as { id: string }[])
    : [];
  const notes: NoteHit[] = noteIds.flatMap(({ id }) => {
    const note = findNote(db, id);
    if (!note) return [];
    const customer = note.customerId
      ? (db.prepare('SELECT name FROM customers WHERE id = ?').get(note.customerId) as { name: string } | undefined)
      : undefined;
    return [{ ...note, customerName: customer?.name ?? '' }];
  });

  return { query, organizations: customers('organization'), people: customers('person'), activities, notes };
}
