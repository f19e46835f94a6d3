import type { FieldIssue, RpcErrorPayload } from '../errors';
import type { DigitSet, Language } from '../preferences';
import { localizeDigits } from '../format/format';
import { en, type MessageKey } from './en';
import { fa } from './fa';

export type { MessageKey } from './en';
export const catalogs: Record<Language, Record<MessageKey, string>> = { en, fa };

export type MessageParams = Record<string, string | number>;

export interface Translator {
  language: Language;
  (key: MessageKey, params?: MessageParams): string;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/**
 * A translator for one language. Numbers in params are shown in the chosen digit set; string
 * params (names, typed values) are shown exactly as given.
 */
export function createTranslator(
  language: Language,
  digits: DigitSet = language === 'fa' ? 'persian' : 'latin',
): Translator {
  const catalog = catalogs[language];
  const t = (key: MessageKey, params?: MessageParams): string => {
    const template = catalog[key] ?? en[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? localizeDigits(String(value), digits) : value;
    });
  };
  return Object.assign(t, { language });
}

/** `emails.1` → "Email 2"; `phones.0.number` → "Phone 1"; `name` → "Name". */
export function fieldLabel(t: Translator, field: string): string {
  const [head = 'input', index] = field.split('.');
  if (index !== undefined && /^\d+$/.test(index)) {
    const itemKey = `field.${head}.item`;
    if (isMessageKey(itemKey)) return t(itemKey, { n: Number(index) + 1 });
  }
  const key = `field.${head}`;
  return isMessageKey(key) ? t(key) : head;
}

export function describeIssue(t: Translator, issue: FieldIssue): string {
  return t(`issue.${issue.code}`, { ...issue.params, field: fieldLabel(t, issue.field) });
}

/** One translated sentence for an error; validation errors list each field's problem. */
export function describeError(t: Translator, error: RpcErrorPayload): string {
  if (error.code === 'validation' && error.issues?.length) {
    return error.issues.map((issue) => describeIssue(t, issue)).join(' ');
  }
  return t(`error.${error.code}`, { detail: '', method: '', found: '', supported: '', ...error.params });
}
