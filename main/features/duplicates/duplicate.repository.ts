/**
 * Finding likely duplicates: while a customer is typed (candidates from an in-memory index kept
 * current from the change log, then scored) and across all customers (one read, blocking in
 * memory, then scored).
 */
import type { Db } from '../../../db/database';
import type { CustomerKind, CustomerListRow, Phone } from '../../../shared/customers/customer.schema';
import { parsePhone } from '../../../shared/customers/phone';
import type {
  DuplicateCandidate,
  DuplicatePair,
  DuplicateReason,
  DuplicateScanResult,
} from '../../../shared/duplicates/duplicate.schema';
import {
  deletionKeys,
  duplicateKey,
  scoreDuplicate,
  withinOneEdit,
  SIMILAR_MIN_LENGTH,
  type DuplicateKey,
} from '../../../shared/duplicates/duplicate.score';
import { customerRowsBySeq } from '../customers/customer.repository';
import { candidateSeqs } from './duplicate.index';

/** What the form has typed, after validation. */
export interface DuplicateCheckValues {
  kind: CustomerKind;
  name: string;
  phones: readonly string[];
  emails: readonly string[];
  excludeId: string | null;
}

/** Candidates shown while typing. */
export const CHECK_LIMIT = 10;
/** Rows read and scored per check at most (a very common name or a shop's landline). */
const MAX_CANDIDATES = 1000;

/** Pairs listed by the scan. */
export const SCAN_LIMIT = 2000;
/**
 * A phone, e-mail or name shared by more customers than this (a shop's landline, a very common
 * full name) is no evidence that they are one customer; such a block yields no pairs by itself.
 */
export const BLOCK_CAP = 25;

interface KeyRow {
  seq: number;
  id: string;
  kind: CustomerKind;
  name: string;
  phones: string;
  emails: string;
}

function keyOf(row: KeyRow): DuplicateKey {
  return duplicateKey({
    kind: row.kind,
    name: row.name,
    phones: (JSON.parse(row.phones) as Phone[]).map((p) => p.number),
    emails: JSON.parse(row.emails) as string[],
  });
}

/** Likely duplicates of what is being typed, best first (at most CHECK_LIMIT). */
export function findDuplicates(db: Db, check: DuplicateCheckValues, phoneRegion: string): DuplicateCandidate[] {
  const phones = check.phones.map((raw) => parsePhone(raw, phoneRegion)).filter((p): p is string => p !== null);
  const key = duplicateKey({ kind: check.kind, name: check.name, phones, emails: check.emails });
  const seqs = candidateSeqs(db, key, MAX_CANDIDATES);
  if (seqs.size === 0) return [];

  const rows = db
    .prepare(
      `SELECT c.seq, c.id, c.kind, c.name, c.phones, c.emails FROM json_each(?) AS j
       CROSS JOIN customers AS c ON c.seq = j.value WHERE c.deleted_at IS NULL AND c.kind = ?`,
    )
    .all(JSON.stringify([...seqs]), check.kind) as KeyRow[];
  const scored = rows
    .filter((row) => row.id !== check.excludeId)
    .map((row) => ({ row, ...scoreDuplicate(key, keyOf(row)) }))
    .filter((s) => s.duplicate)
    .sort((a, b) => b.score - a.score || a.row.seq - b.row.seq)
    .slice(0, CHECK_LIMIT);
  const byId = new Map(
    customerRowsBySeq(
      db,
      scored.map((s) => s.row.seq),
    ).map((r) => [r.id, r]),
  );
  return scored.flatMap((s) => {
    const customer = byId.get(s.row.id);
    return customer ? [{ customer, reasons: s.reasons, score: s.score }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Full scan

function addTo<T>(map: Map<string, T[]>, key: string, index: T): void {
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}

/**
 * Every likely duplicate pair among live customers, best first. Customers are read once;
 * candidate pairs come from blocks (same phone, same e-mail, same name skeleton, or skeletons one
 * typo apart, found through their one-letter deletions) and each is confirmed by `scoreDuplicate`.
 */
export function scanDuplicates(db: Db, limit = SCAN_LIMIT): DuplicateScanResult {
  const rows = db
    .prepare('SELECT seq, id, kind, name, phones, emails FROM customers WHERE deleted_at IS NULL ORDER BY seq')
    .all() as KeyRow[];
  const keys = rows.map(keyOf);
  const n = rows.length;

  // Exact blocks: phone, e-mail and name forms (skeleton, word-sorted skeleton), per kind.
  const exact = new Map<string, number[]>();
  // Distinct name forms per kind, for one-typo matching between forms rather than between rows.
  const forms = new Map<string, number[]>();
  keys.forEach((k, i) => {
    for (const p of k.phones) addTo(exact, `p\u0000${k.kind}\u0000${p}`, i);
    for (const e of k.emails) addTo(exact, `e\u0000${k.kind}\u0000${e}`, i);
    if (!k.skeleton) return;
    for (const form of new Set([k.skeleton, k.sorted])) addTo(forms, `${k.kind}\u0000${form}`, i);
  });
  for (const [form, members] of forms) exact.set(`n\u0000${form}`, members);

  const seen = new Set<number>();
  const found: { i: number; j: number; score: number; reasons: DuplicateReason[] }[] = [];
  const consider = (i: number, j: number) => {
    const [a, b] = i < j ? [i, j] : [j, i];
    const pairKey = a * n + b;
    if (seen.has(pairKey)) return;
    seen.add(pairKey);
    const result = scoreDuplicate(keys[a] as DuplicateKey, keys[b] as DuplicateKey);
    if (result.duplicate) found.push({ i: a, j: b, score: result.score, reasons: result.reasons });
  };

  for (const members of exact.values()) {
    if (members.length < 2 || members.length > BLOCK_CAP) continue;
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) consider(members[x] as number, members[y] as number);
    }
  }

  // One typo: distinct forms (≥ SIMILAR_MIN_LENGTH letters) filed under their deletions; forms
  // sharing a deletion key are compared once, and their rows paired when both groups are small.
  const byDeletion = new Map<string, string[]>();
  for (const form of forms.keys()) {
    const [kind = '', text = ''] = form.split('\u0000');
    if (Array.from(text).length < SIMILAR_MIN_LENGTH) continue;
    for (const key of deletionKeys(text)) addTo(byDeletion, `${kind}\u0000${key}`, form);
  }
  const comparedForms = new Set<string>();
  for (const group of byDeletion.values()) {
    if (group.length < 2) continue;
    for (let x = 0; x < group.length; x++) {
      for (let y = x + 1; y < group.length; y++) {
        const f1 = group[x] as string;
        const f2 = group[y] as string;
        const id = f1 < f2 ? `${f1}\u0001${f2}` : `${f2}\u0001${f1}`;
        if (comparedForms.has(id)) continue;
        comparedForms.add(id);
        const m1 = forms.get(f1) ?? [];
        const m2 = forms.get(f2) ?? [];
        if (m1.length + m2.length > BLOCK_CAP) continue;
        if (!withinOneEdit(f1.split('\u0000')[1] ?? '', f2.split('\u0000')[1] ?? '')) continue;
        for (const i of m1) for (const j of m2) if (i !== j) consider(i, j);
      }
    }
  }

  found.sort((p, q) => q.score - p.score || p.i - q.i || p.j - q.j);
  const listed = found.slice(0, limit);
  const seqs = [...new Set(listed.flatMap((p) => [rows[p.i]?.seq ?? 0, rows[p.j]?.seq ?? 0]))];
  const listRows = new Map<string, CustomerListRow>();
  for (let start = 0; start < seqs.length; start += 500) {
    const chunk = seqs.slice(start, start + 500);
    for (const r of customerRowsBySeq(db, chunk)) listRows.set(r.id, r);
  }
  const pairs: DuplicatePair[] = listed.flatMap((p) => {
    const first = rows[p.i];
    const second = rows[p.j];
    if (!first || !second) return [];
    // The older record (smaller UUIDv7) first: it is the one a merge keeps.
    const [older, newer] = first.id < second.id ? [first, second] : [second, first];
    const a = listRows.get(older.id);
    const b = listRows.get(newer.id);
    return a && b ? [{ a, b, reasons: p.reasons, score: p.score }] : [];
  });
  return { pairs, scanned: n, truncated: found.length > limit };
}
