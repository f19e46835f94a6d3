import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { describeStartupError, languageForLocale } from '../../../main/shell/startup-error';

describe('describeStartupError', () => {
  const tooNew = new AppError('schema_too_new', {
    params: { found: 9, supported: 1 },
    message: '/data/pishkhan.sqlite has data version 9; this Pishkhan reads up to 1.',
  });

  it('explains a database from a newer Pishkhan in English, with the technical detail below', () => {
    const text = describeStartupError(tooNew, '/data', 'en-US');
    expect(text.message).toContain('newer Pishkhan');
    expect(text.message).toContain('9');
    expect(text.message).toContain('nothing was changed');
    expect(text.detail).toContain('/data/pishkhan.sqlite has data version 9');
    expect(text.detail).toContain('/data');
  });

  it('speaks Persian on a Persian system', () => {
    expect(languageForLocale('fa-IR')).toBe('fa');
    expect(languageForLocale('fa')).toBe('fa');
    expect(languageForLocale('en-GB')).toBe('en');
    expect(languageForLocale('fr')).toBe('en');
    const text = describeStartupError(tooNew, '/data', 'fa-IR');
    expect(text.message).toMatch(/[\u0600-\u06FF]/);
    expect(text.message).toContain('۹');
  });

  it('gives a plain sentence for any other failure', () => {
    const text = describeStartupError(new Error('EACCES: permission denied'), '/root/x', 'en');
    expect(text.message).toBe('Pishkhan could not open its data folder. Nothing was changed.');
    expect(text.detail).toContain('EACCES');
    expect(describeStartupError('weird', '/x', 'en').detail).toContain('weird');
  });
});
