/**
 * End to end: Settings → Backup in Chromium against the built browser-mode host. "Back up now"
 * to a typed folder, a failure with its translated notice, restore from the history and from a
 * typed path (with a wrong passphrase first), in English and Persian, light and dark.
 * Screenshots (1280×800) go to artifacts/screenshots/backup-*.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const shots = path.join(root, 'artifacts/screenshots');
const CHROMIUM = '/usr/bin/chromium';
const hostScript = path.join(root, 'out/main/web-host.js');

let host: ChildProcess | null = null;
let browser: Browser | null = null;
let dataDir = '';
let backupDir = '';
let url = '';

function startHost(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hostScript, '--data-dir', dataDir, '--port', '0'], {
      cwd: root,
      env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    host = child;
    let output = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Pishkhan is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
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

/** Calls the host's contract directly (setup and checks that are not what the test is about). */
async function rpc<T>(method: string, input: unknown): Promise<T> {
  const address = new URL(url);
  const response = await fetch(new URL('/rpc', address), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${address.searchParams.get('token') ?? ''}` },
    body: JSON.stringify({ method, input }),
  });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(350); // let transitions settle
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

async function display(page: Page, language: 'en' | 'fa', theme: 'light' | 'dark'): Promise<void> {
  // Persian with its own calendar and digits, as a Persian shop would set it.
  await rpc('preferences.update', {
    language,
    theme,
    calendar: language === 'fa' ? 'jalali' : 'gregorian',
    digits: language === 'fa' ? 'persian' : 'latin',
  });
  await page.reload();
  await page.evaluate(() => {
    window.location.hash = '/backup';
  });
  await page.locator(`html[lang="${language}"]`).waitFor();
  await page.getByTestId('backup-run').waitFor();
}

const names = async () =>
  (await rpc<{ rows: { name: string }[] }>('customers.list', {})).rows.map((r) => r.name).sort();

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'out/renderer/index.html')) || !fs.existsSync(hostScript)) {
    throw new Error('out/renderer is missing: run `npm run build` before the end-to-end tests (npm test does).');
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (Debian package "chromium").`);
  fs.mkdirSync(shots, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pishkhan-e2e-backup-'));
  backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pishkhan-e2e-backups-'));
  url = await startHost();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  const child = host;
  if (child?.pid && child.exitCode === null) {
    child.removeAllListeners('exit');
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
  for (const dir of [dataDir, backupDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore in Chromium', () => {
  it('backs up now, shows failures, restores from the history and a typed path, in both languages', async () => {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.getByRole('heading', { level: 2 }).first().waitFor();

    // Empty history, both languages; browser mode says encrypted automatic backups are not possible.
    await display(page, 'fa', 'dark');
    await page.getByTestId('backup-history-empty').waitFor();
    await page.getByText('اینجا نمی‌توان پشتیبان‌های خودکار را رمزگذاری کرد', { exact: false }).waitFor();
    await shot(page, 'backup-fa-dark-empty');
    await display(page, 'en', 'light');
    await page.getByTestId('backup-history-empty').waitFor();
    await page.getByTestId('backup-no-secret-store').waitFor();
    await shot(page, 'backup-en-light-empty');

    // A folder that does not exist: a clear notice, nothing written.
    const missing = path.join(backupDir, 'unplugged-usb');
    await page.getByTestId('backup-folder').fill(missing);
    await page.getByTestId('backup-run').click();
    await page
      .getByTestId('backup-error')
      .getByText(`The folder “\u2068${missing}\u2069” does not exist`, { exact: false })
      .waitFor();
    await shot(page, 'backup-en-light-error');
    expect(fs.existsSync(missing)).toBe(false);

    // Back up now, plain, then encrypted.
    await rpc('customers.create', { kind: 'person', name: 'Before the backup' });
    await page.getByTestId('backup-folder').fill(backupDir);
    await page.getByTestId('backup-run').click();
    await page.getByTestId('backup-notice').getByText('Backed up to', { exact: false }).waitFor();
    await page.getByTestId('backup-passphrase').fill('a good long passphrase');
    await page.getByTestId('backup-run').click();
    await expect.poll(() => page.getByTestId('backup-history-row').count()).toBe(3);
    const files = fs.readdirSync(backupDir).filter((n) => n.endsWith('.pishkhan-backup'));
    expect(files).toHaveLength(2);
    expect(fs.readdirSync(backupDir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    await shot(page, 'backup-en-light-done');

    // Restore the plain backup from the history: the customer added after it is gone.
    await rpc('customers.create', { kind: 'person', name: 'After the backup' });
    expect(await names()).toEqual(['After the backup', 'Before the backup']);
    const rows = page.getByTestId('backup-history-row');
    await rows.nth(1).getByRole('button', { name: 'Restore this' }).click();
    await page.getByTestId('restore-run').click();
    await page.getByText('Replace all data with this backup?').waitFor();
    await shot(page, 'backup-en-light-confirm');
    await page.getByTestId('restore-confirm').click();
    await page.getByText('Restored. The previous data is kept in', { exact: false }).waitFor();
    expect(await names()).toEqual(['Before the backup']);
    await shot(page, 'backup-en-light-restored');

    // The encrypted one by typed path, in Persian and dark: a wrong passphrase first.
    await display(page, 'fa', 'dark');
    const encrypted = (await rpc<{ file: string; encrypted: boolean }[]>('backup.list', { folder: backupDir })).find(
      (b) => b.encrypted,
    );
    await page.getByTestId('restore-file').fill(encrypted?.file ?? '');
    await page.getByTestId('restore-passphrase').fill('not the passphrase');
    await page.getByTestId('restore-run').click();
    await page.getByTestId('restore-confirm').click();
    await page.getByTestId('backup-error').getByText('عبارت عبور این پشتیبان نادرست است', { exact: false }).waitFor();
    await shot(page, 'backup-fa-dark-wrong-passphrase');
    expect(await names()).toEqual(['Before the backup']);
    await page.getByTestId('restore-passphrase').fill('a good long passphrase');
    await page.getByTestId('restore-run').click();
    await page.getByTestId('restore-confirm').click();
    await page.getByText('بازیابی شد.', { exact: false }).waitFor();
    await shot(page, 'backup-fa-dark-restored');
    expect(await names()).toEqual(['Before the backup']);

    // A Persian failure notice, and the same page in Persian light with its history.
    await page.getByTestId('backup-folder').fill(path.join(backupDir, 'نیست'));
    await page.getByTestId('backup-run').click();
    await page.getByTestId('backup-error').getByText('وجود ندارد', { exact: false }).waitFor();
    await shot(page, 'backup-fa-dark-error');
    await display(page, 'fa', 'light');
    await page.getByTestId('backup-run').click();
    await page.getByTestId('backup-notice').waitFor();
    await shot(page, 'backup-fa-light-history');
    await display(page, 'en', 'dark');
    await shot(page, 'backup-en-dark-history');

    expect(errors).toEqual([]);
  });
});
