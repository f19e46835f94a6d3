import { z } from 'zod';
import type { Activity, ActivityType } from '../activities/activity.schema';
import type { InvoiceKind, InvoiceStatus, PaymentMethod, QuoteStatus } from '../billing/billing.schema';
import type { HistoryEntry } from '../history';
import type { Note } from '../notes/note.schema';

/** Billing facts of one customer in one currency (amounts in minor units). */
export interface CustomerBillingSummary {
  currency: string;
  /** Still owed: issued invoices' totals − payments − issued credit notes. */
  openBalance: number;
  /** Invoiced, net of issued credit notes; drafts and void invoices are not counted. */
  purchases: number;
  /** Issued (or paid) invoices, credit notes not counted. */
  invoices: number;
  /** When the latest invoice was issued. */
  lastInvoiceAt: string | null;
}

/** Header facts of the customer 360 page. */
export interface CustomerSummary {
  /** The latest call, email, meeting or letter that was done. */
  lastContact: { at: string; type: ActivityType } | null;
  /** The earliest planned activity from now on. */
  nextActivity: Activity | null;
  /** Planned tasks (type task), whatever their due date. */
  openTasks: number;
  /** Planned activities of any type whose time has passed: calls not made, meetings missed, tasks late. */
  overdue: number;
  notes: number;
  /** One entry per currency the customer was invoiced in, by currency code; empty if none. */
  billing: CustomerBillingSummary[];
}

export const TIMELINE_KINDS = ['note', 'activity', 'change', 'quote', 'invoice', 'payment'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export type TimelineItem =
  | { kind: 'note'; at: string; note: Note }
  | { kind: 'activity'; at: string; activity: Activity }
  /** One write to the customer record: its field changes (from the change log). */
  | { kind: 'change'; at: string; changes: HistoryEntry[] }
  /** A quote, at its creation. */
  | { kind: 'quote'; at: string; quote: TimelineQuote }
  /** An invoice or credit note, at its issue (a draft: at its creation). */
  | { kind: 'invoice'; at: string; invoice: TimelineInvoice }
  /** A payment, at its date. */
  | { kind: 'payment'; at: string; payment: TimelinePayment };

export interface TimelineQuote {
  id: string;
  status: QuoteStatus;
  currency: string;
  total: number;
  validUntil: string | null;
  invoiceId: string | null;
}

export interface TimelineInvoice {
  id: string;
  kind: InvoiceKind;
  /** Null for a draft: numbers are given when issued. */
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  total: number;
  paid: number;
  balance: number;
  dueAt: string | null;
}

export interface TimelinePayment {
  id: string;
  invoiceId: string;
  invoiceNumber: string | null;
  currency: string;
  amount: number;
  method: PaymentMethod;
  chequeNumber: string;
}

export interface TimelinePage {
  items: TimelineItem[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

export const timelineQuerySchema = z
  .object({
    id: z.uuid({ error: 'invalid_id' }),
    kinds: z
      .array(z.enum(TIMELINE_KINDS, { error: 'invalid_choice' }))
      .min(1, { error: 'required' })
      .default([...TIMELINE_KINDS]),
    cursor: z.string().max(200, { error: 'invalid' }).nullable().default(null),
    limit: z.number().int().min(1, { error: 'invalid' }).max(200, { error: 'too_big' }).default(50),
  })
  .strict();
