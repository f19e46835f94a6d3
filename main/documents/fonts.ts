/**
 * Vazirmatn from the `vazirmatn` npm package, embedded in every printed document as data: URLs
 * (read once per process). Nothing is fetched and no installed font is relied on.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DocumentFonts } from '../../shared/documents/template';

let cached: DocumentFonts | null = null;

/** The folder of the package's woff2 files. */
export function vazirmatnDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('vazirmatn/package.json')), 'fonts', 'webfonts');
}

function dataUrl(file: string): string {
  return `data:font/woff2;base64,${fs.readFileSync(file).toString('base64')}`;
}

/** Regular and Bold as data: URLs, so the HTML is self-contained (also across IPC). */
export function documentFonts(): DocumentFonts {
  if (!cached) {
    const dir = vazirmatnDir();
    cached = {
      regular: dataUrl(path.join(dir, 'Vazirmatn-Regular.woff2')),
      bold: dataUrl(path.join(dir, 'Vazirmatn-Bold.woff2')),
    };
  }
  return cached;
}
