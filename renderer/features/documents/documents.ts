/**
 * "Export PDF" and "Print" for quotes and invoices, called by the billing pages' buttons
 * (data-testid="export-pdf" and "print-document").
 *
 * Export: main prints the one template to PDF (Electron's printToPDF on the desktop, the system
 * Chromium in browser mode) as a job; this polls for it and saves the file through a download.
 * Print: the same HTML in a hidden frame and the system print dialog — no PDF round trip.
 */
import { invoke, RpcError } from '../../lib/client';
import type { DocumentErrorKey } from '../../../shared/documents/documents.contract';
import type { PaperSize } from '../../../shared/documents/printable';
import { describeError, type Translator } from '../../../shared/i18n/index';
import type { Language } from '../../../shared/preferences';

export type DocumentKind = 'quote' | 'invoice';

export interface DocumentOptions {
  /** The app's language when absent. */
  language?: Language;
  paper?: PaperSize;
}

/** The PDF could not be made (no Chromium in browser mode, or printing failed). */
export class DocumentPdfError extends Error {
  constructor(
    readonly key: DocumentErrorKey,
    readonly detail: string,
  ) {
    super(`${key}: ${detail}`);
    this.name = 'DocumentPdfError';
  }
}

const POLL_MS = 80;
const TIMEOUT_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function request(kind: DocumentKind, id: string, options: DocumentOptions) {
  return { kind, id, paper: options.paper ?? 'A4', ...(options.language ? { language: options.language } : {}) };
}

/** The document as PDF bytes and a file name, e.g. `invoice-A-1405-00042.pdf`. */
export async function documentPdf(
  kind: DocumentKind,
  id: string,
  options: DocumentOptions = {},
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { jobId } = await invoke('documents.pdf', request(kind, id, options));
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    const job = await invoke('documents.pdfResult', { jobId });
    if (job.state === 'done') {
      const binary = atob(job.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return { fileName: job.fileName, bytes };
    }
    if (job.state === 'failed') throw new DocumentPdfError(job.key, job.detail);
    await sleep(POLL_MS);
  }
  throw new DocumentPdfError('document.error.renderFailed', 'timed out');
}

/** Makes the PDF and saves it through the browser's (or Electron's) download; returns the file name. */
export async function exportDocumentPdf(
  kind: DocumentKind,
  id: string,
  options: DocumentOptions = {},
): Promise<string> {
  const { fileName, bytes } = await documentPdf(kind, id, options);
  const url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type: 'application/pdf' }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
  return fileName;
}

/** Opens the system print dialog for the document (same template as the PDF). */
export async function printDocument(kind: DocumentKind, id: string, options: DocumentOptions = {}): Promise<void> {
  const { html, title } = await invoke('documents.html', request(kind, id, options));
  const frame = document.createElement('iframe');
  frame.title = title;
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText =
    'position:fixed;inset-inline-start:-10000px;width:210mm;height:297mm;border:0;visibility:hidden';
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.srcdoc = html;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow;
  if (!win) {
    frame.remove();
    return;
  }
  await win.document.fonts.ready;
  win.addEventListener('afterprint', () => setTimeout(() => frame.remove(), 0), { once: true });
  win.focus();
  win.print();
}

/** One translated sentence for a failure of export or print. */
export function describeDocumentError(t: Translator, error: unknown): string {
  if (error instanceof DocumentPdfError) return t(error.key, { detail: error.detail });
  if (error instanceof RpcError) return describeError(t, error.payload);
  return t('error.internal', { detail: error instanceof Error ? error.message : String(error) });
}
