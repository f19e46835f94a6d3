import { z } from 'zod';

export const CUSTOMER_KINDS = ['organization', 'person'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export const CONTACT_CHANNELS = ['phone', 'sms', 'email', 'whatsapp', 'telegram', 'in_person'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const PHONE_LABELS = ['mobile', 'work', 'home', 'fax', 'other'] as const;
export type PhoneLabel = (typeof PHONE_LABELS)[number];

export const CUSTOMER_SORTS = ['name', 'createdAt', 'updatedAt', 'city'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export const LIMITS = {
  name: 200,
  address: 500,
  city: 100,
  description: 10_000,
  tag: 50,
  tags: 30,
  phones: 20,
  emails: 20,
} as const;

const id = z.uuid({ error: 'invalid_id' });

/** Text field: trimmed; empty is allowed unless `min(1)` is chained. */
const text = (max: number) => z.string({ error: 'invalid' }).trim().max(max, { error: 'too_long' });

export const phoneInputSchema = z.object({
  // Digits may be typed in Persian or Arabic-Indic; main parses and normalizes with libphonenumber-js.
  number: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(40, { error: 'invalid_phone' }),
  label: z.enum(PHONE_LABELS, { error: 'invalid_choice' }).default('mobile'),
});
export type PhoneInput = z.input<typeof phoneInputSchema>;

export const customerInputSchema = z.object({
  kind: z.enum(CUSTOMER_KINDS, { error: 'invalid_choice' }),
  name: text(LIMITS.name).min(1, { error: 'required' }),
  organizationId: id.nullable().default(null),
  phones: z.array(phoneInputSchema).max(LIMITS.phones, { error: 'too_many' }).default([]),
  emails: z
    .array(
      z
        .string({ error: 'invalid_email' })
        .trim()
        .min(1, { error: 'required' })
        .pipe(z.email({ error: 'invalid_email' })),
    )
    .max(LIMITS.emails, { error: 'too_many' })
    .default([]),
  address: text(LIMITS.address).default(''),
  city: text(LIMITS.city).default(''),
  tags: z
    .array(text(LIMITS.tag).min(1, { error: 'required' }))
    .max(LIMITS.tags, { error: 'too_many' })
    .default([]),
  preferredChannel: z.enum(CONTACT_CHANNELS, { error: 'invalid_choice' }).nullable().default(null),
  description: text(LIMITS.description).default(''),
});
export type CustomerInput = z.input<typeof customerInputSchema>;
export type CustomerValues = z.output<typeof customerInputSchema>;

export const customerListQuerySchema = z.object({
  query: z.string().max(200, { error: 'too_long' }).default(''),
  kind: z.enum(CUSTOMER_KINDS, { error: 'invalid_choice' }).nullable().default(null),
  tag: z.string().max(LIMITS.tag, { error: 'too_long' }).nullable().default(null),
  /** UTC ISO-8601 bounds on the creation time: from inclusive, to exclusive. */
  createdFrom: z.iso.datetime({ error: 'invalid' }).nullable().default(null),
  createdTo: z.iso.datetime({ error: 'invalid' }).nullable().default(null),
  sort: z.enum(CUSTOMER_SORTS, { error: 'invalid_choice' }).default('name'),
  direction: z.enum(['asc', 'desc'], { error: 'invalid_choice' }).default('asc'),
  offset: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(0, { error: 'invalid' }).default(0),
  limit: z
    .number({ error: 'invalid' })
    .int({ error: 'invalid' })
    .min(1, { error: 'invalid' })
    .max(500, { error: 'invalid' })
    .default(50),
});
export type CustomerListQuery = z.input<typeof customerListQuerySchema>;
export type CustomerListQueryValues = z.output<typeof customerListQuerySchema>;

export interface Phone {
  /** E.164, e.g. +989121234567 */
  number: string;
  label: PhoneLabel;
}

export interface Customer {
  id: string;
  kind: CustomerKind;
  name: string;
  organizationId: string | null;
  phones: Phone[];
  emails: string[];
  address: string;
  city: string;
  tags: string[];
  preferredChannel: ContactChannel | null;
  description: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** A stored customer's values, in the shape they are edited and sent in. */
export function customerValues(customer: Customer): CustomerValues {
  return {
    kind: customer.kind,
    name: customer.name,
    organizationId: customer.organizationId,
    phones: customer.phones.map((p) => ({ number: p.number, label: p.label })),
    emails: customer.emails,
    address: customer.address,
    city: customer.city,
    tags: customer.tags,
    preferredChannel: customer.preferredChannel,
    description: customer.description,
  };
}

export interface CustomerRef {
  id: string;
  name: string;
  kind: CustomerKind;
  deleted: boolean;
}

export interface CustomerListRow {
  id: string;
  kind: CustomerKind;
  name: string;
  organizationName: string | null;
  phones: Phone[];
  emails: string[];
  city: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface CustomerListResult {
  total: number;
  offset: number;
  rows: CustomerListRow[];
}

export interface CustomerDetail {
  customer: Customer;
  organization: CustomerRef | null;
  /** People who belong to this organization (empty for a person). */
  people: CustomerRef[];
  ownerName: string;
}
