/**
 * The window's Content Security Policy: only our own bundled code, styles, fonts and images; no
 * remote content. Sent as a header by the browser-mode host and the Electron session; the same
 * policy is in renderer/index.html's meta tag for file:// pages, which have no headers.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Mantine sets style attributes on elements; no remote styles are ever loaded.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
