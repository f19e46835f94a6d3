/**
 * What a quote or invoice PDF is made from: a complete, self-contained snapshot of the document
 * and the business profile, with every amount already computed (integer minor units) by the
 * billing service. The HTML template is a pure function of this, the profile and the locale.
 */
import { z } from 'zod';

export const RIAL_DISPLAYS = ['rial', 'toman'] as const;
export type RialDisplayChoice = (typeof RIAL_DISPLAYS)[number];

export interface BusinessProfile {
  name: string;
  address: string;
  phone: string;
  /** National ID / economic code printed on Iranian invoices. */
  taxCode: string;
  /** Logo as a data: URL (PNG/JPEG/SVG), embedded so nothing is fetched. */
  logoDataUrl: string | null;
  defaultCurrency: string;
  defaultTaxBasisPoints: number;
  /** How IRR amounts are shown: in Rial or in Toman (Rial / 10). */
  rialDisplay: RialDisplayChoice;
  footer: string;
}

export const businessProfileSchema = z
  .object({
    name: z.string().trim().max(200, { error: 'too_long' }),
    address: z.string().trim().max(500, { error: 'too_long' }),
    phone: z.string().trim().max(60, { error: 'too_long' }),
    taxCode: z.string().trim().max(40, { error: 'too_long' }),
    logoDataUrl: z
      .string()
      .max(2_000_000, { error: 'too_long' })
      .regex(/^data:image\/(png|jpeg|svg\+xml);base64,/, { error: 'invalid' })
      .nullable(),
    defaultCurrency: z.string().regex(/^[A-Z]{3}$/, { error: 'invalid_choice' }),
    defaultTaxBasisPoints: z.number().int().min(0, { error: 'invalid' }).max(10_000, { error: 'too_big' }),
    rialDisplay: z.enum(RIAL_DISPLAYS, { error: 'invalid_choice' }),
    footer: z.string().trim().max(2_000, { error: 'too_long' }),
  })
  .strict();

export interface PrintableLine {
  description: string;
  sku: string;
  unit: string;
  quantityMilli: number;
  unitPriceMinor: number;
  /** Line discount plus this line's share of the document discount. */
  discountMinor: number;
  taxBasisPoints: number;
  taxMinor: number;
  /** Net after discounts, plus tax. */
  totalMinor: number;
}

export interface PrintablePayment {
  date: string;
  method: 'cash' | 'card' | 'bank_transfer' | 'cheque';
  amountMinor: number;
  reference: string;
}

export interface PrintableDocument {
  kind: 'quote' | 'invoice';
  /** e.g. `A-1405-00042`; null for a draft (never formatted with separators). */
  number: string | null;
  status: string;
  /** UTC ISO-8601 instants. */
  issuedAt: string | null;
  /** Invoice due date or quote validity date. */
  dueAt: string | null;
  currency: string;
  customer: { name: string; address: string; phone: string; email: string; taxCode: string };
  lines: PrintableLine[];
  totals: {
    gross: number;
    discount: number;
    net: number;
    tax: number;
    total: number;
    paid: number;
    balance: number;
  };
  payments: PrintablePayment[];
  notes: string;
}

export const PAPER_SIZES = ['A4', 'A5'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];
