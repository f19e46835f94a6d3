import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../main/app';
import { generateCustomers, seedCustomers } from '../../main/seed/customer.seed';
import type { CustomerListResult } from '../../shared/customers/customer.schema';
import { parsePhone } from '../../shared/customers/phone';
import { normalizeForSearch } from '../../shared/text/normalize';

interface Row {
  id: string;
  kind: string;
  name: string;
  organization_id: string | null;
  phones: string;
  emails: string;
  address: string;
  city: string;
  tags: string;
  preferred_channel: string | null;
  description: string;
  owner_id: string;
  created_at: string;
}

const opened: { app: App; dir: string }[] = [];

function freshApp(): App {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pishkhan-seed-'));
  const app = openApp({ dataDir: dir, systemLocale: 'fa-IR' });
  opened.push({ app, dir });
  return app;
}

afterEach(() => {
  for (const { app, dir } of opened.splice(0)) {
    app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function rows(app: App): Row[] {
  return app.db.sqlite.prepare('SELECT * FROM customers ORDER BY seq').all() as Row[];
}

/** What a seed decides, with organization links by name instead of by (fresh) id. */
function content(app: App): unknown[] {
  const all = rows(app);
  const names = new Map(all.map((r) => [r.id, r.name]));
  return all.map((r) => ({
    kind: r.kind,
    name: r.name,
    organization: r.organization_id ? names.get(r.organization_id) : null,
    phones: r.phones,
    emails: r.emails,
    address: r.address,
    city: r.city,
    tags: r.tags,
    preferredChannel: r.preferred_channel,
    description: r.description,
    createdAt: r.created_at,
  }));
}

function list(app: App, query: string): CustomerListResult {
  const result = app.dispatch('customers.list', { query, limit: 500 });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as CustomerListResult;
}

const NOW = Date.parse('2026-03-20T12:00:00.000Z');
const COUNT = 1500;

describe('seedCustomers', () => {
  it('inserts the requested number of customers, ~10% organizations, in batches', () => {
    const app = freshApp();
    const counts = seedCustomers(app.writer, COUNT, { seed: 7, batchSize: 400, now: NOW });
    expect(counts.organizations + counts.people).toBe(COUNT);
    expect(counts.organizations).toBe(150);
    const byKind = app.db.sqlite.prepare('SELECT kind, count(*) AS n FROM customers GROUP BY kind').all() as {
      kind: string;
      n: number;
    }[];
    expect(Object.fromEntries(byKind.map((r) => [r.kind, r.n]))).toEqual({
      organization: counts.organizations,
      person: counts.people,
    });
    for (const row of rows(app)) {
      expect(row.owner_id).toBe(app.writer.userId);
      expect(Date.parse(row.created_at)).toBeLessThanOrEqual(NOW);
      expect(Date.parse(row.created_at)).toBeGreaterThan(NOW - 3 * 366 * 24 * 3600 * 1000);
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = freshApp();
    const b = freshApp();
    const c = freshApp();
    seedCustomers(a.writer, 300, { seed: 42, now: NOW });
    seedCustomers(b.writer, 300, { seed: 42, now: NOW, batchSize: 7 });
    seedCustomers(c.writer, 300, { seed: 43, now: NOW });
    expect(content(a)).toEqual(content(b));
    expect(content(a)).not.toEqual(content(c));
  });

  it('stores only valid, distinct Iranian phone numbers in E.164', () => {
    const app = freshApp();
    seedCustomers(app.writer, COUNT, { seed: 3, now: NOW });
    const seen = new Set<string>();
    let landlines = 0;
    for (const row of rows(app)) {
      const phones = JSON.parse(row.phones) as { number: string; label: string }[];
      expect(phones.length).toBeGreaterThanOrEqual(1);
      expect(phones.filter((p) => p.label === 'mobile').length).toBeGreaterThanOrEqual(1);
      for (const phone of phones) {
        expect(parsePhone(phone.number, 'IR')).toBe(phone.number);
        if (phone.label === 'mobile') expect(phone.number).toMatch(/^\+989\d{9}$/);
        else {
          expect(phone.number).toMatch(/^\+9821[2-8]\d{7}$/);
          landlines++;
        }
        expect(seen.has(phone.number)).toBe(false);
        seen.add(phone.number);
      }
    }
    expect(landlines).toBeGreaterThan(0);
  });

  it('links ~40% of people to organizations that exist', () => {
    const app = freshApp();
    seedCustomers(app.writer, COUNT, { seed: 5, now: NOW });
    const all = rows(app);
    const kinds = new Map(all.map((r) => [r.id, r.kind]));
    const people = all.filter((r) => r.kind === 'person');
    const linked = people.filter((r) => r.organization_id !== null);
    for (const person of linked) expect(kinds.get(person.organization_id ?? '')).toBe('organization');
    for (const org of all.filter((r) => r.kind === 'organization')) expect(org.organization_id).toBeNull();
    expect(linked.length / people.length).toBeGreaterThan(0.3);
    expect(linked.length / people.length).toBeLessThan(0.5);
  });

  it('writes one change record (and one clock row) per customer', () => {
    const app = freshApp();
    seedCustomers(app.writer, COUNT, { seed: 9, now: NOW });
    const perRow = app.db.sqlite
      .prepare(
        `SELECT c.id, (SELECT count(*) FROM change_log l WHERE l.table_name = 'customers' AND l.row_id = c.id) AS n
         FROM customers c`,
      )
      .all() as { id: string; n: number }[];
    expect(perRow).toHaveLength(COUNT);
    expect(perRow.every((r) => r.n === 1)).toBe(true);
    const total = app.db.sqlite
      .prepare(`SELECT count(*) AS n FROM change_log WHERE table_name = 'customers'`)
      .get() as {
      n: number;
    };
    expect(total.n).toBe(COUNT);
    const clocks = app.db.sqlite
      .prepare(`SELECT count(*) AS n FROM record_clocks WHERE table_name = 'customers'`)
      .get() as {
      n: number;
    };
    expect(clocks.n).toBe(COUNT);
  });

  it('mixes Persian spelling variants, English names and optional details', () => {
    const customers = generateCustomers(5000, { seed: 11, ownerId: 'owner', now: NOW });
    const names = customers.map((c) => String(c.fields.name));
    const people = customers.filter((c) => c.fields.kind === 'person');
    const share = (predicate: (c: (typeof customers)[number]) => boolean, of = customers): number =>
      of.filter(predicate).length / of.length;
    expect(names.some((n) => /[يك]/.test(n))).toBe(true);
    expect(names.some((n) => n.includes('\u200c'))).toBe(true);
    expect(names.some((n) => n.includes('ائی'))).toBe(true);
    expect(names.some((n) => /رضایی$/.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith('محمدعلی '))).toBe(true);
    expect(names.some((n) => n.startsWith('محمد\u200cعلی '))).toBe(true);
    expect(share((c) => /^[A-Za-z]/.test(String(c.fields.name)), people)).toBeGreaterThan(0.15);
    expect(share((c) => /^[A-Za-z]/.test(String(c.fields.name)), people)).toBeLessThan(0.25);
    expect(share((c) => (c.fields.emails as string[]).length > 0)).toBeGreaterThan(0.4);
    expect(share((c) => (c.fields.emails as string[]).length > 0)).toBeLessThan(0.6);
    expect(share((c) => (c.fields.tags as string[]).length > 0)).toBeGreaterThan(0.3);
    expect(share((c) => c.fields.preferred_channel !== null)).toBeGreaterThan(0.4);
    expect(share((c) => c.fields.description !== '')).toBeGreaterThan(0.05);
    expect(new Set(customers.map((c) => c.fields.city)).size).toBeGreaterThan(8);
  });

  it('is found by search: exact name, a Persian letter variant and a phone fragment', () => {
    const app = freshApp();
    seedCustomers(app.writer, COUNT, { seed: 13, now: NOW });
    const all = rows(app);
    const person = all.find((r) => r.kind === 'person' && /^[آ-ی ]+$/.test(r.name));
    if (!person) throw new Error('no plain Persian name seeded');
    expect(list(app, person.name).rows.map((r) => r.id)).toContain(person.id);

    // Stored with Arabic letters or a ZWNJ, found by the plain Persian spelling (and back).
    const variant = all.find((r) => /[يك\u200c]/.test(r.name));
    if (!variant) throw new Error('no variant spelling seeded');
    const plain = variant.name
      .replace(/ي/g, 'ی')
      .replace(/ك/g, 'ک')
      .replace(/\u200c/g, '');
    expect(normalizeForSearch(plain)).toBe(normalizeForSearch(variant.name));
    expect(list(app, plain).rows.map((r) => r.id)).toContain(variant.id);

    const phone = (JSON.parse(person.phones) as { number: string }[])[0]?.number ?? '';
    const national = `0${phone.slice(3)}`;
    expect(list(app, national.slice(0, 8)).rows.map((r) => r.id)).toContain(person.id);
  });
});
