/**
 * vCard 2.1, 3.0 and 4.0 reader, for what phones and mail programs really write: folded lines
 * (CRLF, LF, CR or `\r\r\n`, mixed), quoted-printable with soft line breaks (also on unindented
 * continuation lines), per-property charsets (UTF-8, Shift_JIS, Windows-1252 …) and raw 8-bit
 * values without one, bare 2.1 parameters (`TEL;CELL;PREF`), `itemN.` groups, escaped `\,` `\;`
 * `\n`, nested AGENT cards and photos (skipped). The file is read as bytes (latin1 string) so each
 * value is decoded with its own charset.
 */
import { decodeWith } from './decode';

export type VCardPhoneLabel = 'mobile' | 'work' | 'home' | 'fax' | 'other';

export interface VCardContact {
  /** 1-based number of the card in the file. */
  index: number;
  /** 1-based line of its BEGIN:VCARD. */
  line: number;
  name: string;
  organization: string;
  phones: { value: string; label: VCardPhoneLabel }[];
  emails: string[];
  address: string;
  city: string;
  tags: string[];
  notes: string[];
  title: string;
}

interface Property {
  name: string;
  params: Map<string, string[]>;
  /** Bare 2.1 parameters (`CELL`, `QUOTED-PRINTABLE`), upper-cased. */
  bare: Set<string>;
  raw: string;
}

const latin1Bytes = (s: string) => Buffer.from(s, 'latin1');

/** The file as a latin1 string of its bytes; a UTF-16 or UTF-8 BOM is honoured first. */
function asByteString(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return Buffer.from(new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf8').toString('latin1');
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return Buffer.from(new TextDecoder('utf-16be').decode(bytes.subarray(2)), 'utf8').toString('latin1');
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString('latin1');
}

/** Splits `a;b="x;y";C` at semicolons outside double quotes. */
function splitParams(head: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of head) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** Position of the colon ending the property head (outside quoted parameter values). */
function headEnd(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) return i;
  }
  return -1;
}

function parseProperty(line: string): Property | null {
  const colon = headEnd(line);
  if (colon <= 0) return null;
  const [nameWithGroup = '', ...rawParams] = splitParams(line.slice(0, colon));
  const name = (nameWithGroup.split('.').pop() ?? '').trim().toUpperCase();
  if (!name) return null;
  const params = new Map<string, string[]>();
  const bare = new Set<string>();
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq === -1) {
      if (p.trim()) bare.add(p.trim().toUpperCase());
      continue;
    }
    const key = p.slice(0, eq).trim().toUpperCase();
    const values = p
      .slice(eq + 1)
      .split(',')
      .map((v) => v.trim().replace(/^"|"$/g, ''))
      .filter(Boolean);
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  return { name, params, bare, raw: line.slice(colon + 1) };
}

function isQuotedPrintable(p: Property): boolean {
  return (
    p.bare.has('QUOTED-PRINTABLE') ||
    (p.params.get('ENCODING') ?? []).some((e) => e.toUpperCase() === 'QUOTED-PRINTABLE')
  );
}

function isBinary(p: Property): boolean {
  const enc = (p.params.get('ENCODING') ?? []).map((e) => e.toUpperCase());
  return enc.includes('B') || enc.includes('BASE64') || p.bare.has('BASE64');
}

function types(p: Property): Set<string> {
  const all = [...(p.params.get('TYPE') ?? []), ...p.bare].map((t) => t.toUpperCase());
  return new Set(all);
}

/** Quoted-printable → bytes (soft breaks already joined). */
function decodeQuotedPrintable(raw: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] ?? '';
    if (ch === '=') {
      const hex = raw.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
        continue;
      }
      if (i === raw.length - 1) continue; // dangling soft break
    }
    bytes.push(ch.charCodeAt(0) & 0xff);
  }
  return Buffer.from(bytes);
}

/** The property's value as text, decoded with its charset (8-bit without one: UTF-8, else Windows-1252). */
function textOf(p: Property): string {
  const bytes = isQuotedPrintable(p) ? decodeQuotedPrintable(p.raw) : latin1Bytes(p.raw);
  const charset = p.params.get('CHARSET')?.[0];
  return decodeWith(bytes, charset ?? null);
}

/** Splits at unescaped `sep` and unescapes `\,` `\;` `\n` `\\` `\:`. */
function components(value: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      const next = value[i + 1] ?? '';
      current += next === 'n' || next === 'N' ? '\n' : next;
      i++;
    } else if (ch === sep) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((s) => s.trim());
}

const unescape = (value: string) => components(value, '\u0000').join('');

function phoneLabel(p: Property): VCardPhoneLabel {
  const t = types(p);
  if (t.has('FAX')) return 'fax';
  if (t.has('CELL') || t.has('MOBILE') || t.has('IPHONE')) return 'mobile';
  if (t.has('WORK')) return 'work';
  if (t.has('HOME')) return 'home';
  return 'other';
}

/** Logical lines: unfolded, QP soft breaks joined, each with the physical line it starts on. */
function logicalLines(text: string): { line: number; text: string }[] {
  const physical = text.split(/\r\r\n|\r\n|\n|\r/);
  const out: { line: number; text: string; qp: boolean }[] = [];
  for (let i = 0; i < physical.length; i++) {
    const line = physical[i] ?? '';
    const last = out[out.length - 1];
    if (last?.qp && last.text.endsWith('=')) {
      // Quoted-printable soft break: the next line continues the value, indented or not.
      last.text = last.text.slice(0, -1) + line.replace(/^[ \t]+/, '');
      continue;
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last.text += line.slice(1);
      continue;
    }
    const colon = headEnd(line);
    const head = colon > 0 ? line.slice(0, colon).toUpperCase() : '';
    out.push({ line: i + 1, text: line, qp: head.includes('QUOTED-PRINTABLE') });
  }
  return out;
}

function emptyContact(index: number, line: number): VCardContact {
  return {
    index,
    line,
    name: '',
    organization: '',
    phones: [],
    emails: [],
    address: '',
    city: '',
    tags: [],
    notes: [],
    title: '',
  };
}

/** Every card in the file. Throws nothing; a file without BEGIN:VCARD yields no cards. */
export function readVCards(bytes: Uint8Array): VCardContact[] {
  const contacts: VCardContact[] = [];
  let current: VCardContact | null = null;
  let depth = 0;
  let fn = '';
  let structured = '';
  for (const { line, text } of logicalLines(asByteString(bytes))) {
    const upper = text.trim().toUpperCase();
    if (upper === 'BEGIN:VCARD') {
      depth++;
      if (depth === 1) {
        current = emptyContact(contacts.length + 1, line);
        fn = '';
        structured = '';
      }
      continue;
    }
    if (upper === 'END:VCARD') {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && current) {
        current.name = (fn || structured).replace(/\s+/g, ' ').trim();
        contacts.push(current);
        current = null;
      }
      continue;
    }
    if (!current || depth !== 1) continue;
    const p = parseProperty(text);
    if (!p || isBinary(p)) continue;
    switch (p.name) {
      case 'FN':
        if (!fn) fn = unescape(textOf(p));
        break;
      case 'N': {
        const [family = '', given = '', additional = '', prefix = '', suffix = ''] = components(textOf(p), ';');
        if (!structured)
          structured = [prefix, given, additional.replace(/,/g, ' '), family, suffix].filter(Boolean).join(' ');
        break;
      }
      case 'ORG':
        if (!current.organization) current.organization = components(textOf(p), ';').filter(Boolean)[0] ?? '';
        break;
      case 'TITLE':
        if (!current.title) current.title = unescape(textOf(p));
        break;
      case 'TEL': {
        const value = unescape(textOf(p)).replace(/^tel:/i, '').trim();
        if (value) current.phones.push({ value, label: phoneLabel(p) });
        break;
      }
      case 'EMAIL': {
        const value = unescape(textOf(p))
          .replace(/^mailto:/i, '')
          .trim();
        if (value) current.emails.push(value);
        break;
      }
      case 'ADR': {
        const [pobox = '', ext = '', street = '', locality = '', region = '', postal = '', country = ''] = components(
          textOf(p),
          ';',
        );
        if (!current.address) {
          current.address = [pobox, ext, street, region, postal, country]
            .filter(Boolean)
            .join(', ')
            .replace(/\n+/g, ', ');
          current.city = locality;
        }
        break;
      }
      case 'CATEGORIES':
        for (const tag of components(textOf(p), ',')) if (tag && !current.tags.includes(tag)) current.tags.push(tag);
        break;
      case 'NOTE': {
        const note = unescape(textOf(p)).trim();
        if (note) current.notes.push(note);
        break;
      }
      default:
        break;
    }
  }
  return contacts;
}
