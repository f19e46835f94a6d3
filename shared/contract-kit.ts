/**
 * Building blocks of the RPC contract. A feature declares its methods in its own
 * `<feature>.contract.ts` with these, and shared/contract.ts spreads them into the one contract.
 */
import { z } from 'zod';

/** A method: its input schema, and its output type carried as a phantom. */
export interface Method<I extends z.ZodType, O> {
  input: I;
  /** Never read at run time; only its type matters. */
  output?: O;
}

export const method =
  <O>() =>
  <I extends z.ZodType>(input: I): Method<I, O> => ({ input });

export const none = z.object({}).strict();
export const id = z.uuid({ error: 'invalid_id' });
export const byId = z.object({ id }).strict();
export const instant = z.iso.datetime({ error: 'invalid_date', offset: true });
