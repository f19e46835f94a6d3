import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DUPLICATE_THRESHOLD,
  deletionKeys,
  duplicateKey,
  editDistance,
  nameSkeleton,
  scoreDuplicate,
  sortedSkeleton,
  withinOneEdit,
} from '../../shared/duplicates/duplicate.score';
import { normalizeForSearch } from '../../shared/text/normalize';

const person = (name: string, phones: string[] = [], emails: string[] = []) =>
  duplicateKey({ kind: 'person', name, phones, emails });
const score = (a: string, b: string) => scoreDuplicate(person(a), person(b));

const FIRST = ['علی', 'محمد', 'مریم', 'زهرا', 'حسین', 'فاطمه', 'کامران', 'نرگس', 'سینا', 'پریسا'];
const LAST = ['رضایی', 'کریمی', 'احمدی', 'حسینی', 'موسوی', 'جعفری', 'قاسمی', 'صادقی', 'نوروزی', 'کاظمی', 'یزدانی'];
const ZWNJ = '\u200c';

/** Ways one name is really typed: Arabic letters, hamza, ZWNJ or spaces, word order, one typo. */
const spelledVariant = (first: string, last: string) =>
  fc
    .record({
      arabicYeh: fc.boolean(),
      arabicKaf: fc.boolean(),
      hamza: fc.boolean(),
      joiner: fc.constantFrom(' ', '  ', ZWNJ, ` ${ZWNJ}`, '\u200f '),
      swapWords: fc.boolean(),
      padding: fc.constantFrom('', ' ', '\u200e'),
    })
    .map((v) => {
      const lastName = v.hamza ? last.replace(/ایی$/, 'ائی') : last;
      let name = v.swapWords ? `${lastName}${v.joiner}${first}` : `${first}${v.joiner}${lastName}`;
      if (v.arabicYeh) name = name.replace(/ی/g, 'ي');
      if (v.arabicKaf) name = name.replace(/ک/g, 'ك');
      return `${v.padding}${name}${v.padding}`;
    });

/** One typo (substitution, insertion, deletion or swap) at some position of a string. */
const typo = (text: string, letters = 'ابپتسشمنوهی') =>
  fc
    .record({
      kind: fc.constantFrom('substitute', 'insert', 'delete', 'swap'),
      at: fc.nat({ max: Array.from(text).length - 2 }),
      letter: fc.constantFrom(...letters),
    })
    .map(({ kind, at, letter }) => {
      const x = Array.from(text);
      if (kind === 'substitute') x[at] = letter;
      else if (kind === 'insert') x.splice(at, 0, letter);
      else if (kind === 'delete') x.splice(at, 1);
      else [x[at], x[at + 1]] = [x[at + 1] ?? '', x[at] ?? ''];
      return x.join('');
    });

describe('name skeleton', () => {
  it('is idempotent, as is the normalization under it (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(normalizeForSearch(normalizeForSearch(s))).toBe(normalizeForSearch(s));
        expect(nameSkeleton(nameSkeleton(s))).toBe(nameSkeleton(s));
        expect(sortedSkeleton(sortedSkeleton(s))).toBe(nameSkeleton(sortedSkeleton(s)));
        const key = duplicateKey({ kind: 'person', name: s, phones: [], emails: [] });
        expect([key.skeleton, key.sorted]).toEqual([nameSkeleton(s), sortedSkeleton(s)]);
      }),
    );
  });

  it('folds letter variants, ZWNJ, spacing and punctuation', () => {
    expect(nameSkeleton('علي رضائي')).toBe(nameSkeleton('علی رضایی'));
    expect(nameSkeleton('علی‌رضا  كريمي')).toBe(nameSkeleton('علیرضا کریمی'));
    expect(nameSkeleton('Ali-Reza (Karimi).')).toBe('alirezakarimi');
    expect(sortedSkeleton('رضایی علی')).toBe(sortedSkeleton('علی رضایی'));
  });
});

describe('edit distance', () => {
  const small = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ی', 'ک'), maxLength: 8 });

  it('withinOneEdit agrees with the full Damerau-Levenshtein distance (property)', () => {
    fc.assert(fc.property(small, small, (a, b) => withinOneEdit(a, b) === editDistance(a, b) <= 1));
  });

  it('two long strings one edit apart share a deletion key (property)', () => {
    const long = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 6, maxLength: 10 });
    fc.assert(
      fc.property(
        long.chain((a) => fc.tuple(fc.constant(a), typo(a, 'abc'))),
        ([a, b]) => {
          fc.pre(Array.from(b).length >= 6);
          expect(withinOneEdit(a, b)).toBe(true);
          const keys = new Set(deletionKeys(a));
          expect(deletionKeys(b).some((k) => keys.has(k))).toBe(true);
        },
      ),
    );
  });
});

describe('duplicate scoring', () => {
  it('variants of one name score as duplicates (property)', () => {
    const name = fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST));
    fc.assert(
      fc.property(
        name.chain(([first, last]) => fc.tuple(spelledVariant(first, last), spelledVariant(first, last))),
        ([a, b]) => {
          const result = score(a, b);
          expect(result.reasons).toEqual(['same_name']);
          expect(result.duplicate).toBe(true);
        },
      ),
    );
  });

  it('one typo in a long name is a similar name (property)', () => {
    const name = fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST)).map(([f, l]) => `${f} ${l}`);
    fc.assert(
      fc.property(
        name.chain((n) => fc.tuple(fc.constant(n), typo(n))),
        ([a, b]) => {
          fc.pre(nameSkeleton(a) !== nameSkeleton(b) && Array.from(nameSkeleton(b)).length >= 6);
          const result = score(a, b);
          expect(result.duplicate).toBe(true);
          expect(result.reasons).toContain('similar_name');
        },
      ),
    );
  });

  it('different people with a shared first name are not duplicates (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIRST),
        fc.constantFrom(...LAST),
        fc.constantFrom(...LAST),
        fc.boolean(),
        (first, l1, l2, space) => {
          fc.pre(l1 !== l2);
          const joiner = space ? ' ' : ZWNJ;
          expect(score(`${first}${joiner}${l1}`, `${first} ${l2}`).duplicate).toBe(false);
        },
      ),
    );
  });

  it('names the reasons', () => {
    expect(score('علی رضایی', 'علی کریمی')).toMatchObject({ duplicate: false, reasons: [] });
    expect(score('Ali', 'Ala')).toMatchObject({ duplicate: false, reasons: [] });
    expect(score('Ali', 'ali')).toMatchObject({ duplicate: true, reasons: ['same_name'] });
    expect(score('علی رضایی', 'علی رضاییی').reasons).toEqual(['similar_name']);
    expect(score('Mohammad Karimi', 'Mohammad Karimy').reasons).toEqual(['similar_name']);
    expect(score('Mohammad Karimi', 'Mohamamd Karimi').reasons).toEqual(['similar_name']);
    expect(score('', '').duplicate).toBe(false);

    const phone = scoreDuplicate(person('Sara', ['+989121234567']), person('Ali', ['+989121234567']));
    expect(phone).toMatchObject({ duplicate: true, reasons: ['same_phone'] });
    const email = scoreDuplicate(person('Sara', [], [' Sara@Example.com']), person('S.', [], ['sara@example.com']));
    expect(email.reasons).toEqual(['same_email']);
    const all = scoreDuplicate(
      person('علي رضائي', ['+989121234567'], ['a@b.ir']),
      person('علی رضایی', ['+989121234567'], ['A@B.ir']),
    );
    expect(all.reasons).toEqual(['same_phone', 'same_email', 'same_name']);
    expect(all.score).toBeGreaterThan(phone.score);
    expect(phone.score).toBeGreaterThan(score('Sara Karimi', 'Sara Karimi').score);
    expect(score('Sara Karimi', 'Sara Karimi').score).toBeGreaterThan(score('Sara Karimi', 'Sara Karimy').score);
    expect(score('Sara Karimi', 'Sara Karimy').score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it('only compares customers of the same kind', () => {
    const org = duplicateKey({ kind: 'organization', name: 'Aria', phones: ['+982188776655'], emails: [] });
    const per = duplicateKey({ kind: 'person', name: 'Aria', phones: ['+982188776655'], emails: [] });
    expect(scoreDuplicate(org, per)).toMatchObject({ duplicate: false, reasons: [], score: 0 });
  });
});
