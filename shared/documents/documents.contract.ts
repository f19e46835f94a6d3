/**
 * Printed quotes and invoices over the contract; spread into the one contract in shared/contract.ts.
 *
 * The router is synchronous and printing is not, so a PDF is a job: `documents.pdf` starts it
 * and returns at once; `documents.pdfResult` is asked until it is done (the window polls a few
 * times a second). `documents.html` returns the page itself, which the window prints with the
 * system print dialog.
 */
import { z } from 'zod';
import { id, method } from '../contract-kit';
import { LANGUAGES } from '../preferences';
import { PAPER_SIZES } from './printable';

export const documentRenderSchema = z
  .object({
    kind: z.enum(['quote', 'invoice'], { error: 'invalid_choice' }),
    id,
    /** The app's language when absent. */
    language: z.enum(LANGUAGES, { error: 'invalid_choice' }).optional(),
    paper: z.enum(PAPER_SIZES, { error: 'invalid_choice' }).default('A4'),
  })
  .strict();

export interface DocumentHtml {
  html: string;
  /** e.g. `invoice-A-1405-00042.pdf` */
  fileName: string;
  title: string;
}

export const DOCUMENT_ERROR_KEYS = ['document.error.noChromium', 'document.error.renderFailed'] as const;
export type DocumentErrorKey = (typeof DOCUMENT_ERROR_KEYS)[number];

export type PdfJob =
  | { state: 'pending' }
  | { state: 'done'; fileName: string; /** The PDF, base64. */ base64: string }
  | { state: 'failed'; key: DocumentErrorKey; detail: string };

export const documentsContract = {
  'documents.html': method<DocumentHtml>()(documentRenderSchema),
  'documents.pdf': method<{ jobId: string }>()(documentRenderSchema),
  'documents.pdfResult': method<PdfJob>()(z.object({ jobId: id }).strict()),
} as const;
