/**
 * Duplicate scoring: pure functions shared by the check while typing, the full scan and tests.
 *
 * Names are compared by their skeleton: `normalizeForSearch` (ي/ی, ك/ک, hamza, digits, case) with
 * spaces, ZWNJ and punctuation removed, so «علي‌رضائي» and «علی رضایی» are one skeleton. A second,
 * token-sorted skeleton makes «رضایی علی» equal «علی رضایی». Long skeletons (≥ 6 letters) also
 * match at Damerau-Levenshtein distance 1 (one typo); short ones only exactly, so "Ali" and "Ala"
 * stay apart. Phones are compared as E.164, e-mails lower-cased. Scores of the reasons are
 * combined as independent evidence (noisy-or), so two reasons score higher than either alone.
 */
import type { CustomerKind } from '../customers/customer.schema';
import { normalizeForSearch } from '../text/normalize';
import type { DuplicateReason } from './duplicate.schema';

/** Skeletons shorter than this match only exactly. */
export const SIMILAR_MIN_LENGTH = 6;
/** A pair scoring at least this is a likely duplicate. */
export const DUPLICATE_THRESHOLD = 0.5;

export const REASON_SCORES: Record<DuplicateReason, number> = {
  same_phone: 0.9,
  same_email: 0.9,
  same_name: 0.8,
  similar_name: 0.6,
};

/** Anything that is not a letter or a digit: spaces, ZWNJ (already gone), punctuation, symbols. */
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** The words of a name, normalized, without punctuation. */
export function nameTokens(name: string): string[] {
  return normalizeForSearch(name).split(NOT_WORD).filter(Boolean);
}

/** The name's letters and digits in order, normalized: «علي‌رضائي» → «علیرضایی». */
export function nameSkeleton(name: string): string {
  return nameTokens(name).join('');
}

/**
 * The skeleton with its words sorted, so word order does not matter. Here a ZWNJ also separates
 * words («یزدانی‌پریسا» sorts like «پریسا یزدانی»); the plain skeleton already ignores it.
 */
export function sortedSkeleton(name: string): string {
  return nameTokens(name.replace(/\u200c/g, ' '))
    .sort()
    .join('');
}

/** What a customer is compared by; computed once per customer. */
export interface DuplicateKey {
  kind: CustomerKind;
  skeleton: string;
  sorted: string;
  /** E.164 numbers. */
  phones: readonly string[];
  /** Lower-cased, trimmed. */
  emails: readonly string[];
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function duplicateKey(input: {
  kind: CustomerKind;
  name: string;
  phones: readonly string[];
  emails: readonly string[];
}): DuplicateKey {
  // One normalization for both forms: ZWNJ as a word break changes only the sorted form.
  const tokens = nameTokens(input.name.replace(/\u200c/g, ' '));
  return {
    kind: input.kind,
    skeleton: tokens.join(''),
    sorted: tokens.sort().join(''),
    phones: [...new Set(input.phones)],
    emails: [...new Set(input.emails.map(normalizeEmail).filter(Boolean))],
  };
}

/** Code points, so a letter outside the BMP counts as one. */
function chars(text: string): string[] {
  return Array.from(text);
}

/**
 * True when the optimal-string-alignment (restricted Damerau-Levenshtein) distance is at most 1:
 * one substitution, insertion, deletion or swap of neighbours. Linear time, no matrix.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const x = chars(a);
  const y = chars(b);
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const restEqual = (dx: number, dy: number) => {
    const xs = x.slice(i + dx);
    const ys = y.slice(i + dy);
    return xs.length === ys.length && xs.every((c, k) => c === ys[k]);
  };
  if (x.length === y.length) {
    if (restEqual(1, 1)) return true; // substitution
    // swap of neighbours
    return x[i] === y[i + 1] && x[i + 1] === y[i] && x.slice(i + 2).every((c, k) => c === y[i + 2 + k]);
  }
  return x.length > y.length ? restEqual(1, 0) : restEqual(0, 1);
}

/** Full restricted Damerau-Levenshtein distance (for tests and diagnostics). */
export function editDistance(a: string, b: string): number {
  const x = chars(a);
  const y = chars(b);
  const rows: number[][] = [];
  for (let i = 0; i <= x.length; i++) {
    const row: number[] = [];
    for (let j = 0; j <= y.length; j++) {
      if (i === 0 || j === 0) {
        row.push(i + j);
        continue;
      }
      const prev = rows[i - 1] as number[];
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[x.length] as number[])[y.length] as number;
}

function shareAny(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  return a.some((v) => b.includes(v));
}

function similar(a: string, b: string): boolean {
  return Math.min(chars(a).length, chars(b).length) >= SIMILAR_MIN_LENGTH && withinOneEdit(a, b);
}

/** Why two customers look like one; empty when they do not (or are of different kinds). */
export function duplicateReasons(a: DuplicateKey, b: DuplicateKey): DuplicateReason[] {
  if (a.kind !== b.kind) return [];
  const reasons: DuplicateReason[] = [];
  if (shareAny(a.phones, b.phones)) reasons.push('same_phone');
  if (shareAny(a.emails, b.emails)) reasons.push('same_email');
  if (a.skeleton && b.skeleton) {
    if (a.skeleton === b.skeleton || a.sorted === b.sorted) reasons.push('same_name');
    else if (similar(a.skeleton, b.skeleton) || similar(a.sorted, b.sorted)) reasons.push('similar_name');
  }
  return reasons;
}

/** Noisy-or of the reasons' scores, rounded to 3 decimals; 0 without reasons. */
export function scoreReasons(reasons: readonly DuplicateReason[]): number {
  const miss = reasons.reduce((p, r) => p * (1 - REASON_SCORES[r]), 1);
  return Math.round((1 - miss) * 1000) / 1000;
}

export interface DuplicateScore {
  reasons: DuplicateReason[];
  score: number;
  duplicate: boolean;
}

export function scoreDuplicate(a: DuplicateKey, b: DuplicateKey): DuplicateScore {
  const reasons = duplicateReasons(a, b);
  const score = scoreReasons(reasons);
  return { reasons, score, duplicate: score >= DUPLICATE_THRESHOLD };
}

/**
 * Keys under which a skeleton is filed for blocking one-typo matches: the skeleton itself and
 * each one-letter deletion of it (two strings within one edit always share one of these).
 * Skeletons shorter than SIMILAR_MIN_LENGTH get only themselves.
 */
export function deletionKeys(skeleton: string): string[] {
  const x = chars(skeleton);
  if (x.length < SIMILAR_MIN_LENGTH) return skeleton ? [skeleton] : [];
  const keys = new Set<string>([skeleton]);
  for (let i = 0; i < x.length; i++) keys.add(x.slice(0, i).join('') + x.slice(i + 1).join(''));
  return [...keys];
}
