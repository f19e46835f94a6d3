import { z } from 'zod';

export const LANGUAGES = ['en', 'fa'] as const;
export type Language = (typeof LANGUAGES)[number];
export const CALENDARS = ['gregorian', 'jalali'] as const;
export type Calendar = (typeof CALENDARS)[number];
export const DIGIT_SETS = ['latin', 'persian'] as const;
export type DigitSet = (typeof DIGIT_SETS)[number];
export const THEMES = ['light', 'dark', 'auto'] as const;
export type Theme = (typeof THEMES)[number];

/** Per-device display preferences; not synced, since two people sharing a shop may read differently. */
export interface Preferences {
  language: Language;
  calendar: Calendar;
  digits: DigitSet;
  theme: Theme;
  /** ISO 3166 region used to read phone numbers typed without a country code. */
  phoneRegion: string;
}

export const preferencesPatchSchema = z
  .object({
    language: z.enum(LANGUAGES, { error: 'invalid_choice' }),
    calendar: z.enum(CALENDARS, { error: 'invalid_choice' }),
    digits: z.enum(DIGIT_SETS, { error: 'invalid_choice' }),
    theme: z.enum(THEMES, { error: 'invalid_choice' }),
    phoneRegion: z
      .string({ error: 'required' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, { error: 'invalid_choice' }),
  })
  .partial()
  .strict();
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;

/** Defaults follow the system locale: a Persian system gets Persian, Jalali and Persian digits. */
export function defaultPreferences(systemLocale: string): Preferences {
  const persian = /^fa\b/i.test(systemLocale);
  return {
    language: persian ? 'fa' : 'en',
    calendar: persian ? 'jalali' : 'gregorian',
    digits: persian ? 'persian' : 'latin',
    theme: 'auto',
    phoneRegion: 'IR',
  };
}
