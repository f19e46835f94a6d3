/**
 * The business profile (name, address, logo, defaults for new documents) printed on quotes and
 * invoices, shared by every computer of the shop.
 *
 * Each field is its own synced setting (`business_profile.<field>`), so sync's last-writer-wins
 * works per field: the shop changing the address while the laptop, offline, changes the footer
 * keeps both. Files written before that kept the whole profile in one setting
 * (`business_profile`); it is still read, and per field the newer of the two stamps wins, so an
 * older copy of the app that still writes the whole value is not shadowed by stale field rows.
 */
import type { Db } from '../../../db/database';
import { withChanged } from '../../../shared/changed-fields';
import { businessProfileSchema, type BusinessProfile } from '../../../shared/documents/printable';
import { fieldStamp, insertRecord, readClocks, updateRecord, type Writer } from '../../sync/mutate';
import type { FieldValue } from '../../sync/tables';

/** The setting that held the whole profile before it was split into fields. */
const WHOLE_PROFILE_KEY = 'business_profile';
const FIELD_KEY_PREFIX = `${WHOLE_PROFILE_KEY}.`;

const PROFILE_FIELDS = Object.keys(businessProfileSchema.shape) as (keyof BusinessProfile)[];
const isProfileField = (name: string): name is keyof BusinessProfile =>
  Object.hasOwn(businessProfileSchema.shape, name);

export const DEFAULT_PROFILE: BusinessProfile = {
  name: '',
  address: '',
  phone: '',
  taxCode: '',
  logoDataUrl: null,
  defaultCurrency: 'IRR',
  defaultTaxBasisPoints: 1000,
  rialDisplay: 'rial',
  footer: '',
};

interface StoredSetting {
  id: string;
  value: string;
}

/** The stamp of a setting's value ('' for rows written before the write path stamped them). */
function valueStamp(db: Db, id: string): string {
  return fieldStamp(readClocks(db, 'settings', id), 'value') ?? '';
}

/** A stored value for `field`, if it is one the schema accepts (anything else falls back). */
function checked(field: keyof BusinessProfile, value: unknown): { value: unknown } | null {
  const result = businessProfileSchema.shape[field].safeParse(value);
  return result.success ? { value: result.data } : null;
}

export function getProfile(db: Db): BusinessProfile {
  const rows = db
    .prepare("SELECT id, value FROM settings WHERE (id = ? OR id LIKE ? ESCAPE '\\') AND deleted_at IS NULL")
    .all(WHOLE_PROFILE_KEY, `${WHOLE_PROFILE_KEY.replace(/_/g, '\\_')}.%`) as StoredSetting[];
  const profile: Record<string, unknown> = { ...DEFAULT_PROFILE };
  const stamps = new Map<string, string>();
  const take = (field: keyof BusinessProfile, value: unknown, stamp: string) => {
    const accepted = checked(field, value);
    if (!accepted || (stamps.get(field) ?? '') > stamp) return;
    profile[field] = accepted.value;
    stamps.set(field, stamp);
  };
  for (const row of rows) {
    const value = JSON.parse(row.value) as unknown;
    const stamp = valueStamp(db, row.id);
    if (row.id === WHOLE_PROFILE_KEY) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [field, fieldValue] of Object.entries(value)) {
          if (isProfileField(field)) take(field, fieldValue, stamp);
        }
      }
      continue;
    }
    const field = row.id.slice(FIELD_KEY_PREFIX.length);
    if (isProfileField(field)) take(field, value, stamp);
  }
  return profile as unknown as BusinessProfile;
}

/**
 * Saves the profile. With `changed`, only those fields come from `edited` and the rest from the
 * stored profile, which another window or a synced computer may have changed since the page
 * loaded it. Only fields whose value differs are written, each as its own setting.
 */
export function updateProfile(
  writer: Writer,
  edited: BusinessProfile,
  changed?: readonly (keyof BusinessProfile)[],
): BusinessProfile {
  const db = writer.db;
  db.transaction(() => {
    const current = getProfile(db);
    const profile = changed ? withChanged(current, edited, changed) : edited;
    for (const field of PROFILE_FIELDS) {
      if (profile[field] === current[field]) continue;
      const id = `${FIELD_KEY_PREFIX}${field}`;
      const value = profile[field] as FieldValue;
      if (db.prepare('SELECT 1 FROM settings WHERE id = ?').get(id)) {
        updateRecord(writer, 'settings', id, { value, deleted_at: null });
      } else insertRecord(writer, 'settings', id, { value });
    }
  });
  return getProfile(db);
}
