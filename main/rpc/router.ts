/**
 * One entry for every request from a window (IPC or HTTP) and from the CLI: checks the method
 * name, validates the input against the contract, runs the handler, and turns every failure
 * into a typed error payload. Nothing reaches a handler unvalidated.
 */
import type { z } from 'zod';
import { contract, isMethodName, type MethodName } from '../../shared/contract';
import { AppError, isIssueCode, type FieldIssue, type IssueParams, type RpcResult } from '../../shared/errors';
import type { HandlerContext, Handlers } from './handler.types';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** zod issues → field issues. Schemas in shared/ put an issue code in every error message. */
export function toFieldIssues(error: z.ZodError, input: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ field: path ? `${path}.${key}` : key, code: 'unknown_field' });
      continue;
    }
    const params: IssueParams = {};
    if (issue.code === 'too_big' && typeof issue.maximum === 'number') params.max = issue.maximum;
    const value = valueAt(input, issue.path);
    if (typeof value === 'string') params.value = value.length > 80 ? `${value.slice(0, 80)}…` : value;
    issues.push({ field: path || 'input', code: isIssueCode(issue.message) ? issue.message : 'invalid', params });
  }
  return issues;
}

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
