import { sql as raw, type RawBuilder, type SqlBool } from 'kysely';

/**
 * Timeline items are ordered by (time, kind, seq), newest first. A page boundary is one such
 * tuple; for one kind of item it becomes a condition on (time, seq) alone.
 */
export interface KeysetBefore {
  at: string;
  seq: number;
  /** `lt`: strictly earlier time; `lte`: same time too; `tuple`: (time, seq) strictly before. */
  mode: 'lt' | 'lte' | 'tuple';
}

export function keysetBefore(atColumn: string, seqColumn: string, before: KeysetBefore): RawBuilder<SqlBool> {
  const at = raw.ref(atColumn);
  const seq = raw.ref(seqColumn);
  if (before.mode === 'lt') return raw<SqlBool>`${at} < ${before.at}`;
  if (before.mode === 'lte') return raw<SqlBool>`${at} <= ${before.at}`;
  return raw<SqlBool>`(${at}, ${seq}) < (${before.at}, ${before.seq})`;
}
