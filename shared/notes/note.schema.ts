import { z } from 'zod';

/** Records notes and activities can be attached to; later issues add opportunity, quote, invoice, ticket. */
export const RECORD_TYPES = ['customer'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const noteBody = z
  .string({ error: 'invalid' })
  .max(50_000, { error: 'too_long' })
  .refine((body) => body.trim().length > 0, { error: 'required' });

export const noteInputSchema = z.object({
  recordType: z.enum(RECORD_TYPES, { error: 'invalid_choice' }),
  recordId: z.uuid({ error: 'invalid_id' }),
  body: noteBody,
});
export type NoteInput = z.input<typeof noteInputSchema>;

export interface Note {
  id: string;
  recordType: RecordType;
  recordId: string;
  customerId: string | null;
  body: string;
  ownerId: string;
  ownerName: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}
