/**
 * Bidi isolation for text that is not words (paths, file names, typed codes) placed inside a
 * translated sentence: in a Persian sentence their slashes, dots and dashes otherwise jump around.
 */
import type { FieldIssue, RpcErrorPayload } from '../../shared/errors';

/** First-strong isolate … pop directional isolate: the text form of <bdi>. */
export const isolate = (value: string): string => `\u2068${value}\u2069`;
/**
 * A short typed code (`B-{year}-`) isolated and kept on one line: a word joiner after each inner dash,
 * or the line may break inside the code and a right-to-left line shows its halves apart.
 */
export const isolateCode = (value: string): string => isolate(value.replace(/-(?=.)/gu, '-\u2060'));
/** Params that hold paths and file names (which may wrap), and typed codes (which should not). */
const ISOLATED_PARAMS = new Set(['path', 'file', 'folder']);
const CODE_PARAMS = new Set(['value', 'prefix']);

function isolated(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (CODE_PARAMS.has(name)) return isolateCode(value);
  return ISOLATED_PARAMS.has(name) ? isolate(value) : value;
}

/** The item (an error, an issue, a sync problem) with its path and code params isolated. */
export function isolateParams<T extends { params?: FieldIssue['params'] }>(item: T): T {
  if (!item.params) return item;
  const params = Object.fromEntries(Object.entries(item.params).map(([name, value]) => [name, isolated(name, value)]));
  return { ...item, params };
}

/** The same error with paths, file names and codes isolated for display in either direction. */
export function isolatePaths(error: RpcErrorPayload): RpcErrorPayload {
  return { ...isolateParams(error), ...(error.issues ? { issues: error.issues.map(isolateParams) } : {}) };
}
