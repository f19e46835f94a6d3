/**
 * Demo and benchmark customers for a small Iranian shop: ~10% organizations, people with common
 * Persian names in the spellings people really type (Arabic ي/ك, ZWNJ or not, ئی/یی), ~20%
 * English names, Iranian mobiles validated with libphonenumber, some Tehran landlines, e-mails,
 * cities, tags. The same seed gives the same data (ids and creation times aside).
 *
 * Generation and insertion are separate so the benchmark can insert the very same rows twice.
 * Insertion goes through the one write path (`insertRecord`), batched per transaction, with the
 * search index written once per batch (`bulkWrite`).
 */
import { v7 as uuidv7 } from 'uuid';
import type { ContactChannel, PhoneLabel } from '../../shared/customers/customer.schema';
import { parsePhone } from '../../shared/customers/phone';
import { bulkWrite, insertRecord, type Writer } from '../sync/mutate';
import type { Fields } from '../sync/tables';
import {
  BRANCHES,
  DESCRIPTIONS,
  EMAIL_DOMAINS,
  ENGLISH_CITIES,
  ENGLISH_FIRST_NAMES,
  ENGLISH_LAST_NAMES,
  ENGLISH_COMPANY_SUFFIXES,
  ENGLISH_STREETS,
  INDUSTRIES,
  ORGANIZATION_BRANDS,
  PERSIAN_CITIES,
  PERSIAN_FEMALE_NAMES,
  PERSIAN_LAST_NAMES,
  PERSIAN_MALE_NAMES,
  PERSIAN_ORGANIZATION_KINDS,
  STREETS,
  TAGS,
  type Named,
} from './customer.data';
import { Random } from './random';

export interface SeedOptions {
  /** PRNG seed; the same seed gives the same customers. Default 1. */
  seed?: number;
  /** Records per transaction. Default 1000. */
  batchSize?: number;
  /** Creation times are spread over the three years before this (ms since epoch). Default now. */
  now?: number;
}

export interface SeedCounts {
  organizations: number;
  people: number;
}

/** One generated customer: its id and the synced fields `insertRecord` takes. */
export interface SeedCustomer {
  id: string;
  fields: Fields;
}

const ZWNJ = '\u200c';
const MOBILE_PREFIXES = [
  '0912',
  '0912',
  '0912',
  '0935',
  '0936',
  '0919',
  '0901',
  '0902',
  '0990',
  '0910',
  '0913',
  '0915',
  '0917',
  '0921',
  '0933',
  '0937',
  '0938',
  '0939',
] as const;
const CHANNELS: readonly (readonly [ContactChannel | null, number])[] = [
  [null, 40],
  ['phone', 20],
  ['whatsapp', 12],
  ['sms', 8],
  ['telegram', 8],
  ['email', 6],
  ['in_person', 6],
];
const THREE_YEARS_MS = 3 * 365 * 24 * 3600 * 1000;
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

function persianDigits(n: number): string {
  return String(n).replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)] ?? d);
}

/** A multi-part name joined the way people type it: mostly as one word, often with a ZWNJ, sometimes a space. */
function writeParts(rng: Random, parts: string | readonly string[], zwnjFirst: boolean): string {
  if (typeof parts === 'string') return parts;
  const joiner = rng.weighted<string>(
    zwnjFirst
      ? [
          [ZWNJ, 6],
          ['', 3],
          [' ', 1],
        ]
      : [
          ['', 6],
          [ZWNJ, 3],
          [' ', 1],
        ],
  );
  return parts.join(joiner);
}

/** ‌«رضایی» is often written «رضائی». */
function hamzaVariant(rng: Random, name: string): string {
  return name.endsWith('ایی') && rng.chance(0.35) ? `${name.slice(0, -3)}ائی` : name;
}

/** Text typed on an Arabic keyboard layout, or pasted from old software: ي and ك. */
function arabicLetters(text: string): string {
  return text.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
}

function persianPart(rng: Random, named: Named, zwnjFirst: boolean): string {
  return writeParts(rng, named[0], zwnjFirst);
}

class CustomerGenerator {
  private readonly rng: Random;
  private readonly ownerId: string;
  private readonly now: number;
  private readonly organizations: string[] = [];
  private readonly usedPhones = new Set<string>();

  constructor(seed: number, ownerId: string, now: number) {
    this.rng = new Random(seed);
    this.ownerId = ownerId;
    this.now = now;
  }

  generate(count: number): SeedCustomer[] {
    const organizationCount = Math.round(count / 10);
    const out: SeedCustomer[] = [];
    for (let i = 0; i < count; i++) {
      // Organizations spread evenly through the history, the first record being one.
      const isOrganization =
        organizationCount > 0 &&
        (i === 0 || Math.floor((i * organizationCount) / count) !== Math.floor(((i - 1) * organizationCount) / count));
      const createdAt = new Date(this.now - THREE_YEARS_MS + Math.floor(((i + 0.5) * THREE_YEARS_MS) / count));
      const record = isOrganization ? this.organization() : this.person();
      record.fields.created_at = createdAt.toISOString();
      out.push(record);
    }
    return out;
  }

  private mobile(): string {
    for (;;) {
      const raw = `${this.rng.pick(MOBILE_PREFIXES)}${String(this.rng.int(0, 9_999_999)).padStart(7, '0')}`;
      const e164 = parsePhone(raw, 'IR');
      if (e164 && !this.usedPhones.has(e164)) {
        this.usedPhones.add(e164);
        return e164;
      }
    }
  }

  /** A Tehran landline: 021 and eight digits, the first of them 2–8. */
  private tehranLandline(): string {
    for (;;) {
      const raw = `021${this.rng.int(2, 8)}${String(this.rng.int(0, 9_999_999)).padStart(7, '0')}`;
      const e164 = parsePhone(raw, 'IR');
      if (e164 && !this.usedPhones.has(e164)) {
        this.usedPhones.add(e164);
        return e164;
      }
    }
  }

  private phones(landlineLabel: PhoneLabel, landlineChance: number): Fields[] {
    const phones: Fields[] = [{ number: this.mobile(), label: 'mobile' }];
    if (this.rng.chance(0.25)) phones.push({ number: this.mobile(), label: 'mobile' });
    if (this.rng.chance(landlineChance)) phones.push({ number: this.tehranLandline(), label: landlineLabel });
    return phones;
  }

  private tags(): string[] {
    const count = this.rng.weighted([
      [0, 50],
      [1, 35],
      [2, 15],
    ] as const);
    const tags = new Set<string>();
    while (tags.size < count) tags.add(this.rng.weighted(TAGS));
    return [...tags];
  }

  private email(local: string, domain?: string): string {
    const suffix = this.rng.chance(0.5) ? String(this.rng.int(1, 99)) : '';
    return `${local}${suffix}@${domain ?? this.rng.weighted(EMAIL_DOMAINS)}`;
  }

  private address(city: string, english: boolean): string {
    if (!this.rng.chance(0.3)) return '';
    if (english) return `${this.rng.int(1, 250)} ${this.rng.pick(ENGLISH_STREETS)}, ${city}`;
    const street = this.rng.pick(STREETS);
    const plaque = this.rng.int(1, 250);
    return this.rng.chance(0.7)
      ? `${city}، ${street}، پلاک ${persianDigits(plaque)}`
      : `${city}، ${street}، پلاک ${plaque}`;
  }

  private common(): Fields {
    return {
      tags: this.tags(),
      preferred_channel: this.rng.weighted(CHANNELS),
      description: this.rng.chance(0.15) ? this.rng.pick(DESCRIPTIONS) : '',
      owner_id: this.ownerId,
    };
  }

  private organization(): SeedCustomer {
    const id = uuidv7();
    const english = this.rng.chance(0.2);
    const brand = this.rng.pick(ORGANIZATION_BRANDS);
    const [industry, englishIndustry] = this.rng.pick(INDUSTRIES);
    let name: string;
    if (english) {
      const latin = brand[1].replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
      name = [latin, englishIndustry, this.rng.pick(ENGLISH_COMPANY_SUFFIXES)].filter(Boolean).join(' ');
    } else {
      name = [this.rng.pick(PERSIAN_ORGANIZATION_KINDS), industry, persianPart(this.rng, brand, false)]
        .filter(Boolean)
        .join(' ');
      if (this.rng.chance(0.15)) name += ` (${this.rng.pick(BRANCHES)})`;
      if (this.rng.chance(0.05)) name = arabicLetters(name);
    }
    const slug = brand[1];
    const city = english ? this.rng.pick(ENGLISH_CITIES) : this.rng.weighted(PERSIAN_CITIES);
    const emails = this.rng.chance(0.6)
      ? [this.email(this.rng.pick(['info', 'sales', 'office']), `${slug}.${this.rng.pick(['ir', 'com', 'co'])}`)]
      : [];
    this.organizations.push(id);
    return {
      id,
      fields: {
        kind: 'organization',
        name,
        organization_id: null,
        phones: this.phones('work', 0.6),
        emails,
        address: this.address(city, english),
        city,
        ...this.common(),
      },
    };
  }

  private person(): SeedCustomer {
    const english = this.rng.chance(0.2);
    let name: string;
    let local: string;
    let city: string;
    if (english) {
      const first = this.rng.pick(ENGLISH_FIRST_NAMES);
      const last = this.rng.pick(ENGLISH_LAST_NAMES);
      name = `${first} ${last}`;
      local = `${first}.${last}`.toLowerCase().replace(/ü/g, 'u');
      city = this.rng.pick(ENGLISH_CITIES);
    } else {
      const first = this.rng.pick(this.rng.chance(0.5) ? PERSIAN_MALE_NAMES : PERSIAN_FEMALE_NAMES);
      const last = this.rng.pick(PERSIAN_LAST_NAMES);
      name = `${persianPart(this.rng, first, false)} ${hamzaVariant(this.rng, persianPart(this.rng, last, true))}`;
      if (this.rng.chance(0.07)) name = arabicLetters(name);
      local = this.rng.chance(0.5) ? `${first[1]}.${last[1]}` : `${first[1][0] ?? ''}${last[1]}`;
      city = this.rng.weighted(PERSIAN_CITIES);
    }
    const organizationId =
      this.organizations.length > 0 && this.rng.chance(0.4) ? this.rng.pick(this.organizations) : null;
    return {
      id: uuidv7(),
      fields: {
        kind: 'person',
        name,
        organization_id: organizationId,
        phones: this.phones('home', 0.1),
        emails: this.rng.chance(0.5) ? [this.email(local)] : [],
        address: this.address(city, english),
        city,
        ...this.common(),
      },
    };
  }
}

/** Generates `count` customers in memory (organizations before the people linked to them). */
export function generateCustomers(
  count: number,
  options: { seed?: number; ownerId: string; now?: number },
): SeedCustomer[] {
  return new CustomerGenerator(options.seed ?? 1, options.ownerId, options.now ?? Date.now()).generate(count);
}

/** Inserts generated customers through the write path, `batchSize` per transaction. */
export function insertCustomers(writer: Writer, customers: readonly SeedCustomer[], batchSize = 1000): SeedCounts {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer`);
  const counts: SeedCounts = { organizations: 0, people: 0 };
  for (let start = 0; start < customers.length; start += batchSize) {
    const batch = customers.slice(start, start + batchSize);
    writer.db.transaction(() =>
      bulkWrite(writer, () => {
        for (const customer of batch) insertRecord(writer, 'customers', customer.id, customer.fields);
      }),
    );
    for (const customer of batch) {
      if (customer.fields.kind === 'organization') counts.organizations++;
      else counts.people++;
    }
  }
  return counts;
}

/** Seeds `count` realistic customers owned by the writer's user; returns how many of each kind. */
export function seedCustomers(writer: Writer, count: number, options: SeedOptions = {}): SeedCounts {
  const customers = generateCustomers(count, {
    ownerId: writer.userId,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return insertCustomers(writer, customers, options.batchSize ?? 1000);
}
