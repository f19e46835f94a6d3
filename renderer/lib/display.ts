/** Small display helpers shared by pages: phones in the chosen digits, kinds and channels. */
import { displayPhone } from '../../shared/customers/phone';
import type { ContactChannel, CustomerKind, PhoneLabel } from '../../shared/customers/customer.schema';
import { intlLocale, localizeDigits, type DisplayOptions } from '../../shared/format/format';
import type { DigitSet } from '../../shared/preferences';
import type { MessageKey, Translator } from '../../shared/i18n';
import { isDefaultUser } from '../../shared/users';

export function phoneText(e164: string, region: string, digits: DigitSet): string {
  return localizeDigits(displayPhone(e164, region), digits);
}

export const kindKey = (kind: CustomerKind | string): MessageKey =>
  kind === 'organization' ? 'kind.organization' : 'kind.person';

export const channelKey = (channel: ContactChannel): MessageKey => `channel.${channel}`;
export const phoneLabelKey = (label: PhoneLabel): MessageKey => `phoneLabel.${label}`;

const shortFormats = new Map<string, Intl.DateTimeFormat>();
/** A compact date for dense tables, e.g. `22 Nov 2026` or `۱ آذر ۱۴۰۵`. */
export function formatShortDate(iso: string, options: DisplayOptions): string {
  const locale = intlLocale(options);
  let format = shortFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' });
    shortFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}

/** A user's name for display: the default user's stored name is only a fallback, so translate it. */
export function userName(t: Translator, id: string, stored: string): string {
  return isDefaultUser(id) ? t('user.defaultOwner') : stored;
}
