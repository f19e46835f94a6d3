/**
 * Browser mode: serves the built renderer and the same RPC contract over HTTP, on 127.0.0.1
 * only, guarded by a random per-run token. This is how the window is used and tested on
 * machines where Electron cannot run.
 *
 *   npm run web -- [--data-dir DIR] [--port N]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, type App } from './app';
import { EVENT_NAMES } from '../shared/contract';
import { CONTENT_SECURITY_POLICY } from './csp';
import { warmDuplicateIndex } from './features/duplicates/duplicate.index';
import { watchReminders } from './features/reminders/reminder.scheduler';
import { startBackupScheduler } from './backup/backup.runtime';
import { startSyncScheduler } from './sync/sync.runtime';
import { dataDirFromArgs, defaultDataDir } from './paths';

export interface WebHostOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  rendererDir?: string;
  systemLocale?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  app: App;
  close(): Promise<void>;
}

const MAX_BODY = 20 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/**
 * The built renderer: out/renderer from the sources (main/ → ../out/renderer), or beside this
 * file once built (out/main → ../renderer). A folder counts only once Vite has built it (it has
 * assets/): renderer/ in the sources has an index.html too, which a browser cannot run.
 */
export function findRendererDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../out/renderer'), path.resolve(here, '../renderer')];
  return (
    candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')) && fs.existsSync(path.join(dir, 'assets'))) ??
    null
  );
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  extra: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    // The token is in the address; never leak it in a Referer header.
    'referrer-policy': 'no-referrer',
    ...extra,
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', { 'cache-control': 'no-store' });
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serveStatic(rendererDir: string, pathname: string, res: http.ServerResponse): void {
  const relative = decodeURIComponent(pathname).replace(/^\/+/, '');
  let file = path.resolve(rendererDir, relative || 'index.html');
  // Resolved paths must stay inside the renderer folder.
  if (file !== rendererDir && !file.startsWith(rendererDir + path.sep))
    return send(res, 404, 'Not found', 'text/plain');
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    if (path.extname(file)) return send(res, 404, 'Not found', 'text/plain');
    file = path.join(rendererDir, 'index.html');
  }
  const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
  const cache = file.endsWith('index.html') ? 'no-store' : 'max-age=3600';
  send(res, 200, fs.readFileSync(file), type, { 'cache-control': cache });
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const rendererDir = options.rendererDir ?? findRendererDir();
  if (!rendererDir) {
    throw new Error('The window is not built yet (out/renderer/index.html is missing). Run `npm run build` first.');
  }
  const root = path.resolve(rendererDir);
  const app = openApp({
    dataDir: options.dataDir,
    ...(options.systemLocale ? { systemLocale: options.systemLocale } : {}),
  });
  const token = crypto.randomBytes(24).toString('hex');
  const streams = new Set<http.ServerResponse>();
  for (const event of EVENT_NAMES) {
    app.on(event, (payload) => {
      for (const stream of streams) stream.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
  }
  // In browser mode the window's notification center is the only place reminders appear.
  const reminders = watchReminders(app);
  // No native dialogs or OS secret store in browser mode: the page lets the user type paths.
  const backups = startBackupScheduler(app);
  // A round at start, every few minutes and on close, while a sync folder is set.
  const syncs = startSyncScheduler(app);
  warmDuplicateIndex(app);

  let port = options.port ?? 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Refuse other host names: a web page elsewhere cannot reach us through DNS rebinding.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, 'Forbidden', 'text/plain');

    if (url.pathname === '/rpc') {
      if (req.method !== 'POST') return send(res, 405, 'Method not allowed', 'text/plain');
      const auth = req.headers.authorization ?? '';
      if (!sameToken(auth.replace(/^Bearer /, ''), token))
        return sendJson(res, 401, { ok: false, error: { code: 'unauthorized' } });
      void readBody(req).then((body) => {
        if (body === null)
          return sendJson(res, 413, {
            ok: false,
            error: { code: 'validation', issues: [{ field: 'input', code: 'too_long', params: { max: MAX_BODY } }] },
          });
        let request: { method?: unknown; input?: unknown };
        try {
          request = JSON.parse(body) as { method?: unknown; input?: unknown };
        } catch {
          return sendJson(res, 400, {
            ok: false,
            error: { code: 'validation', issues: [{ field: 'input', code: 'invalid' }] },
          });
        }
        sendJson(res, 200, app.dispatch(request.method, request.input));
      });
      return;
    }
    if (url.pathname === '/events') {
      if (!sameToken(url.searchParams.get('token') ?? '', token)) return send(res, 401, 'Unauthorized', 'text/plain');
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain');
    serveStatic(root, url.pathname, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    app,
    close: () =>
      new Promise<void>((resolve) => {
        reminders.stop();
        backups.beforeQuit();
        backups.stop();
        syncs.stop();
        syncs.beforeQuit();
        for (const stream of streams) stream.end();
        server.close(() => {
          app.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function portFromArgs(args: readonly string[]): number | undefined {
  const index = args.indexOf('--port');
  const raw = index >= 0 ? args[index + 1] : args.find((a) => a.startsWith('--port='))?.slice(7);
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a number from 0 to 65535, got "${raw}"`);
  return port;
}

/** Starts browser mode from the command line and keeps running until stopped. */
export async function runWebHostFromArgs(args: readonly string[]): Promise<WebHost> {
  const dataDir = dataDirFromArgs(args) ?? defaultDataDir();
  const port = portFromArgs(args);
  const host = await startWebHost({ dataDir, ...(port !== undefined ? { port } : {}) });
  console.log(`Pishkhan is running at ${host.url}`);
  console.log(`Data folder: ${dataDir}`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return host;
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  runWebHostFromArgs(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`Pishkhan could not start browser mode: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
