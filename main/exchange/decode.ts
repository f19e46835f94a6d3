/**
 * Bytes of an imported file → text. A BOM decides (UTF-8, UTF-16 LE/BE); otherwise UTF-16 without
 * a BOM is recognized by its zero bytes, then strict UTF-8 is tried, and bytes that are not valid
 * UTF-8 are read as Windows-1256 (what Excel on Persian Windows writes for "CSV"). Node's full ICU
 * has every decoder, so no iconv is needed.
 */

export interface Decoded {
  text: string;
  encoding: string;
}

/**
 * UTF-16 without a BOM: the high byte of nearly every code unit is 0x00 (Latin, digits, spaces,
 * line ends) or 0x06 (Arabic script). Neither byte occurs in Windows-1256 or UTF-8 text.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = Math.min(bytes.length, 4096) & ~1;
  if (sample < 4) return null;
  let evenHigh = 0;
  let oddHigh = 0;
  for (let i = 0; i < sample; i += 2) {
    const even = bytes[i];
    const odd = bytes[i + 1];
    if (even === 0 || even === 6) evenHigh++;
    if (odd === 0 || odd === 6) oddHigh++;
  }
  const pairs = sample / 2;
  if (oddHigh > pairs * 0.9 && evenHigh < pairs * 0.5) return 'utf-16le';
  if (evenHigh > pairs * 0.9 && oddHigh < pairs * 0.5) return 'utf-16be';
  return null;
}

export function decodeBytes(bytes: Uint8Array, fallback = 'windows-1256'): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder(fallback).decode(bytes), encoding: fallback };
  }
}

/**
 * Decodes with a named charset (vCard `CHARSET=`). Without one (null): UTF-8 when the bytes are
 * valid UTF-8, else Windows-1252 (what Outlook writes for raw 8-bit values). Unknown names are
 * treated like none.
 */
export function decodeWith(bytes: Uint8Array, charset: string | null): string {
  const name = (charset ?? '').trim().toLowerCase();
  try {
    if (!name) {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return new TextDecoder('windows-1252').decode(bytes);
      }
    }
    if (name === 'utf-8' || name === 'utf8') return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return new TextDecoder(name).decode(bytes);
  } catch {
    return decodeWith(bytes, null);
  }
}
