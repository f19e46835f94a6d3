/** Hooks that turn the preferences into a translator and display options. */
import { useMemo } from 'react';
import type { DisplayOptions } from '../../shared/format/format';
import { createTranslator, type Translator } from '../../shared/i18n';
import { usePreferences } from '../stores/preferences';

export function useT(): Translator {
  const language = usePreferences((s) => s.preferences.language);
  const digits = usePreferences((s) => s.preferences.digits);
  return useMemo(() => createTranslator(language, digits), [language, digits]);
}

export function useDisplay(): DisplayOptions {
  const language = usePreferences((s) => s.preferences.language);
  const calendar = usePreferences((s) => s.preferences.calendar);
  const digits = usePreferences((s) => s.preferences.digits);
  return useMemo(() => ({ language, calendar, digits }), [language, calendar, digits]);
}

export function usePhoneRegion(): string {
  return usePreferences((s) => s.preferences.phoneRegion);
}
