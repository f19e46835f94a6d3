import { sql, type Db } from '../../../db/database';
import type { Note, RecordType } from '../../../shared/notes/note.schema';
import type { KeysetBefore } from '../timeline/keyset';
import { keysetBefore } from '../timeline/keyset';

function notesWithOwner() {
  return sql
    .selectFrom('notes as n')
    .leftJoin('users as u', 'u.id', 'n.owner_id')
    .selectAll('n')
    .select('u.name as owner_name');
}

type NoteWithOwner = ReturnType<typeof notesWithOwner> extends { execute(): Promise<(infer R)[]> } ? R : never;

function toNote(row: NoteWithOwner): Note {
  return {
    id: row.id,
    recordType: row.record_type as RecordType,
    recordId: row.record_id,
    customerId: row.customer_id,
    body: row.body,
    ownerId: row.owner_id,
    ownerName: row.owner_name ?? '',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export function findNote(db: Db, id: string): Note | null {
  const row = db.first(notesWithOwner().where('n.id', '=', id));
  return row ? toNote(row) : null;
}

export function notesOf(db: Db, recordType: RecordType, recordId: string): Note[] {
  return db
    .all(
      notesWithOwner()
        .where('n.record_type', '=', recordType)
        .where('n.record_id', '=', recordId)
        .where('n.deleted_at', 'is', null)
        .orderBy('n.created_at', 'desc')
        .limit(500),
    )
    .map(toNote);
}

/** Notes on a customer's timeline, newest first, by keyset (created_at, seq). */
export function notesForTimeline(
  db: Db,
  customerId: string,
  before: KeysetBefore | null,
  limit: number,
): (Note & { seq: number })[] {
  let query = notesWithOwner()
    .select('n.seq')
    .where('n.customer_id', '=', customerId)
    .where('n.deleted_at', 'is', null);
  if (before) query = query.where(keysetBefore('n.created_at', 'n.seq', before));
  return db
    .all(query.orderBy('n.created_at', 'desc').orderBy('n.seq', 'desc').limit(limit))
    .map((row) => ({ ...toNote(row), seq: row.seq }));
}
