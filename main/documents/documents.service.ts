/**
 * Quotes and invoices as HTML and PDF: fetches the printable snapshot through the contract
 * (`documents.printable`, owned by billing), applies the one template, and prints it with the
 * registered PDF printer (Electron in the desktop app, the system Chromium elsewhere).
 */
import type { App } from '../app';
import type { Dispatch } from '../rpc/router';
import type { BusinessProfile, PaperSize, PrintableDocument } from '../../shared/documents/printable';
import { renderDocumentHtml } from '../../shared/documents/template';
import type { Language } from '../../shared/preferences';
import type { RpcErrorPayload } from '../../shared/errors';
import { documentFonts } from './fonts';
import { pdfPrinter } from './pdf-port';

export type DocumentKind = PrintableDocument['kind'];

export interface Printable {
  document: PrintableDocument;
  profile: BusinessProfile;
}

/** Which document: by id (the window), or an invoice by its number (the CLI). */
export type DocumentRef = { kind: DocumentKind; id: string } | { kind: DocumentKind; number: string };

export interface RenderOptions {
  language: Language;
  paper: PaperSize;
  timeZone: string;
}

export class PrintableError extends Error {
  constructor(readonly payload: RpcErrorPayload) {
    super(payload.code);
  }
}

/** The snapshot from billing's `documents.printable`, through the same dispatch as every caller. */
export function loadPrintable(dispatch: Dispatch, ref: DocumentRef): Printable {
  const result = dispatch('documents.printable', ref);
  if (!result.ok) throw new PrintableError(result.error);
  return result.value as Printable;
}

export function documentHtml(printable: Printable, options: RenderOptions): string {
  return renderDocumentHtml(printable.document, printable.profile, { ...options, fonts: documentFonts() });
}

/** A file name for the PDF: `invoice-A-1405-00042.pdf`, `quote-draft.pdf`. */
export function pdfFileName(document: PrintableDocument): string {
  const number = (document.number ?? 'draft').replace(/[^\p{L}\p{N}._-]+/gu, '_');
  return `${document.kind}-${number}.pdf`;
}

export function renderPdf(html: string, paper: PaperSize): Promise<Uint8Array> {
  return pdfPrinter().print(html, paper);
}

/** Options from the app's preferences where the caller gave none. */
export function renderOptions(
  app: Pick<App, 'preferences' | 'timeZone'>,
  language?: Language,
  paper?: PaperSize,
): RenderOptions {
  return { language: language ?? app.preferences().language, paper: paper ?? 'A4', timeZone: app.timeZone };
}
