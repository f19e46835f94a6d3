/**
 * Persian-aware text folding for search, duplicate detection and sorting. SQLite FTS5 folds none
 * of these, so every text is passed through `normalizeForSearch` before it is indexed and before
 * it is queried; both sides then agree on one spelling.
 */

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_INDIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Letters that Arabic keyboards, old software or Unicode variants write differently. */
const LETTER_FOLDS: Record<string, string> = {
  ي: 'ی', // Arabic yeh
  ى: 'ی', // alef maksura
  ې: 'ی',
  ك: 'ک', // Arabic kaf
  ڪ: 'ک',
  ة: 'ه', // teh marbuta
  ۀ: 'ه', // heh with yeh above (also reached via NFKD)
  ہ: 'ه',
  ھ: 'ه',
  ە: 'ه',
  ٱ: 'ا', // alef wasla
};

/** Zero-width and bidi controls: ZWNJ, ZWJ, LRM/RLM, embeddings, isolates, BOM, soft hyphen, tatweel. */
const INVISIBLE = /[\u00AD\u0640\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
/** Combining marks: Arabic harakat, madda and hamza above (after NFKD), Latin accents. */
const MARKS = /\p{M}/gu;
const DIGIT = /[۰-۹٠-٩]/g;
const WHITESPACE = /\s+/gu;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LETTER_FOLD_PATTERN = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'gu');

/** Persian (U+06F0…) and Arabic-Indic (U+0660…) digits → ASCII digits; everything else kept. */
export function foldDigits(text: string): string {
  return text.replace(DIGIT, (d) => {
    const persian = PERSIAN_DIGITS.indexOf(d);
    return String(persian >= 0 ? persian : ARABIC_INDIC_DIGITS.indexOf(d));
  });
}

/** Only the digits of a text (any script), as ASCII: for phone matching. */
export function digitsOnly(text: string): string {
  return foldDigits(text).replace(/\D/g, '');
}

/**
 * The one normalization for search: ي→ی, ك→ک, ئ/أ/إ/آ/ؤ lose their hamza or madda, harakat and
 * accents removed, ZWNJ/tatweel/bidi controls removed, digits folded to ASCII, lower-cased,
 * white space collapsed. Idempotent.
 */
export function normalizeForSearch(text: string): string {
  // Printable ASCII has nothing to decompose, strip or fold but case and spaces: the common case
  // for emails, phone digits and Latin names, and many times cheaper than the full pipeline.
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().replace(WHITESPACE, ' ').trim();
  let out = text.normalize('NFKD').replace(MARKS, '').replace(INVISIBLE, '');
  out = foldDigits(out);
  out = out.replace(LETTER_FOLD_PATTERN, (ch) => LETTER_FOLDS[ch] ?? ch);
  // NFKC recomposes nothing Arabic here (marks are gone) but folds Latin compatibility forms back.
  return out.normalize('NFKC').toLowerCase().replace(WHITESPACE, ' ').trim();
}

/** Persian alphabet order; after normalization آ is already ا. */
const PERSIAN_ALPHABET = 'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی';
const PRIVATE_USE_BASE = 0xe000;

/**
 * A string whose plain code-point order is the alphabetical order of the name: Persian letters
 * are mapped to ascending private-use code points (Unicode puts پ چ ژ گ out of place), after
 * Latin letters and digits. Stored in a column so SQLite can sort 100,000 rows by index.
 */
export function sortKey(text: string): string {
  let out = '';
  for (const ch of normalizeForSearch(text)) {
    const rank = PERSIAN_ALPHABET.indexOf(ch);
    out += rank >= 0 ? String.fromCharCode(PRIVATE_USE_BASE + rank) : ch;
  }
  return out;
}
