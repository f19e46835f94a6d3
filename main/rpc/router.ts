/**
 * One entry for every request from a window (IPC or HTTP) and from the CLI: checks the method
 * name, validates the input against the contract, runs the handler, and turns every failure
 * into a typed error payload. Nothing reaches a handler unvalidated.
 */
import { contract, isMethodName, type MethodName } from '../../shared/contract';
import { AppError, type RpcResult } from '../../shared/errors';
import { toFieldIssues } from '../../shared/validation';
import type { HandlerContext, Handlers } from './handler.types';

export type Dispatch = (method: unknown, input: unknown) => RpcResult<unknown>;

function isBusy(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED');
}

export function createDispatcher(
  handlers: Handlers,
  ctx: HandlerContext,
  onUnexpected: (method: string, error: unknown) => void,
): Dispatch {
  return (method, input) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', params: { method: String(method).slice(0, 100) } } };
    }
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      return { ok: false, error: AppError.validation(toFieldIssues(parsed.error, input)).toPayload() };
    }
    try {
      const handler = handlers[method] as (input: unknown, ctx: HandlerContext) => unknown;
      return { ok: true, value: handler(parsed.data, ctx) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toPayload() };
      if (isBusy(error)) return { ok: false, error: { code: 'database_busy' } };
      onUnexpected(method satisfies MethodName, error);
      const detail = error instanceof Error ? error.message.slice(0, 200) : String(error);
      return { ok: false, error: { code: 'internal', params: { detail } } };
    }
  };
}
