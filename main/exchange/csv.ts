/**
 * CSV: a reader (RFC 4180 plus what spreadsheets really write), and at the end the writer the
 * exports use. The reader takes comma, semicolon or tab, detected from the first lines outside
 * quotes; quoted fields with doubled quotes and line breaks; CRLF,
 * LF or CR line ends. Rows come one at a time from a generator, so a 50 MB file is checked in a
 * first pass without keeping its rows, then read again to import. Broken quoting is an error with
 * the line it starts on, never a silently merged row.
 *
 * Hand-written rather than papaparse: the app needs the starting line of every record (row numbers
 * in messages) and strict errors for a quote left open, and this is ~100 lines without a new
 * dependency.
 */

export type Delimiter = ',' | ';' | '\t';

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly code: 'unclosed_quote' | 'text_after_quote',
    readonly line: number,
  ) {
    super(`${code} at line ${line}`);
  }
}

/** The delimiter that splits the first lines (outside quotes) most consistently. */
export function detectDelimiter(text: string): Delimiter {
  const candidates: Delimiter[] = [',', ';', '\t'];
  const counts = new Map<Delimiter, number[]>(candidates.map((d) => [d, []]));
  let inQuotes = false;
  let line: Record<string, number> = {};
  let lines = 0;
  for (let i = 0; i < text.length && lines < 20; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      for (const d of candidates) counts.get(d)?.push(line[d] ?? 0);
      line = {};
      lines++;
    } else if (!inQuotes && (ch === ',' || ch === ';' || ch === '\t')) line[ch] = (line[ch] ?? 0) + 1;
  }
  if (lines < 20) for (const d of candidates) counts.get(d)?.push(line[d] ?? 0);
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of candidates) {
    const per = (counts.get(d) ?? []).filter((_, i, all) => i < all.length - 1 || (all[i] ?? 0) > 0);
    const first = per[0] ?? 0;
    if (first === 0) continue;
    const consistent = per.filter((n) => n === first).length / Math.max(per.length, 1);
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Every record of the text; blank lines are skipped. Throws CsvSyntaxError on broken quoting. */
export function* readCsv(text: string, delimiter: Delimiter): Generator<CsvRecord> {
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    let cell = '';
    let endOfRecord = false;
    while (!endOfRecord) {
      if (i < n && text[i] === '"') {
        // Quoted field.
        i++;
        let chunkStart = i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) throw new CsvSyntaxError('unclosed_quote', start);
          const chunk = text.slice(chunkStart, q);
          for (let k = 0; k < chunk.length; k++) {
            const c = chunk.charCodeAt(k);
            if (c === 10 || (c === 13 && chunk.charCodeAt(k + 1) !== 10)) line++;
          }
          cell += chunk;
          if (text[q + 1] === '"') {
            cell += '"';
            i = q + 2;
            chunkStart = i;
            continue;
          }
          i = q + 1;
          break;
        }
        // Spaces after a closing quote are tolerated; anything else means broken quoting.
        while (i < n && text[i] === ' ') i++;
        if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvSyntaxError('text_after_quote', line);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text[j];
          if (c === delimiter || c === '\n' || c === '\r') break;
          j++;
        }
        cell = text.slice(i, j);
        i = j;
      }
      cells.push(cell);
      cell = '';
      if (i >= n) endOfRecord = true;
      else if (text[i] === delimiter) i++;
      else {
        if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
        else i++;
        line++;
        endOfRecord = true;
      }
      if (i >= n && !endOfRecord) {
        // A delimiter at the very end: one more empty cell.
        cells.push('');
        endOfRecord = true;
      }
    }
    if (cells.length === 1 && cells[0] === '') continue;
    yield { line: start, cells };
  }
}

// ---- Writing ------------------------------------------------------------------------------------

/** A cell starting with = + - @, a tab or a carriage return gets a leading apostrophe (OWASP CSV injection). */
export function neutralize(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function csvCell(value: string): string {
  const safe = neutralize(value);
  return /[",\r\n;\t]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** UTF-8 with a BOM (Excel then shows Persian), CRLF line ends, cells neutralized and quoted. */
export function toCsv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [headers, ...rows].map((cells) => cells.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One column of an export: its header and what a record puts in it (null: an empty cell). */
export type CsvColumn<R> = readonly [header: string, cell: (record: R) => string | number | null];

/**
 * The records as a CSV file, one row each. Each header is written beside its value, so the two
 * lists cannot drift apart as columns are added.
 */
export function csvTable<R>(records: readonly R[], columns: readonly CsvColumn<R>[]): { csv: string; count: number } {
  const rows = records.map((record) =>
    columns.map(([, cell]) => {
      const value = cell(record);
      return value === null ? '' : String(value);
    }),
  );
  return {
    csv: toCsv(
      columns.map(([header]) => header),
      rows,
    ),
    count: rows.length,
  };
}
