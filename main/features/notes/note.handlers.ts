import type { HandlerGroup } from '../../rpc/handler.types';
import { notesOf } from './note.repository';
import { createNote, deleteNote, restoreNote, updateNote } from './note.service';

export const noteHandlers: HandlerGroup<
  'notes.list' | 'notes.create' | 'notes.update' | 'notes.delete' | 'notes.restore'
> = {
  'notes.list': ({ recordType, recordId }, ctx) => notesOf(ctx.db, recordType, recordId),
  'notes.create': ({ recordType, recordId, body }, ctx) => createNote(ctx.writer, recordType, recordId, body),
  'notes.update': ({ id, body }, ctx) => updateNote(ctx.writer, id, body),
  'notes.delete': ({ id }, ctx) => {
    deleteNote(ctx.writer, id);
    return { id };
  },
  'notes.restore': ({ id }, ctx) => restoreNote(ctx.writer, id),
};
