/**
 * PDF by the system Chromium through playwright-core, for browser mode, the CLI, tests and the
 * bench. One browser per process is kept warm (a render then costs a page, not a launch) and is
 * closed when the process exits. Pages run with JavaScript disabled and the network offline;
 * the HTML is self-contained (fonts and logo are data: URLs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { PaperSize } from '../../shared/documents/printable';
import { PdfError } from './pdf-error';
import type { PdfPrinter } from './pdf-port';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Where a Chromium-family browser may be installed, in order of preference. */
export function chromiumCandidates(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const fromEnv = env.PISHKHAN_CHROMIUM ? [env.PISHKHAN_CHROMIUM] : [];
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((root): root is string =>
      Boolean(root),
    );
    const apps = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe',
      'Chromium\\Application\\chrome.exe',
    ];
    return [...fromEnv, ...apps.flatMap((app) => roots.map((root) => path.win32.join(root, app)))];
  }
  if (platform === 'darwin') {
    return [
      ...fromEnv,
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  return [
    ...fromEnv,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
  ];
}

export function findChromium(candidates: readonly string[] = chromiumCandidates()): string | null {
  return candidates.find((file) => fs.existsSync(file)) ?? null;
}

interface Warm {
  browser: Browser;
  context: BrowserContext;
  /** One page reused for every render (a new page costs ~50 ms); renders take turns on it. */
  page: Page;
}

/** An idle browser is closed after this long, so a long-running host does not keep it. */
const IDLE_MS = 120_000;

class ChromiumPrinter implements PdfPrinter {
  private warm: Promise<Warm> | null = null;
  private idle: NodeJS.Timeout | null = null;
  private turn: Promise<unknown> = Promise.resolve();

  private start(): Promise<Warm> {
    if (!this.warm) {
      const executablePath = findChromium();
      if (!executablePath) return Promise.reject(new PdfError('document.error.noChromium'));
      this.warm = (async () => {
        const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
        browser.on('disconnected', () => {
          this.warm = null;
        });
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: 'block' });
        const page = await context.newPage();
        return { browser, context, page };
      })();
      this.warm.catch(() => {
        this.warm = null;
      });
    }
    return this.warm;
  }

  print(html: string, paper: PaperSize): Promise<Uint8Array> {
    const run = this.turn.then(() => this.printNow(html, paper));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async printNow(html: string, paper: PaperSize): Promise<Uint8Array> {
    if (this.idle) clearTimeout(this.idle);
    let warm: Warm;
    try {
      warm = await this.start();
    } catch (error) {
      if (error instanceof PdfError) throw error;
      throw new PdfError('document.error.renderFailed', error instanceof Error ? error.message : String(error));
    }
    try {
      await warm.page.setContent(html, { waitUntil: 'load' });
      const pdf = await warm.page.pdf({ format: paper, preferCSSPageSize: true, printBackground: true });
      return new Uint8Array(pdf);
    } catch (error) {
      // A page that failed mid-render is not trusted again: the next render starts afresh.
      void this.close();
      throw new PdfError('document.error.renderFailed', error instanceof Error ? error.message : String(error));
    } finally {
      this.idle = setTimeout(() => void this.close(), IDLE_MS);
      this.idle.unref();
    }
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const warm = this.warm;
    this.warm = null;
    if (!warm) return;
    const { browser } = await warm.catch(() => ({ browser: null }));
    await browser?.close().catch(() => undefined);
  }
}

let shared: ChromiumPrinter | null = null;

/**
 * The process's one Chromium printer. Its browser stays warm between renders and closes after
 * two idle minutes or on `close()`; Playwright kills it if the process exits first.
 */
export function chromiumPrinter(): PdfPrinter {
  shared ??= new ChromiumPrinter();
  return shared;
}
