/**
 * The import engine shared by CSV and vCard: rows (already read from the file) are cleaned, checked
 * for duplicates and written through the customers service (its validation and phone
 * normalization, and so the one write path), one transaction per batch of IMPORT_BATCH rows. A dry
 * run does the same inside one transaction that is rolled back, so its counts are exact.
 *
 * Policy for values that are not valid: a phone that is not a valid number in the shop's region
 * (or not a number at all, e.g. "Mobil") or an email that is not an address does not cost the
 * contact: the contact is imported, the value is kept as a line of its description ("Phone
 * (work): 034441/ 2 22 67"), and the row is listed as a warning. A row is rejected only when it has
 * no name at all (no name, company, email or phone to call it by) or the service refuses it.
 *
 * Duplicates: each row is compared with existing customers (and rows imported before it) by the
 * shared scorer (shared/duplicates/duplicate.score.ts): candidates come from exact blocks — same
 * phone, same email, same name skeleton or word-sorted skeleton — and count when `scoreDuplicate`
 * says they are duplicates. One-typo name matches, which the window shows while typing, are left
 * out here: an automatic skip or update must not rest on a typo guess.
 */
import type { Db } from '../../db/database';
import { AppError } from '../../shared/errors';
import {
  customerInputSchema,
  LIMITS,
  type Customer,
  type CustomerKind,
  type CustomerValues,
  type PhoneLabel,
} from '../../shared/customers/customer.schema';
import { parsePhone } from '../../shared/customers/phone';
import {
  duplicateKey,
  normalizeEmail,
  scoreDuplicate,
  type DuplicateKey,
} from '../../shared/duplicates/duplicate.score';
import {
  IMPORT_BATCH,
  MAX_LISTED_PROBLEMS,
  type ImportFormat,
  type ImportSummary,
  type OnDuplicate,
  type RowProblem,
} from '../../shared/exchange/exchange.schema';
import { normalizeForSearch } from '../../shared/text/normalize';
import { addCustomer, updateCustomer, type CustomerContext } from '../features/customers/customer.service';
import { findCustomer } from '../features/customers/customer.repository';
import { bulkWrite } from '../sync/mutate';

/** One contact read from a file, before cleaning. */
export interface ImportRow {
  row: number;
  kind: CustomerKind | null;
  name: string;
  organization: string;
  phones: { value: string; label: PhoneLabel }[];
  emails: string[];
  city: string;
  address: string;
  tags: string[];
  description: string;
  /** Problems found while reading the row (they do not reject it). */
  warnings: RowProblem[];
}

/** A row the reader already refused. */
export interface RejectedRow {
  row: number;
  rejected: RowProblem;
}

export interface ImportOptions {
  format: ImportFormat;
  dryRun: boolean;
  onDuplicate: OnDuplicate;
}

const emailSchema = customerInputSchema.shape.emails.unwrap().element;

const PHONE_LABEL_TEXT: Record<PhoneLabel, string> = {
  mobile: 'mobile',
  work: 'work',
  home: 'home',
  fax: 'fax',
  other: 'other',
};

interface IndexEntry {
  id: string;
  name: string;
  key: DuplicateKey;
}

/** Exact-block duplicate index over live customers and the rows imported so far. */
class ImportIndex {
  private readonly entries: IndexEntry[] = [];
  private readonly byKey = new Map<string, number[]>();

  constructor(db: Db) {
    const rows = db.prepare('SELECT id, kind, name, phones, emails FROM customers WHERE deleted_at IS NULL').all() as {
      id: string;
      kind: CustomerKind;
      name: string;
      phones: string;
      emails: string;
    }[];
    for (const r of rows) {
      const phones = (JSON.parse(r.phones) as { number: string }[]).map((p) => p.number);
      this.add(
        r.id,
        r.name,
        duplicateKey({ kind: r.kind, name: r.name, phones, emails: JSON.parse(r.emails) as string[] }),
      );
    }
  }

  private static keys(key: DuplicateKey): string[] {
    const keys = new Set<string>();
    if (key.skeleton) {
      keys.add(`n\u0000${key.kind}\u0000${key.skeleton}`);
      keys.add(`n\u0000${key.kind}\u0000${key.sorted}`);
    }
    for (const p of key.phones) keys.add(`p\u0000${key.kind}\u0000${p}`);
    for (const e of key.emails) keys.add(`e\u0000${key.kind}\u0000${e}`);
    return [...keys];
  }

  add(id: string, name: string, key: DuplicateKey): void {
    const index = this.entries.push({ id, name, key }) - 1;
    for (const k of ImportIndex.keys(key)) {
      const list = this.byKey.get(k);
      if (list) list.push(index);
      else this.byKey.set(k, [index]);
    }
  }

  /** The best-scoring duplicate of `key`, if any. */
  best(key: DuplicateKey): IndexEntry | null {
    let best: IndexEntry | null = null;
    let bestScore = 0;
    const seen = new Set<number>();
    for (const k of ImportIndex.keys(key)) {
      for (const i of this.byKey.get(k) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        const entry = this.entries[i];
        if (!entry) continue;
        const score = scoreDuplicate(key, entry.key);
        // Two people of one name with different phones and emails are two people (two Ali Rezaeis):
        // in an import a bare name match counts only when a side has no phone or email to tell.
        const nameOnly = score.reasons.every((r) => r === 'same_name');
        const bothReachable =
          (key.phones.length > 0 || key.emails.length > 0) &&
          (entry.key.phones.length > 0 || entry.key.emails.length > 0);
        if (nameOnly && bothReachable) continue;
        if (score.duplicate && score.score > bestScore) {
          best = entry;
          bestScore = score.score;
        }
      }
    }
    return best;
  }
}

const KIND_WORDS: Record<string, CustomerKind> = {
  person: 'person',
  people: 'person',
  individual: 'person',
  contact: 'person',
  شخص: 'person',
  فرد: 'person',
  حقیقی: 'person',
  organization: 'organization',
  organisation: 'organization',
  org: 'organization',
  company: 'organization',
  account: 'organization',
  business: 'organization',
  سازمان: 'organization',
  شرکت: 'organization',
  حقوقی: 'organization',
};

/** A kind typed in a cell ("Company", «شرکت»), or null when it is not one. */
export function kindFromText(text: string): CustomerKind | null {
  return KIND_WORDS[normalizeForSearch(text).trim()] ?? null;
}

interface Cleaned {
  values: CustomerValues;
  organization: string;
  warnings: RowProblem[];
}

const truncate = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** Valid phones and emails kept; the rest moved to the description with a warning. */
function clean(row: ImportRow, region: string): Cleaned | RowProblem {
  const warnings = [...row.warnings];
  const extra: string[] = [];
  const phones: { number: string; label: PhoneLabel }[] = [];
  const seenPhones = new Set<string>();
  for (const phone of row.phones) {
    const value = phone.value.trim();
    if (!value) continue;
    const number = parsePhone(value, region);
    if (!number) {
      extra.push(`Phone (${PHONE_LABEL_TEXT[phone.label]}): ${value}`);
      warnings.push({ row: row.row, code: 'phone_kept_in_description', params: { value } });
    } else if (!seenPhones.has(number)) {
      seenPhones.add(number);
      if (phones.length < LIMITS.phones) phones.push({ number, label: phone.label });
      else {
        extra.push(`Phone (${PHONE_LABEL_TEXT[phone.label]}): ${value}`);
        warnings.push({ row: row.row, code: 'too_many_values', params: { value, max: LIMITS.phones } });
      }
    }
  }
  const emails: string[] = [];
  const seenEmails = new Set<string>();
  for (const raw of row.emails) {
    const value = raw.trim();
    if (!value) continue;
    if (!emailSchema.safeParse(value).success) {
      extra.push(`Email: ${value}`);
      warnings.push({ row: row.row, code: 'email_kept_in_description', params: { value } });
    } else if (!seenEmails.has(normalizeEmail(value))) {
      seenEmails.add(normalizeEmail(value));
      if (emails.length < LIMITS.emails) emails.push(value);
      else {
        extra.push(`Email: ${value}`);
        warnings.push({ row: row.row, code: 'too_many_values', params: { value, max: LIMITS.emails } });
      }
    }
  }
  const tags = [...new Set(row.tags.map((t) => truncate(t.trim(), LIMITS.tag)).filter(Boolean))].slice(0, LIMITS.tags);

  let kind: CustomerKind = row.kind ?? 'person';
  let name = row.name.replace(/\s+/g, ' ').trim();
  let organization = row.organization.replace(/\s+/g, ' ').trim();
  if (!name && organization && row.kind !== 'person') {
    kind = 'organization';
    name = organization;
  }
  if (kind === 'organization') organization = '';
  if (!name) name = emails[0] ?? row.emails[0]?.trim() ?? row.phones[0]?.value.trim() ?? '';
  if (!name) return { row: row.row, code: 'no_name' };

  let description = [row.description.trim(), ...extra].filter(Boolean).join('\n');
  if (description.length > LIMITS.description) {
    description = description.slice(0, LIMITS.description);
    warnings.push({ row: row.row, code: 'description_truncated', params: { max: LIMITS.description } });
  }
  const values: CustomerValues = {
    kind,
    name,
    organizationId: null,
    phones,
    emails,
    address: truncate(row.address.replace(/\s*\n\s*/g, ', ').trim(), LIMITS.address),
    city: truncate(row.city.trim(), LIMITS.city),
    tags,
    preferredChannel: null,
    description,
  };
  return { values, organization, warnings };
}

class DryRunRollback extends Error {}

function listLimited(list: RowProblem[], items: readonly RowProblem[]): void {
  for (const item of items) if (list.length < MAX_LISTED_PROBLEMS) list.push(item);
}

/** The existing customer with the row's non-empty values; phones, emails and tags united. */
function mergedValues(existing: Customer, incoming: CustomerValues): CustomerValues {
  const phones = [...existing.phones];
  for (const p of incoming.phones) if (!phones.some((q) => q.number === p.number)) phones.push(p);
  const emails = [...existing.emails];
  for (const e of incoming.emails) if (!emails.some((q) => normalizeEmail(q) === normalizeEmail(e))) emails.push(e);
  const pick = (a: string, b: string) => (b ? b : a);
  return {
    kind: existing.kind,
    name: pick(existing.name, incoming.name),
    organizationId: incoming.organizationId ?? existing.organizationId,
    phones: phones.slice(0, LIMITS.phones),
    emails: emails.slice(0, LIMITS.emails),
    address: pick(existing.address, incoming.address),
    city: pick(existing.city, incoming.city),
    tags: [...new Set([...existing.tags, ...incoming.tags])].slice(0, LIMITS.tags),
    preferredChannel: existing.preferredChannel,
    description: pick(existing.description, incoming.description),
  };
}

function rejection(row: number, error: unknown): RowProblem {
  if (error instanceof AppError && error.code === 'validation' && error.issues?.[0]) {
    const issue = error.issues[0];
    return { row, code: 'invalid_row', params: { field: issue.field, issue: issue.code, ...(issue.params ?? {}) } };
  }
  throw error;
}

/** Imports the rows; returns exactly what was created, updated, skipped and rejected. */
export function importRows(
  ctx: CustomerContext,
  rows: Iterable<ImportRow | RejectedRow>,
  options: ImportOptions,
): ImportSummary {
  const db = ctx.writer.db;
  const summary: ImportSummary = {
    format: options.format,
    dryRun: options.dryRun,
    rows: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    rejected: 0,
    organizationsCreated: 0,
    rejections: [],
    skips: [],
    warnings: [],
  };
  const index = new ImportIndex(db);
  const organizations = new Map<string, string>();
  for (const o of db
    .prepare("SELECT id, name FROM customers WHERE kind = 'organization' AND deleted_at IS NULL ORDER BY seq")
    .all() as { id: string; name: string }[]) {
    const k = normalizeForSearch(o.name);
    if (!organizations.has(k)) organizations.set(k, o.id);
  }

  /** The organization's id; a new one is created (and committed to the maps by the caller). */
  const organizationId = (name: string, pending: { key: string; id: string; name: string }[]): string => {
    const k = normalizeForSearch(name);
    const known = organizations.get(k) ?? pending.find((p) => p.key === k)?.id;
    if (known) return known;
    const id = addCustomer(ctx, { ...emptyValues('organization'), name });
    pending.push({ key: k, id, name });
    return id;
  };

  const one = (input: ImportRow | RejectedRow) => {
    summary.rows++;
    if ('rejected' in input) {
      summary.rejected++;
      listLimited(summary.rejections, [input.rejected]);
      return;
    }
    const cleaned = clean(input, ctx.phoneRegion);
    if (!('values' in cleaned)) {
      summary.rejected++;
      listLimited(summary.rejections, [cleaned]);
      return;
    }
    const { organization, warnings } = cleaned;
    // The same schema the window's form is checked with (lengths, emails, choices).
    const checked = customerInputSchema.safeParse(cleaned.values);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      summary.rejected++;
      listLimited(summary.rejections, [
        {
          row: input.row,
          code: 'invalid_row',
          params: {
            field: issue?.path.join('.') ?? '',
            issue: issue?.message ?? 'invalid',
            ...(issue && 'maximum' in issue ? { max: Number(issue.maximum) } : {}),
          },
        },
      ]);
      return;
    }
    const values = checked.data;
    const key = duplicateKey({
      kind: values.kind,
      name: values.name,
      phones: values.phones.map((p) => p.number),
      emails: values.emails,
    });
    const match = options.onDuplicate === 'create' ? null : index.best(key);
    if (match && options.onDuplicate === 'skip') {
      summary.skipped++;
      listLimited(summary.skips, [{ row: input.row, code: 'duplicate_of', params: { name: match.name } }]);
      return;
    }
    const newOrganizations: { key: string; id: string; name: string }[] = [];
    try {
      // A savepoint for a row that may create its organization: a refused row leaves nothing behind.
      const write = (fn: () => void) => (organization ? db.transaction(fn) : fn());
      write(() => {
        if (organization) values.organizationId = organizationId(organization, newOrganizations);
        if (match) {
          const existing = findCustomer(db, match.id);
          if (!existing) throw new Error(`customer ${match.id} vanished during the import`);
          const after = updateCustomer(ctx, match.id, mergedValues(existing, values));
          if (after.updatedAt !== existing.updatedAt) summary.updated++;
          else {
            summary.skipped++;
            listLimited(summary.skips, [{ row: input.row, code: 'duplicate_of', params: { name: match.name } }]);
          }
          index.add(
            after.id,
            after.name,
            duplicateKey({
              kind: after.kind,
              name: after.name,
              phones: after.phones.map((p) => p.number),
              emails: after.emails,
            }),
          );
        } else {
          summary.created++;
          index.add(addCustomer(ctx, values), values.name, key);
        }
      });
      for (const org of newOrganizations) {
        organizations.set(org.key, org.id);
        index.add(org.id, org.name, duplicateKey({ kind: 'organization', name: org.name, phones: [], emails: [] }));
        summary.created++;
        summary.organizationsCreated++;
      }
      listLimited(summary.warnings, warnings);
    } catch (error) {
      summary.rejected++;
      listLimited(summary.rejections, [rejection(input.row, error)]);
    }
  };

  if (options.dryRun) {
    try {
      db.transaction(() =>
        bulkWrite(ctx.writer, () => {
          let done = 0;
          for (const row of rows) {
            one(row);
            if (++done % IMPORT_BATCH === 0) db.refreshStatistics();
          }
          // Thrown before the search index is written: a dry run never pays for it.
          throw new DryRunRollback();
        }),
      );
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    return summary;
  }
  let batch: (ImportRow | RejectedRow)[] = [];
  const flush = () => {
    const current = batch;
    batch = [];
    db.transaction(() =>
      bulkWrite(ctx.writer, () => {
        for (const row of current) one(row);
      }),
    );
    db.refreshStatistics();
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= IMPORT_BATCH) flush();
  }
  if (batch.length) flush();
  return summary;
}

export function emptyValues(kind: CustomerKind): CustomerValues {
  return {
    kind,
    name: '',
    organizationId: null,
    phones: [],
    emails: [],
    address: '',
    city: '',
    tags: [],
    preferredChannel: null,
    description: '',
  };
}
