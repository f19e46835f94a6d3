import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../shared/errors';
import type { Note, RecordType } from '../../../shared/notes/note.schema';
import { deleteRecord, insertRecord, restoreRecord, updateRecord, type Writer } from '../../sync/mutate';
import { customerRef } from '../customers/customer.repository';
import { findNote } from './note.repository';

/** The customer whose timeline shows a note on this record (the record itself, for now). */
function customerOf(writer: Writer, recordType: RecordType, recordId: string): string {
  const customer = recordType === 'customer' ? customerRef(writer.db, recordId) : null;
  if (!customer || customer.deleted) throw AppError.validation([{ field: 'recordId', code: 'unknown_customer' }]);
  return customer.id;
}

function mustFind(writer: Writer, id: string): Note {
  const note = findNote(writer.db, id);
  if (!note) throw new AppError('not_found', { params: { id } });
  return note;
}

export function createNote(writer: Writer, recordType: RecordType, recordId: string, body: string): Note {
  const id = uuidv7();
  insertRecord(writer, 'notes', id, {
    record_type: recordType,
    record_id: recordId,
    customer_id: customerOf(writer, recordType, recordId),
    body,
    owner_id: writer.userId,
  });
  return mustFind(writer, id);
}

export function updateNote(writer: Writer, id: string, body: string): Note {
  const note = mustFind(writer, id);
  if (note.deletedAt) throw new AppError('not_found', { params: { id } });
  updateRecord(writer, 'notes', id, { body });
  return mustFind(writer, id);
}

export function deleteNote(writer: Writer, id: string): void {
  if (!mustFind(writer, id).deletedAt) deleteRecord(writer, 'notes', id);
}

export function restoreNote(writer: Writer, id: string): Note {
  mustFind(writer, id);
  restoreRecord(writer, 'notes', id);
  return mustFind(writer, id);
}
