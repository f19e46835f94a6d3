/**
 * What the shell shows when the data folder cannot be opened (a database from a newer Pishkhan,
 * a folder without permission, a broken native module): one translated sentence for the dialog
 * and the technical detail underneath. Plain module so it is tested under Node.
 */
import { AppError } from '../../shared/errors';
import { createTranslator, describeError } from '../../shared/i18n';

export interface StartupErrorDialog {
  title: string;
  message: string;
  detail: string;
}

export function languageForLocale(locale: string): 'fa' | 'en' {
  return /^fa\b/i.test(locale) ? 'fa' : 'en';
}

export function describeStartupError(error: unknown, dataDir: string, locale: string): StartupErrorDialog {
  const language = languageForLocale(locale);
  const t = createTranslator(language);
  const technical = error instanceof Error ? error.message : String(error);
  if (error instanceof AppError) {
    return {
      title: 'Pishkhan',
      message: describeError(t, error.toPayload()),
      detail: `${technical}\n\n${dataDir}`,
    };
  }
  const message =
    language === 'fa'
      ? 'پیشخوان نتوانست پوشهٔ داده‌ها را باز کند. چیزی تغییر نکرد.'
      : 'Pishkhan could not open its data folder. Nothing was changed.';
  return { title: 'Pishkhan', message, detail: `${technical}\n\n${dataDir}` };
}
