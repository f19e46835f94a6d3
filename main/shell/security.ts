/**
 * The shell's security decisions as plain functions (no electron import), so each rule is tested
 * under Node: which frame may call `rpc`, which links may open in the system browser, and which
 * requests the window may make at all.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function filePath(url: URL): string | null {
  if (url.protocol !== 'file:' || (url.host !== '' && url.host !== 'localhost')) return null;
  try {
    return path.resolve(fileURLToPath(url));
  } catch {
    return null;
  }
}

function samePath(a: string, b: string, platform: NodeJS.Platform): boolean {
  // Windows and macOS file systems are case-insensitive by default.
  return platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

/**
 * True when `senderUrl` is our renderer page: a file: URL of exactly `indexHtml` (any `?query`
 * or `#route` allowed, nothing else). A frame that navigated anywhere else is refused.
 */
export function isTrustedSenderUrl(
  senderUrl: string,
  indexHtml: string,
  platform: NodeJS.Platform = process.platform,
): boolean {
  const url = parse(senderUrl);
  if (!url) return false;
  const file = filePath(url);
  return file !== null && samePath(file, path.resolve(indexHtml), platform);
}

/** Links the window may hand to the system browser: http(s) and mailto only, nothing local. */
export function isSafeExternalUrl(candidate: string): boolean {
  const url = parse(candidate);
  if (!url) return false;
  if (url.protocol === 'mailto:') return url.pathname.length > 0;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return url.hostname.length > 0 && url.username === '' && url.password === '';
}

export type RequestDecision = 'allow' | 'cancel';

/**
 * No remote content: network schemes are cancelled, and file: requests must stay inside the
 * built renderer folder (the window cannot read other local files). Other schemes (data:, blob:,
 * devtools:) are left to the CSP and Chromium.
 */
export function requestDecision(
  requestUrl: string,
  rendererDir: string,
  platform: NodeJS.Platform = process.platform,
): RequestDecision {
  const url = parse(requestUrl);
  if (!url) return 'cancel';
  if (['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(url.protocol)) return 'cancel';
  if (url.protocol !== 'file:') return 'allow';
  const file = filePath(url);
  if (file === null) return 'cancel';
  const root = path.resolve(rendererDir);
  const inside = file === root || file.startsWith(root + path.sep);
  const insideIgnoringCase =
    platform !== 'linux' &&
    (file.toLowerCase() === root.toLowerCase() || file.toLowerCase().startsWith(root.toLowerCase() + path.sep));
  return inside || insideIgnoringCase ? 'allow' : 'cancel';
}

/** Adds our CSP to a response's headers, replacing any policy already there (any case). */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const next: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') next[name] = value;
  }
  next['Content-Security-Policy'] = [policy];
  return next;
}
