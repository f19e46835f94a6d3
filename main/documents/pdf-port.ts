/**
 * The port through which the core prints HTML to PDF. The core never imports Electron: the
 * desktop shell registers its `webContents.printToPDF` implementation at start-up; browser mode,
 * the CLI and the tests use the system Chromium through playwright-core (./chromium.ts).
 */
import type { PaperSize } from '../../shared/documents/printable';
import { chromiumPrinter } from './chromium';

export { PdfError } from './pdf-error';

export interface PdfPrinter {
  /** Prints a self-contained HTML page (no scripts, no network) to PDF bytes. */
  print(html: string, paper: PaperSize): Promise<Uint8Array>;
  /** Releases whatever the printer keeps warm (a browser, a hidden window). */
  close(): Promise<void>;
}

let registered: PdfPrinter | null = null;

/** The shell calls this once with its Electron printer; `null` goes back to Chromium. */
export function setPdfPrinter(printer: PdfPrinter | null): void {
  registered = printer;
}

export function pdfPrinter(): PdfPrinter {
  return registered ?? chromiumPrinter();
}
