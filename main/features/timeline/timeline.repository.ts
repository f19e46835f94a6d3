/**
 * The customer 360 timeline: notes, activities, the customer's own field changes, quotes,
 * invoices and payments, merged
 * newest first and paged by a cursor. Each kind is read with its own index-ordered, limited
 * query, so a page costs the same for a customer with ten activities or ten thousand.
 */
import type { Db } from '../../../db/database';
import type { CustomerSummary, TimelineItem, TimelineKind, TimelinePage } from '../../../shared/customers/customer360';
import type { HistoryEntry } from '../../../shared/history';
import { activitiesForTimeline, activitiesWithNames, toActivity } from '../activities/activity.repository';
import {
  customerBillingFacts,
  invoicesForTimeline,
  paymentsForTimeline,
  quotesForTimeline,
} from '../billing/billing.repository';
import { customerHistory } from '../customers/customer.repository';
import { notesForTimeline } from '../notes/note.repository';
import type { KeysetBefore } from './keyset';

/**
 * Among items at the same time: payments first, then invoices, quotes, activities, changes and
 * notes last (a payment recorded with its invoice reads newest-first above it). Each kind has its
 * own value; the cursor rules in `beforeFor` follow from this order alone.
 */
const KIND_ORDER: Record<TimelineKind, number> = {
  payment: 5,
  invoice: 4,
  quote: 3,
  activity: 2,
  change: 1,
  note: 0,
};

interface Entry {
  at: string;
  kind: TimelineKind;
  /** seq (notes, activities, billing records) or HLC (changes): the order within one kind at one time. */
  key: number | string;
  item: TimelineItem;
}

interface Cursor {
  at: string;
  kind: TimelineKind;
  key: string;
}

function encodeCursor(entry: Entry): string {
  return `${entry.at}|${entry.kind}|${entry.key}`;
}

function decodeCursor(cursor: string | null): Cursor | null {
  if (!cursor) return null;
  const [at = '', kind = '', key = ''] = cursor.split('|');
  if (!(kind in KIND_ORDER) || !/^\d{4}-/.test(at)) return null;
  return { at, kind: kind as TimelineKind, key };
}

function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Newest first: descending by time, kind order, then key. */
function newestFirst(a: { at: string; kind: TimelineKind; key: number | string }, b: typeof a): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.kind !== b.kind) return KIND_ORDER[b.kind] - KIND_ORDER[a.kind];
  return -compareKeys(a.key, b.key);
}

/** The keyset condition for one kind, so that only items after the cursor are read. */
function beforeFor(kind: TimelineKind, cursor: Cursor | null): KeysetBefore | null {
  if (!cursor) return null;
  if (kind === cursor.kind) return { at: cursor.at, seq: Number(cursor.key), mode: 'tuple' };
  return { at: cursor.at, seq: 0, mode: KIND_ORDER[kind] > KIND_ORDER[cursor.kind] ? 'lt' : 'lte' };
}

function changeEntries(db: Db, customerId: string): Entry[] {
  const groups = new Map<string, HistoryEntry[]>();
  for (const entry of customerHistory(db, customerId)) {
    const group = groups.get(entry.hlc) ?? [];
    group.push(entry);
    groups.set(entry.hlc, group);
  }
  return [...groups].map(([hlc, changes]) => ({
    at: changes[0]?.at ?? hlc.slice(0, 24),
    kind: 'change' as const,
    key: hlc,
    item: { kind: 'change' as const, at: changes[0]?.at ?? hlc.slice(0, 24), changes },
  }));
}

export function customerTimeline(
  db: Db,
  customerId: string,
  kinds: readonly TimelineKind[],
  cursorText: string | null,
  limit: number,
  now: string = new Date().toISOString(),
): TimelinePage {
  const cursor = decodeCursor(cursorText);
  const want = limit + 1;
  const entries: Entry[] = [];
  if (kinds.includes('note')) {
    for (const note of notesForTimeline(db, customerId, beforeFor('note', cursor), want)) {
      entries.push({
        at: note.createdAt,
        kind: 'note',
        key: note.seq,
        item: { kind: 'note', at: note.createdAt, note },
      });
    }
  }
  if (kinds.includes('activity')) {
    const before = beforeFor('activity', cursor);
    for (const column of ['customer_id', 'person_id'] as const) {
      for (const { seq, timelineAt, ...activity } of activitiesForTimeline(db, customerId, column, before, want)) {
        entries.push({
          at: timelineAt,
          kind: 'activity',
          key: seq,
          item: { kind: 'activity', at: timelineAt, activity },
        });
      }
    }
  }
  if (kinds.includes('quote')) {
    for (const { seq, at, ...quote } of quotesForTimeline(db, customerId, beforeFor('quote', cursor), want, now)) {
      entries.push({ at, kind: 'quote', key: seq, item: { kind: 'quote', at, quote } });
    }
  }
  if (kinds.includes('invoice')) {
    for (const { seq, at, ...invoice } of invoicesForTimeline(
      db,
      customerId,
      beforeFor('invoice', cursor),
      want,
      now,
    )) {
      entries.push({ at, kind: 'invoice', key: seq, item: { kind: 'invoice', at, invoice } });
    }
  }
  if (kinds.includes('payment')) {
    for (const row of paymentsForTimeline(db, customerId, beforeFor('payment', cursor), want)) {
      const payment = {
        id: row.payment.id,
        invoiceId: row.payment.invoiceId,
        invoiceNumber: row.invoiceNumber,
        currency: row.currency,
        amount: row.payment.amountMinor,
        method: row.payment.method,
        chequeNumber: row.payment.chequeNumber,
      };
      entries.push({ at: row.at, kind: 'payment', key: row.seq, item: { kind: 'payment', at: row.at, payment } });
    }
  }
  if (kinds.includes('change')) {
    const all = changeEntries(db, customerId);
    entries.push(...(cursor ? all.filter((e) => newestFirst(e, { ...cursor, key: cursorKey(cursor) }) > 0) : all));
  }
  entries.sort(newestFirst);
  const page = entries.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map((e) => e.item), nextCursor: entries.length > limit && last ? encodeCursor(last) : null };
}

function cursorKey(cursor: Cursor): number | string {
  return cursor.kind === 'change' ? cursor.key : Number(cursor.key);
}

/**
 * The 360 header. Each fact is read once per link column (the customer itself, and activities
 * where they took part as the person) through its own index, and combined here: an OR across the
 * two columns would make SQLite scan every activity.
 */
export function customerSummary(db: Db, customerId: string, now: string): CustomerSummary {
  const columns = ['customer_id', 'person_id'] as const;
  const live = (column: (typeof columns)[number]) => {
    let query = activitiesWithNames().where('a.deleted_at', 'is', null).where(`a.${column}`, '=', customerId);
    if (column === 'person_id') query = query.where('a.customer_id', '!=', customerId);
    return query;
  };
  const lastContacts = columns.flatMap((column) => {
    const row = db.first(
      live(column)
        .where('a.status', '=', 'done')
        .where('a.type', '!=', 'task')
        .where('a.timeline_at', '<=', now)
        .orderBy('a.timeline_at', 'desc')
        .limit(1),
    );
    return row ? [row] : [];
  });
  const lastContact = lastContacts.sort((a, b) => (a.timeline_at < b.timeline_at ? 1 : -1))[0];
  const nexts = columns.flatMap((column) => {
    const row = db.first(
      live(column).where('a.status', '=', 'planned').where('a.due_at', '>=', now).orderBy('a.due_at').limit(1),
    );
    return row ? [row] : [];
  });
  const next = nexts.sort((a, b) => ((a.due_at ?? '') < (b.due_at ?? '') ? -1 : 1))[0];
  let openTasks = 0;
  let overdue = 0;
  for (const column of columns) {
    const counts = db
      .prepare(
        `SELECT count(*) FILTER (WHERE type = 'task') AS open_tasks, count(*) FILTER (WHERE due_at < ?) AS overdue
         FROM activities
         WHERE ${column} = ? AND deleted_at IS NULL AND status = 'planned'
           ${column === 'person_id' ? 'AND customer_id != ?' : ''}`,
      )
      .get(now, customerId, ...(column === 'person_id' ? [customerId] : [])) as { open_tasks: number; overdue: number };
    openTasks += counts.open_tasks;
    overdue += counts.overdue;
  }
  const notes = db
    .prepare('SELECT count(*) AS n FROM notes WHERE customer_id = ? AND deleted_at IS NULL')
    .get(customerId) as { n: number };
  return {
    lastContact: lastContact ? { at: lastContact.timeline_at, type: lastContact.type } : null,
    nextActivity: next ? toActivity(next) : null,
    openTasks,
    overdue,
    notes: notes.n,
    billing: customerBillingFacts(db, customerId),
  };
}
