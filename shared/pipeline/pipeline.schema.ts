/**
 * Leads, pipeline stages and opportunities: input schemas (shared by main, the authority, and
 * forms, for instant feedback) and the shapes returned by the contract. Amounts are integer
 * minor units of an ISO 4217 currency; probabilities are basis points (10,000 = 100%).
 */
import { z } from 'zod';
import type { DuplicateCandidate } from '../duplicates/duplicate.schema';
import type { Customer } from '../customers/customer.schema';
import { isLocalDate } from '../calendar/calendar';
import { STAGE_KINDS, type StageKind } from './stages';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'disqualified', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
/** Statuses a user sets by hand; `converted` is only reached by converting. */
export const EDITABLE_LEAD_STATUSES = ['new', 'contacted', 'qualified', 'disqualified'] as const;
export const LEAD_SOURCES = ['phone', 'walk_in', 'website', 'referral', 'social', 'campaign', 'other'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

const id = z.uuid({ error: 'invalid_id' });
const text = (max: number) => z.string({ error: 'invalid' }).trim().max(max, { error: 'too_long' });
const localDate = z.string({ error: 'invalid_date' }).refine((value) => isLocalDate(value), { error: 'invalid_date' });

export const leadInputSchema = z.object({
  name: text(200).min(1, { error: 'required' }),
  company: text(200).default(''),
  phone: text(40).default(''),
  email: z
    .string({ error: 'invalid' })
    .trim()
    .max(320, { error: 'too_long' })
    .refine((value) => value === '' || z.email().safeParse(value).success, { error: 'invalid_email' })
    .default(''),
  source: z.enum(LEAD_SOURCES, { error: 'invalid_choice' }).default('other'),
  status: z.enum(EDITABLE_LEAD_STATUSES, { error: 'invalid_choice' }).default('new'),
  /** Required when the status is `disqualified`. */
  disqualifyReason: text(500).default(''),
  notes: text(10_000).default(''),
  /** Default: the current user. */
  ownerId: id.nullable().default(null),
});
export type LeadInput = z.input<typeof leadInputSchema>;
export type LeadValues = z.output<typeof leadInputSchema>;

export const leadListQuerySchema = z
  .object({
    status: z.enum(LEAD_STATUSES, { error: 'invalid_choice' }).nullable().default(null),
    /** Show converted and disqualified leads too (by default only the ones still being worked). */
    includeClosed: z.boolean({ error: 'invalid' }).default(false),
    query: text(200).default(''),
    offset: z.number().int().min(0, { error: 'invalid' }).default(0),
    limit: z.number().int().min(1, { error: 'invalid' }).max(1000, { error: 'too_big' }).default(200),
  })
  .strict();
export type LeadListQuery = z.input<typeof leadListQuerySchema>;

export interface Lead {
  id: string;
  name: string;
  company: string;
  /** E.164, or '' */
  phone: string;
  email: string;
  source: LeadSource;
  status: LeadStatus;
  disqualifyReason: string;
  notes: string;
  ownerId: string;
  convertedCustomerId: string | null;
  convertedCustomerName: string | null;
  convertedOpportunityId: string | null;
  convertedAt: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface LeadListResult {
  total: number;
  rows: Lead[];
}

export const amountMinor = z
  .number({ error: 'invalid' })
  .int({ error: 'invalid' })
  .min(0, { error: 'negative_amount' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'too_big' });
export const currencyCode = z
  .string({ error: 'invalid_currency' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { error: 'invalid_currency' });
const basisPoints = z
  .number({ error: 'invalid' })
  .int({ error: 'invalid' })
  .min(0, { error: 'invalid' })
  .max(10_000, { error: 'too_big' });

export const opportunityInputSchema = z.object({
  title: text(300).min(1, { error: 'required' }),
  customerId: id,
  /** Default: the first open stage. */
  stageId: id.nullable().default(null),
  amountMinor: amountMinor.default(0),
  currency: currencyCode.default('IRR'),
  /** Default: the stage's default probability. */
  probabilityBp: basisPoints.nullable().default(null),
  expectedCloseDate: localDate.nullable().default(null),
  /** Required when the stage is a lost stage. */
  lostReason: text(500).default(''),
  ownerId: id.nullable().default(null),
});
export type OpportunityInput = z.input<typeof opportunityInputSchema>;
export type OpportunityValues = z.output<typeof opportunityInputSchema>;

export const opportunityMoveSchema = z
  .object({
    id,
    stageId: id,
    /** Required when moving to a lost stage. */
    lostReason: text(500).default(''),
  })
  .strict();
export type OpportunityMove = z.input<typeof opportunityMoveSchema>;

export const opportunityListQuerySchema = z
  .object({
    stageId: id.nullable().default(null),
    customerId: id.nullable().default(null),
    kind: z.enum(STAGE_KINDS, { error: 'invalid_choice' }).nullable().default(null),
    query: text(200).default(''),
    offset: z.number().int().min(0, { error: 'invalid' }).default(0),
    limit: z.number().int().min(1, { error: 'invalid' }).max(1000, { error: 'too_big' }).default(200),
  })
  .strict();
export type OpportunityListQuery = z.input<typeof opportunityListQuerySchema>;

export interface Opportunity {
  id: string;
  title: string;
  customerId: string;
  customerName: string;
  stageId: string;
  stageKind: StageKind;
  amountMinor: number;
  currency: string;
  probabilityBp: number;
  expectedCloseDate: string | null;
  ownerId: string;
  lostReason: string;
  leadId: string | null;
  stageEnteredAt: string;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface OpportunityListResult {
  total: number;
  rows: Opportunity[];
}

export interface StageHistoryEntry {
  id: string;
  stageId: string;
  stageName: string;
  enteredAt: string;
  leftAt: string | null;
}

export interface OpportunityDetail {
  opportunity: Opportunity;
  history: StageHistoryEntry[];
}

export const stageInputSchema = z.object({
  name: text(100).min(1, { error: 'required' }),
  probabilityBp: basisPoints.default(0),
  kind: z.enum(STAGE_KINDS, { error: 'invalid_choice' }).default('open'),
  /** 1-based place on the board; default: after the last stage. */
  position: z.number().int({ error: 'invalid' }).min(1, { error: 'invalid' }).nullable().default(null),
});
export type StageInput = z.input<typeof stageInputSchema>;
export type StageValues = z.output<typeof stageInputSchema>;

export interface Stage {
  id: string;
  name: string;
  position: number;
  probabilityBp: number;
  kind: StageKind;
}

export interface MoneyTotal {
  currency: string;
  amountMinor: number;
}

export interface BoardColumn {
  stage: Stage;
  /** Live opportunities in the stage. */
  count: number;
  /** Sum of amounts per currency, largest first. */
  totals: MoneyTotal[];
  /** The cards shown: every open one; for won/lost stages the most recently closed. */
  opportunities: Opportunity[];
}

export interface Board {
  columns: BoardColumn[];
}

/** How a lead becomes customers: link to an existing one, create a new one, or neither. */
const customerChoice = z
  .object({
    /** Link to this existing customer instead of creating one. */
    existingId: id.nullable().default(null),
    /** Create a new customer from the lead (ignored when linking). */
    create: z.boolean({ error: 'invalid' }).default(false),
    /** Create even though likely duplicates exist (the user has seen them). */
    ignoreDuplicates: z.boolean({ error: 'invalid' }).default(false),
  })
  .strict();

export const leadConvertSchema = z
  .object({
    id,
    organization: customerChoice.default({ existingId: null, create: false, ignoreDuplicates: false }),
    person: customerChoice.default({ existingId: null, create: true, ignoreDuplicates: false }),
    /** The opportunity created with the customer; null: none. */
    opportunity: opportunityInputSchema.omit({ customerId: true }).nullable().default(null),
  })
  .strict();
export type LeadConvertInput = z.input<typeof leadConvertSchema>;
export type LeadConvertValues = z.output<typeof leadConvertSchema>;

export interface LeadDuplicates {
  organization: DuplicateCandidate[];
  person: DuplicateCandidate[];
}

export interface LeadConvertResult {
  lead: Lead;
  /** The customer the opportunity belongs to (the organization if there is one). */
  customer: Customer;
  person: Customer | null;
  opportunity: Opportunity | null;
}
