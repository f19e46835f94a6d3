import { z } from 'zod';
import { CUSTOMER_KINDS, type Customer, type CustomerListRow } from '../customers/customer.schema';

export const DUPLICATE_REASONS = ['same_phone', 'same_email', 'same_name', 'similar_name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** What the form has typed so far; checked before saving. */
export const duplicateCheckSchema = z
  .object({
    kind: z.enum(CUSTOMER_KINDS, { error: 'invalid_choice' }),
    name: z.string().max(200, { error: 'too_long' }).default(''),
    phones: z
      .array(z.string().max(40, { error: 'too_long' }))
      .max(20, { error: 'too_many' })
      .default([]),
    emails: z
      .array(z.string().max(320, { error: 'too_long' }))
      .max(20, { error: 'too_many' })
      .default([]),
    /** The record being edited, which is not its own duplicate. */
    excludeId: z.uuid({ error: 'invalid_id' }).nullable().default(null),
  })
  .strict();
export type DuplicateCheck = z.input<typeof duplicateCheckSchema>;

export interface DuplicateCandidate {
  customer: CustomerListRow;
  reasons: DuplicateReason[];
  score: number;
}

export interface DuplicatePair {
  a: CustomerListRow;
  b: CustomerListRow;
  reasons: DuplicateReason[];
  score: number;
}

export interface DuplicateScanResult {
  pairs: DuplicatePair[];
  /** Customers compared. */
  scanned: number;
  /** True when more pairs were found than are listed. */
  truncated: boolean;
}

/** Fields whose surviving value the user picks when merging; phones, emails and tags are united. */
export const MERGE_FIELDS = ['name', 'organizationId', 'address', 'city', 'preferredChannel', 'description'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

const id = z.uuid({ error: 'invalid_id' });
export const mergeInputSchema = z
  .object({
    ids: z.tuple([id, id], { error: 'merge_needs_two' }),
    /** For each field, the id of the record whose value is kept (default: the surviving record's, if set). */
    values: z.partialRecord(z.enum(MERGE_FIELDS, { error: 'unknown_field' }), id).default({}),
  })
  .strict();
export type MergeInput = z.input<typeof mergeInputSchema>;

export interface MergeResult {
  /** The record that remains: always the older of the two, so merges made on two devices agree. */
  survivor: Customer;
  /** The record that became a tombstone pointing at the survivor. */
  mergedId: string;
  moved: { notes: number; activities: number; people: number; opportunities: number; leads: number };
}
