/**
 * zod issues → field issues with codes. Schemas in shared/ put an issue code in every error
 * message, so main (the authority) and the form (instant feedback) report problems identically.
 */
import type { z } from 'zod';
import { isIssueCode, type FieldIssue, type IssueParams } from './errors';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

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

/** snake_case column → camelCase contract field (`organization_id` → `organizationId`). */
export function fieldName(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
