import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ISSUE_CODES } from '../../shared/errors';
import { catalogs, createTranslator, describeError, fieldLabel, isMessageKey } from '../../shared/i18n/index';
import { en } from '../../shared/i18n/en';
import { CUSTOMER_SORTS, customerInputSchema } from '../../shared/customers/customer.schema';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('have exactly the same keys in English and Persian, none empty', () => {
    const english = Object.keys(catalogs.en).sort();
    expect(Object.keys(catalogs.fa).sort()).toEqual(english);
    for (const [language, catalog] of Object.entries(catalogs)) {
      for (const [key, text] of Object.entries(catalog)) expect(text.trim(), `${language} ${key}`).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(catalogs.fa[key]), key).toEqual(placeholders(catalogs.en[key]));
    }
  });

  it('translate every error code and issue code', () => {
    for (const code of ERROR_CODES) expect(isMessageKey(`error.${code}`), code).toBe(true);
    for (const code of ISSUE_CODES) expect(isMessageKey(`issue.${code}`), code).toBe(true);
  });

  it('have a label for every customer field', () => {
    for (const field of [...Object.keys(customerInputSchema.shape), 'createdFrom', 'createdTo']) {
      expect(isMessageKey(`field.${field}`), field).toBe(true);
    }
    expect(CUSTOMER_SORTS.length).toBeGreaterThan(0);
  });

  it('are not left in English in the Persian catalog', () => {
    // Texts that are Latin on purpose in both languages (an example address, a code).
    const latinOnPurpose = new Set(['form.emailPlaceholder']);
    const untranslated = Object.entries(catalogs.fa).filter(([key, text]) => {
      const words = text.replace(/\{\w+\}/g, '');
      return text === catalogs.en[key as keyof typeof en] && /[a-z]{3}/i.test(words) && !latinOnPurpose.has(key);
    });
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });
});

describe('translator', () => {
  it('names the field in messages, in both languages and digit sets', () => {
    const issue = {
      code: 'validation' as const,
      issues: [{ field: 'emails.1', code: 'invalid_email' as const, params: { value: 'x@' } }],
    };
    expect(describeError(createTranslator('en'), issue)).toBe('Email 2 is not a valid email address: “x@”.');
    expect(describeError(createTranslator('fa'), issue)).toBe('ایمیل ۲ نشانی ایمیل معتبری نیست: «x@».');
    expect(describeError(createTranslator('fa', 'latin'), issue)).toBe('ایمیل 2 نشانی ایمیل معتبری نیست: «x@».');
    expect(fieldLabel(createTranslator('en'), 'phones.0.number')).toBe('Phone 1');
    expect(
      describeError(createTranslator('en'), { code: 'schema_too_new', params: { found: 9, supported: 1 } }),
    ).toContain('data version 9');
  });
});
