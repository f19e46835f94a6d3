import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  isSafeExternalUrl,
  isTrustedSenderUrl,
  requestDecision,
  withContentSecurityPolicy,
} from '../../../main/shell/security';

const rendererDir = path.resolve('/opt/Pishkhan/resources/app.asar/out/renderer');
const indexHtml = path.join(rendererDir, 'index.html');
const indexUrl = pathToFileURL(indexHtml).href;

describe('isTrustedSenderUrl', () => {
  it('accepts our index.html, with or without a route in the hash or a query', () => {
    expect(isTrustedSenderUrl(indexUrl, indexHtml)).toBe(true);
    expect(isTrustedSenderUrl(`${indexUrl}#/customers/123`, indexHtml)).toBe(true);
    expect(isTrustedSenderUrl(`${indexUrl}?lang=fa`, indexHtml)).toBe(true);
  });

  it('refuses remote pages, other local files and look-alikes', () => {
    for (const url of [
      'https://example.com/index.html',
      'http://127.0.0.1:5173/',
      pathToFileURL(path.join(rendererDir, 'other.html')).href,
      pathToFileURL(path.resolve('/tmp/index.html')).href,
      pathToFileURL(`${rendererDir}-evil/index.html`).href,
      `${pathToFileURL(rendererDir).href}/../renderer2/index.html`,
      'file://evil.example.com' + pathToFileURL(indexHtml).pathname,
      'data:text/html,<script>1</script>',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      '',
      'not a url',
    ]) {
      expect(isTrustedSenderUrl(url, indexHtml), url).toBe(false);
    }
  });

  it('normalizes dot segments and percent-encoding before comparing', () => {
    const dotted = `${pathToFileURL(rendererDir).href}/../renderer/./index.html`;
    expect(isTrustedSenderUrl(dotted, indexHtml)).toBe(true);
    const encoded = pathToFileURL(indexHtml).href.replace('index.html', 'ind%65x.html');
    expect(isTrustedSenderUrl(encoded, indexHtml)).toBe(true);
  });

  it('compares case-insensitively only on Windows and macOS', () => {
    const upper = pathToFileURL(indexHtml.toUpperCase()).href;
    expect(isTrustedSenderUrl(upper, indexHtml, 'darwin')).toBe(true);
    expect(isTrustedSenderUrl(upper, indexHtml, 'linux')).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it('lets http(s) and mailto links open in the system browser', () => {
    expect(isSafeExternalUrl('https://pishkhan.app/help')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    expect(isSafeExternalUrl('mailto:shop@example.com')).toBe(true);
  });

  it('refuses every other scheme, credentials in the address and garbage', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,hi',
      'smb://server/share',
      'ms-msdt:/id',
      'vbscript:msgbox',
      'https://user:pass@example.com/',
      'mailto:',
      'https://',
      'nonsense',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('requestDecision', () => {
  it('allows the renderer files and inline schemes', () => {
    expect(requestDecision(indexUrl, rendererDir)).toBe('allow');
    expect(requestDecision(pathToFileURL(path.join(rendererDir, 'assets/index-abc.js')).href, rendererDir)).toBe(
      'allow',
    );
    expect(requestDecision('data:font/woff2;base64,AAAA', rendererDir)).toBe('allow');
    expect(requestDecision('devtools://devtools/bundled/inspector.html', rendererDir)).toBe('allow');
  });

  it('cancels remote content and local files outside the renderer', () => {
    for (const url of [
      'https://fonts.googleapis.com/css',
      'http://127.0.0.1:9999/rpc',
      'ws://localhost:1/',
      'wss://example.com/',
      'ftp://example.com/x',
      pathToFileURL('/etc/passwd').href,
      pathToFileURL(`${rendererDir}-other/x.js`).href,
      `${pathToFileURL(rendererDir).href}/../preload/preload.cjs`,
      'file://remote-host/share/x.js',
      'not a url',
    ]) {
      expect(requestDecision(url, rendererDir), url).toBe('cancel');
    }
  });
});

describe('withContentSecurityPolicy', () => {
  it('replaces any existing policy header, whatever its case, and keeps the rest', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      "default-src 'self'",
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ["default-src 'self'"],
    });
  });

  it('adds the policy when there were no headers', () => {
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});
