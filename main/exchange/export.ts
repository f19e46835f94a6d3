/**
 * Exports: CSV per entity (UTF-8 with a BOM so Excel shows Persian; cells that a spreadsheet would
 * run as a formula neutralized), vCard 3.0 of people, and the versioned JSON of everything.
 */
import { sql, type Db } from '../../db/database';
import type { CustomerKind, Phone, PhoneLabel } from '../../shared/customers/customer.schema';
import type { CsvEntity } from '../../shared/exchange/exchange.schema';
import { syncedTables, type SyncedTableName } from '../sync/tables';
import { csvTable, type CsvColumn } from './csv';
import { invoicesCsv, leadsCsv, opportunitiesCsv, paymentsCsv, productsCsv, quotesCsv } from './export.sales';

interface CustomerRecord {
  id: string;
  kind: CustomerKind;
  name: string;
  organization: string;
  phones: Phone[];
  emails: string[];
  address: string;
  city: string;
  tags: string[];
  description: string;
  created_at: string;
}

function customers(db: Db, kind: CustomerKind | null): CustomerRecord[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.kind, c.name, coalesce(o.name, '') AS organization, c.phones, c.emails, c.address, c.city,
              c.tags, c.description, c.created_at
       FROM customers c LEFT JOIN customers o ON o.id = c.organization_id
       WHERE c.deleted_at IS NULL ${kind ? 'AND c.kind = ?' : ''}
       ORDER BY c.kind DESC, c.sort_key, c.seq`,
    )
    .all(...(kind ? [kind] : [])) as (Omit<CustomerRecord, 'phones' | 'emails' | 'tags'> & {
    phones: string;
    emails: string;
    tags: string;
  })[];
  return rows.map((r) => ({
    ...r,
    phones: JSON.parse(r.phones) as Phone[],
    emails: JSON.parse(r.emails) as string[],
    tags: JSON.parse(r.tags) as string[],
  }));
}

/** Phone columns in the order the import maps them back (same header names). */
const PHONE_COLUMNS: [PhoneLabel, string][] = [
  ['mobile', 'Mobile'],
  ['work', 'Work Phone'],
  ['home', 'Home Phone'],
  ['fax', 'Fax'],
  ['other', 'Phone'],
];

function customersCsv(db: Db, kind: CustomerKind | null): { csv: string; count: number } {
  return csvTable(customers(db, kind), [
    ['Name', (c) => c.name],
    ['Type', (c) => c.kind],
    ['Company', (c) => c.organization],
    ...PHONE_COLUMNS.map(([label, header]): CsvColumn<CustomerRecord> => [
      header,
      (c) =>
        c.phones
          .filter((p) => p.label === label)
          .map((p) => p.number)
          .join('; '),
    ]),
    ['Email', (c) => c.emails.join('; ')],
    ['City', (c) => c.city],
    ['Address', (c) => c.address],
    ['Tags', (c) => c.tags.join(', ')],
    ['Description', (c) => c.description],
    ['Id', (c) => c.id],
    ['Created At', (c) => c.created_at],
  ]);
}

function activitiesCsv(db: Db): { csv: string; count: number } {
  const rows = db.all(
    sql
      .selectFrom('activities as a')
      .leftJoin('customers as c', 'c.id', 'a.customer_id')
      .leftJoin('customers as p', 'p.id', 'a.person_id')
      .select([
        'a.id',
        'a.type',
        'a.subject',
        'c.name as customer',
        'p.name as person',
        'a.due_at',
        'a.status',
        'a.completed_at',
        'a.outcome',
        'a.description',
        'a.recurrence',
        'a.created_at',
      ])
      .where('a.deleted_at', 'is', null)
      .orderBy('a.seq'),
  );
  return csvTable(rows, [
    ['Id', (r) => r.id],
    ['Type', (r) => r.type],
    ['Subject', (r) => r.subject],
    ['Customer', (r) => r.customer],
    ['Person', (r) => r.person],
    ['Due At', (r) => r.due_at],
    ['Status', (r) => r.status],
    ['Completed At', (r) => r.completed_at],
    ['Outcome', (r) => r.outcome],
    ['Description', (r) => r.description],
    ['Repeats', (r) => r.recurrence],
    ['Created At', (r) => r.created_at],
  ]);
}

function notesCsv(db: Db): { csv: string; count: number } {
  const rows = db.all(
    sql
      .selectFrom('notes as n')
      .leftJoin('customers as c', 'c.id', 'n.customer_id')
      .select(['n.id', 'c.name as customer', 'n.body', 'n.created_at'])
      .where('n.deleted_at', 'is', null)
      .orderBy('n.seq'),
  );
  return csvTable(rows, [
    ['Id', (r) => r.id],
    ['Customer', (r) => r.customer],
    ['Note', (r) => r.body],
    ['Created At', (r) => r.created_at],
  ]);
}

/** `now`: invoices show the status the window shows at that moment (overdue, partly paid…). */
export function exportCsv(db: Db, entity: CsvEntity, now: Date): { csv: string; count: number } {
  switch (entity) {
    case 'customers':
      return customersCsv(db, null);
    case 'organizations':
      return customersCsv(db, 'organization');
    case 'people':
      return customersCsv(db, 'person');
    case 'activities':
      return activitiesCsv(db);
    case 'notes':
      return notesCsv(db);
    case 'leads':
      return leadsCsv(db);
    case 'opportunities':
      return opportunitiesCsv(db);
    case 'products':
      return productsCsv(db);
    case 'quotes':
      return quotesCsv(db);
    case 'invoices':
      return invoicesCsv(db, now.toISOString());
    case 'payments':
      return paymentsCsv(db);
  }
}

// ---------------------------------------------------------------------------------------------
// vCard 3.0

function vEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/,/g, '\\,').replace(/;/g, '\\;');
}

/** Folds at 75 octets without splitting a UTF-8 character (RFC 2426 §2.6). */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = parts.length === 0 ? 75 : 74;
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const VCARD_TYPES: Record<PhoneLabel, string> = {
  mobile: 'CELL',
  work: 'WORK,VOICE',
  home: 'HOME,VOICE',
  fax: 'FAX',
  other: 'VOICE',
};

export function exportVCards(db: Db): { vcf: string; count: number } {
  const people = customers(db, 'person');
  const cards = people.map((c) => {
    const words = c.name.split(' ');
    const family = words.length > 1 ? (words.pop() ?? '') : '';
    const lines = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      `UID:urn:uuid:${c.id}`,
      `FN:${vEscape(c.name)}`,
      `N:${vEscape(family)};${vEscape(words.join(' '))};;;`,
      ...(c.organization ? [`ORG:${vEscape(c.organization)}`] : []),
      ...c.phones.map((p) => `TEL;TYPE=${VCARD_TYPES[p.label]}:${p.number}`),
      ...c.emails.map((e) => `EMAIL;TYPE=INTERNET:${vEscape(e)}`),
      ...(c.address || c.city ? [`ADR;TYPE=WORK:;;${vEscape(c.address)};${vEscape(c.city)};;;`] : []),
      ...(c.tags.length ? [`CATEGORIES:${c.tags.map(vEscape).join(',')}`] : []),
      ...(c.description ? [`NOTE:${vEscape(c.description)}`] : []),
      'END:VCARD',
    ];
    return lines.map(fold).join('\r\n');
  });
  return { vcf: cards.length ? `${cards.join('\r\n')}\r\n` : '', count: cards.length };
}

// ---------------------------------------------------------------------------------------------
// JSON

export const JSON_FORMAT = 'pishkhan-export';
/** 1: users, customers, notes and activities only. 2: every synced table. */
export const JSON_VERSION = 2;
/**
 * Every synced table, in the order an import writes them (owners before what points at them;
 * nothing enforces it, but a reader of the data never sees a dangling id mid-import).
 */
export const JSON_TABLES = [
  'users',
  'customers',
  'notes',
  'activities',
  'pipeline_stages',
  'leads',
  'opportunities',
  'opportunity_stage_history',
  'products',
  'quotes',
  'invoices',
  'payments',
  'settings',
] as const satisfies readonly SyncedTableName[];

export type JsonRecord = Record<string, unknown>;

export interface JsonExport {
  format: typeof JSON_FORMAT;
  version: number;
  schemaVersion: number;
  exportedAt: string;
  tables: Record<(typeof JSON_TABLES)[number], JsonRecord[]>;
}

/**
 * Every record of every synced table (tombstones too): id, its synced fields and updated_at, by
 * id: ids are the same on every device (row order is not), so synced devices export the same.
 */
export function exportJson(db: Db, schemaVersion: number, now: Date): JsonExport {
  const tables = {} as JsonExport['tables'];
  for (const name of JSON_TABLES) {
    const table = syncedTables[name];
    const columns = ['id', ...table.fields, 'updated_at'];
    const json: readonly string[] = table.jsonFields;
    tables[name] = (db.prepare(`SELECT ${columns.join(', ')} FROM ${name} ORDER BY id`).all() as JsonRecord[]).map(
      (row) => {
        const out: JsonRecord = {};
        for (const c of columns) out[c] = json.includes(c) ? (JSON.parse(String(row[c])) as unknown) : row[c];
        return out;
      },
    );
  }
  return { format: JSON_FORMAT, version: JSON_VERSION, schemaVersion, exportedAt: now.toISOString(), tables };
}
