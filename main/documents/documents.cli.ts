/**
 * `invoice-pdf NUMBER --out FILE [--lang fa|en] [--paper A4|A5]` and
 * `quote-pdf ID --out FILE [--lang fa|en] [--paper A4|A5]`.
 *
 * Commands are synchronous and printing is not: everything that can fail on the input (the
 * document, the options, the folder) is checked before the command returns; the PDF is then
 * printed and written, and a failure there sets a non-zero exit code.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app';
import { CliError, describeRpcError, parse, type CliIo, type Command } from '../cli-kit';
import type { CommandModule } from '../cli';
import { writeFileAtomicSync } from '../files/atomic-file';
import { PAPER_SIZES, type PaperSize } from '../../shared/documents/printable';
import { createTranslator } from '../../shared/i18n/index';
import { LANGUAGES, type Language } from '../../shared/preferences';
import { documentHtml, loadPrintable, PrintableError, renderOptions, type DocumentKind } from './documents.service';
import { PdfError } from './pdf-error';
import { pdfPrinter } from './pdf-port';

const USAGE = `  invoice-pdf NUMBER --out FILE [--lang fa|en] [--paper A4|A5]
                                           an invoice as PDF (NUMBER as printed, e.g. A-1405-00042)
  quote-pdf ID --out FILE [--lang fa|en] [--paper A4|A5]
                                           a quote as PDF
`;

interface PdfJobPlan {
  html: string;
  paper: PaperSize;
  target: string;
  number: string | null;
}

/** The synchronous half: reads the options and the document, builds the HTML. */
export function planPdf(app: App, kind: DocumentKind, args: string[]): PdfJobPlan {
  const { values, positionals } = parse(args, {
    out: { type: 'string' },
    lang: { type: 'string' },
    paper: { type: 'string' },
  });
  const given = positionals[0];
  if (!given) throw new CliError(`${kind}-pdf needs the ${kind === 'invoice' ? 'invoice NUMBER' : 'quote ID'}`, 2);
  if (!values.out) throw new CliError(`${kind}-pdf needs --out FILE`, 2);
  const language = values.lang === undefined ? undefined : String(values.lang);
  if (language !== undefined && !(LANGUAGES as readonly string[]).includes(language))
    throw new CliError(`--lang must be fa or en, got "${language}"`, 2);
  const paper = String(values.paper ?? 'A4').toUpperCase();
  if (!(PAPER_SIZES as readonly string[]).includes(paper))
    throw new CliError(`--paper must be A4 or A5, got "${paper}"`, 2);
  const target = path.resolve(String(values.out));
  if (!fs.existsSync(path.dirname(target))) throw new CliError(`The folder ${path.dirname(target)} does not exist.`);
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(given);
  let printable;
  try {
    printable = loadPrintable(app.dispatch, isUuid ? { kind, id: given } : { kind, number: given });
  } catch (error) {
    if (error instanceof PrintableError) {
      if (error.payload.code === 'not_found')
        throw new CliError(createTranslator('en')('document.error.notFound', { kind, number: given }));
      throw new CliError(describeRpcError(error.payload));
    }
    throw error;
  }
  const options = renderOptions(app, language as Language | undefined, paper as PaperSize);
  return { html: documentHtml(printable, options), paper: options.paper, target, number: printable.document.number };
}

/** The asynchronous half: prints, writes the file atomically, closes the browser. */
export async function writePdf(plan: PdfJobPlan, io: CliIo, json: boolean): Promise<void> {
  const printer = pdfPrinter();
  try {
    const pdf = await printer.print(plan.html, plan.paper);
    writeFileAtomicSync(plan.target, pdf);
    if (json) io.out(JSON.stringify({ file: plan.target, bytes: pdf.length, number: plan.number }));
    else io.out(`Wrote ${plan.target} (${pdf.length} bytes).`);
  } catch (error) {
    const t = createTranslator('en');
    if (error instanceof PdfError) throw new CliError(t(error.key, { detail: error.detail }));
    throw new CliError(`Could not write ${plan.target}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await printer.close();
  }
}

function pdfCommand(kind: DocumentKind): Command {
  return (app, args, io) => {
    const plan = planPdf(app, kind, args);
    const json = args.includes('--json');
    void writePdf(plan, io, json).catch((error: unknown) => {
      io.err(`pishkhan: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = error instanceof CliError ? error.exitCode : 1;
    });
  };
}

export const documentsCli: CommandModule = {
  usage: USAGE,
  commands: { 'invoice-pdf': pdfCommand('invoice'), 'quote-pdf': pdfCommand('quote') },
};
