/** Translated sentences for import problems (window and CLI alike). */
import { isIssueCode } from '../errors';
import { describeIssue, type Translator } from '../i18n/index';
import type { FileProblem, RowProblem } from './exchange.schema';

export function describeRowProblem(t: Translator, problem: RowProblem): string {
  const params = problem.params ?? {};
  if (problem.code === 'invalid_row') {
    const { field, issue, ...rest } = params;
    const code = String(issue);
    const reason = isIssueCode(code)
      ? describeIssue(t, { field: String(field ?? ''), code, params: rest })
      : `${String(field)}: ${code}`;
    return t('exchange.problem.invalid_row', { reason });
  }
  return t(`exchange.problem.${problem.code}`, params);
}

export function describeFileProblem(t: Translator, problem: FileProblem): string {
  return t(`exchange.file.${problem.code}`, { detail: '', ...problem.params });
}
