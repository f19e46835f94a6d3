/** Field messages for pipeline forms: from the shared schema at once, and from main's answer. */
import type { FieldIssue } from '../../../shared/errors';
import { describeIssue, type Translator } from '../../../shared/i18n';

/** First message per field (the field's path without a leading prefix such as `opportunity.`). */
export function messagesByField(t: Translator, issues: readonly FieldIssue[], prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = prefix && issue.field.startsWith(prefix) ? issue.field.slice(prefix.length) : issue.field;
    out[field] ??= describeIssue(t, { ...issue, field });
  }
  return out;
}
