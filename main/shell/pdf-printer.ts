/**
 * The desktop app's PDF printer: `webContents.printToPDF` in a hidden, sandboxed, offline
 * window with JavaScript disabled, in its own in-memory session that may load nothing but the
 * one HTML file written for it (fonts and logo are data: URLs inside it). Registered with the
 * core through main/documents/pdf-port.ts, so the core never imports Electron.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';
import type { PdfPrinter } from '../documents/pdf-port';
import { PdfError } from '../documents/pdf-error';
import type { PaperSize } from '../../shared/documents/printable';

const PARTITION = 'pishkhan-pdf';

export function electronPdfPrinter(): PdfPrinter {
  const ses = session.fromPartition(PARTITION, { cache: false });
  const allowed = new Set<string>();
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !(details.url.startsWith('data:') || allowed.has(details.url)) });
  });

  return {
    async print(html: string, paper: PaperSize): Promise<Uint8Array> {
      const file = path.join(os.tmpdir(), `pishkhan-print-${crypto.randomUUID()}.html`);
      const url = pathToFileURL(file).href;
      const win = new BrowserWindow({
        show: false,
        webPreferences: {
          session: ses,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          javascript: false,
          webSecurity: true,
          spellcheck: false,
          offscreen: false,
        },
      });
      try {
        fs.writeFileSync(file, html, { mode: 0o600 });
        allowed.add(url);
        await win.loadURL(url);
        const pdf = await win.webContents.printToPDF({
          pageSize: paper,
          printBackground: true,
          preferCSSPageSize: true,
        });
        return new Uint8Array(pdf);
      } catch (error) {
        throw new PdfError('document.error.renderFailed', error instanceof Error ? error.message : String(error));
      } finally {
        allowed.delete(url);
        if (!win.isDestroyed()) win.destroy();
        fs.rmSync(file, { force: true });
      }
    },
    async close(): Promise<void> {
      // Each print uses its own window, destroyed when done; nothing stays open.
    },
  };
}
