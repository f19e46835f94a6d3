/**
 * End-to-end harness: the built browser-mode host as a real child process on a fresh data
 * folder, and Debian's Chromium driven by playwright-core with the same flags the app uses to
 * print PDFs. Screenshots go to artifacts/screenshots/ (ignored by git).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../main/documents/chromium';

export const root = path.resolve(import.meta.dirname, '../..');
export const shots = path.join(root, 'artifacts/screenshots');
export const CHROMIUM = '/usr/bin/chromium';
const hostScript = path.join(root, 'out/main/web-host.js');

export interface E2eSession {
  url: string;
  dataDir: string;
  browser: Browser;
  /** Calls the host's contract directly, for setup and checks that are not what a test is about. */
  rpc<T>(method: string, input: unknown): Promise<T>;
  close(): Promise<void>;
}

function startHost(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    // The built host serves out/renderer beside it, exactly what a user's browser mode serves.
    const child = spawn(process.execPath, [hostScript, '--data-dir', dataDir, '--port', '0'], {
      cwd: root,
      env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Pishkhan is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${output}`));
    });
  });
}

/** Starts a host on a fresh data folder and a Chromium; `close()` ends both and removes the folder. */
export async function startE2e(prefix = 'pishkhan-e2e-'): Promise<E2eSession> {
  if (!fs.existsSync(path.join(root, 'out/renderer/index.html')) || !fs.existsSync(hostScript)) {
    throw new Error('out/renderer is missing: run `npm run build` before the end-to-end tests (npm test does).');
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (Debian package "chromium").`);
  fs.mkdirSync(shots, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const { url, child } = await startHost(dataDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
  const address = new URL(url);
  return {
    url,
    dataDir,
    browser,
    async rpc<T>(method: string, input: unknown): Promise<T> {
      const response = await fetch(new URL('/rpc', address), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${address.searchParams.get('token') ?? ''}`,
        },
        body: JSON.stringify({ method, input }),
      });
      const result = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
      if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
      return result.value as T;
    },
    async close() {
      await browser.close();
      if (child.pid && child.exitCode === null) {
        child.removeAllListeners('exit');
        // The host's last work (a sync round on close) must be over before its folders go.
        const exited = new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        // End the process group this test started (the host and anything it spawned).
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(350); // let transitions settle
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

export async function go(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, route);
}
