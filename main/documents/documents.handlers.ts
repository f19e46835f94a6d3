/**
 * `documents.html`, `documents.pdf` and `documents.pdfResult`. Printing is asynchronous and the
 * router is not, so a PDF is a job kept in memory until its result is read (or for 5 minutes).
 */
import crypto from 'node:crypto';
import { billingHandlers } from '../features/billing/billing.handlers';
import type { HandlerContext, HandlerGroup } from '../rpc/handler.types';
import type { DocumentHtml, DocumentErrorKey, PdfJob } from '../../shared/documents/documents.contract';
import type { PaperSize } from '../../shared/documents/printable';
import type { Language } from '../../shared/preferences';
import { documentHtml, pdfFileName, renderPdf, type DocumentKind, type Printable } from './documents.service';
import { PdfError } from './pdf-error';

const JOB_TTL_MS = 5 * 60_000;
const MAX_JOBS = 32;

interface Job {
  result: PdfJob;
  createdAt: number;
}
const jobs = new Map<string, Job>();

function forget(now: number): void {
  for (const [jobId, job] of jobs) {
    if (now - job.createdAt > JOB_TTL_MS || jobs.size > MAX_JOBS) jobs.delete(jobId);
  }
}

interface RenderInput {
  kind: DocumentKind;
  id: string;
  language?: Language | undefined;
  paper: PaperSize;
}

function prepare(input: RenderInput, ctx: HandlerContext): DocumentHtml & { paper: PaperSize } {
  const printable: Printable = billingHandlers['documents.printable']({ kind: input.kind, id: input.id }, ctx);
  const language = input.language ?? ctx.preferences().language;
  const html = documentHtml(printable, { language, paper: input.paper, timeZone: ctx.timeZone });
  const { document } = printable;
  const title = `${document.kind} ${document.number ?? ''}`.trim();
  return { html, fileName: pdfFileName(document), title, paper: input.paper };
}

function failure(error: unknown): { key: DocumentErrorKey; detail: string } {
  if (error instanceof PdfError) return { key: error.key, detail: error.detail };
  return { key: 'document.error.renderFailed', detail: error instanceof Error ? error.message : String(error) };
}

export const documentHandlers: HandlerGroup<'documents.html' | 'documents.pdf' | 'documents.pdfResult'> = {
  'documents.html': (input, ctx) => {
    const { html, fileName, title } = prepare(input, ctx);
    return { html, fileName, title };
  },
  'documents.pdf': (input, ctx) => {
    // Errors about the document itself (not found, invalid) are thrown here, synchronously.
    const prepared = prepare(input, ctx);
    const now = ctx.now();
    forget(now);
    const jobId = crypto.randomUUID();
    const job: Job = { result: { state: 'pending' }, createdAt: now };
    jobs.set(jobId, job);
    renderPdf(prepared.html, prepared.paper).then(
      (pdf) => {
        job.result = { state: 'done', fileName: prepared.fileName, base64: Buffer.from(pdf).toString('base64') };
      },
      (error: unknown) => {
        job.result = { state: 'failed', ...failure(error) };
      },
    );
    return { jobId };
  },
  'documents.pdfResult': ({ jobId }) => {
    const job = jobs.get(jobId);
    if (!job) return { state: 'failed', key: 'document.error.renderFailed', detail: 'unknown or expired job' };
    if (job.result.state !== 'pending') jobs.delete(jobId);
    return job.result;
  },
};
