/**
 * Edits as changes to fields, not as whole records. A form opened a while ago holds a stale copy
 * of every field it shows; sending only the fields the user changed lets the others keep what
 * another window or a synced computer wrote to them meanwhile.
 */
import { z } from 'zod';

/** The fields of `edited` that differ from `loaded` (values are plain data: JSON equality). */
export function changedFields<T extends object>(loaded: T, edited: T): (keyof T & string)[] {
  return (Object.keys(edited) as (keyof T & string)[]).filter(
    (field) => JSON.stringify(edited[field]) !== JSON.stringify(loaded[field]),
  );
}

/** `stored` with the changed fields taken from `edited`. */
export function withChanged<T extends object>(stored: T, edited: T, changed: readonly (keyof T)[]): T {
  const merged = { ...stored };
  for (const field of changed) merged[field] = edited[field];
  return merged;
}

/**
 * The optional `changed` list of an update method: names of the schema's fields. Without it the
 * update writes every field, as a caller that holds the whole record expects.
 */
export function changedList<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  return z.array(z.enum(schema.keyof().options, { error: 'invalid_choice' }), { error: 'invalid' }).optional();
}

/** Fields that mean something only together (an amount and its currency): one changed sends all. */
export function together<Field extends string>(changed: Field[], group: readonly Field[]): Field[] {
  return changed.some((field) => group.includes(field)) ? [...new Set([...changed, ...group])] : changed;
}
