import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { exportData, importFile, type ImportRequest } from '../../../main/exchange/exchange.service';
import { readVCards } from '../../../main/exchange/vcard';
import type { ImportSummary } from '../../../shared/exchange/exchange.schema';
import { describeFileProblem, describeRowProblem } from '../../../shared/exchange/exchange.messages';
import { createTranslator } from '../../../shared/i18n/index';
import { normalizeForSearch } from '../../../shared/text/normalize';
import { seedCustomers } from '../../../main/seed/customer.seed';
import { JSON_TABLES } from '../../../main/exchange/export';
import { syncedTables } from '../../../main/sync/tables';
import { DEFAULT_STAGES, WON_STAGE_ID } from '../../../shared/pipeline/stages';
import { DEFAULT_USER_ID } from '../../../shared/users';
import { openTestApp, tempDir, type TestApp } from '../../helpers/temp-app';

const root = path.resolve(import.meta.dirname, '../../..');
const QUALIFIED = DEFAULT_STAGES[1]?.id ?? '';
const fixtures = path.join(root, 'tests/fixtures/exchange');
const realDir = path.resolve(root, '../shared/fixtures/contacts-real');
const en = createTranslator('en');
const fa = createTranslator('fa');

const apps: TestApp[] = [];
function app(): TestApp {
  const a = openTestApp();
  apps.push(a);
  return a;
}
afterEach(() => {
  while (apps.length) apps.pop()?.dispose();
});

function run(
  a: TestApp,
  bytes: Uint8Array,
  request: Partial<ImportRequest> & Pick<ImportRequest, 'format'>,
): ImportSummary {
  const result = importFile({ writer: a.writer, phoneRegion: 'IR' }, bytes, {
    mapping: null,
    dryRun: false,
    onDuplicate: 'skip',
    ...request,
  });
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.problem)}`);
  return result.value;
}

const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));
const all = (a: TestApp) => a.call('customers.list', { limit: 500 }).rows;

const problem = (a: TestApp, bytes: Uint8Array, format: ImportRequest['format'] = 'csv') => {
  const result = importFile({ writer: a.writer, phoneRegion: 'IR' }, bytes, {
    format,
    mapping: null,
    dryRun: false,
    onDuplicate: 'skip',
  });
  if (result.ok) throw new Error('expected a problem');
  return result.problem;
};

describe('CSV fixtures in every encoding and layout', () => {
  const files = [
    'persian-windows-1256.csv',
    'persian-utf16le-bom.csv',
    'persian-utf16be-bom.csv',
    'persian-utf8-bom-semicolon.csv',
    'persian-utf8-tab.tsv',
  ];
  for (const file of files) {
    it(`imports ${file}`, () => {
      const a = app();
      const summary = run(a, fixture(file), { format: 'csv' });
      // Three rows and the organization «فروشگاه نور» for Ali's company.
      expect(summary).toMatchObject({ rows: 3, created: 4, organizationsCreated: 1, rejected: 0, skipped: 0 });
      const rows = all(a);
      const ali = rows.find((r) => normalizeForSearch(r.name) === normalizeForSearch('علی رضایی'));
      expect(ali).toMatchObject({ organizationName: 'فروشگاه نور', city: 'تهران', emails: ['ali@example.ir'] });
      expect(ali?.phones.map((p) => p.number)).toEqual(['+989121234567']);
      // Windows-1256 has no Persian yeh: Excel wrote Arabic yeh, which search and duplicates treat as equal.
      expect(ali?.tags.map(normalizeForSearch)).toEqual([normalizeForSearch('مشتری ویژه')]);
      const alpha = rows.find((r) => normalizeForSearch(r.name) === normalizeForSearch('شرکت آلفا'));
      expect(alpha?.phones.map((p) => p.number)).toEqual(['+982188776655']);
    });
  }

  it('keeps quoted commas, quotes and line breaks', () => {
    const a = app();
    expect(run(a, fixture('quoted-newlines.csv'), { format: 'csv' })).toMatchObject({ created: 2, rejected: 0 });
    const sara = a.call('customers.list', { query: 'Sara' }).rows[0];
    expect(sara?.name).toBe('Sara "the boss" Ahmadi');
    const detail = a.call('customers.get', { id: sara?.id ?? '' }).customer;
    expect(detail.address).toBe('Valiasr St., No. 12, Unit 3');
    expect(detail.description).toBe('first line\r\nsecond line');
    expect(detail.phones[0]?.number).toBe('+989127654321');
  });
});

describe('vCard files', () => {
  it('imports the synthetic Android 2.1 card with Persian quoted-printable names and an unindented soft break', () => {
    const a = app();
    const summary = run(a, fixture('android-2.1-persian-qp.vcf'), { format: 'vcard' });
    expect(summary).toMatchObject({ rows: 2, created: 3, rejected: 0 });
    const zahra = all(a).find((r) => r.name === 'زهرا محمدی');
    expect(zahra?.organizationName).toBe('داروخانه شفا');
    expect(zahra?.phones.map((p) => [p.number, p.label])).toEqual([
      ['+989121112233', 'mobile'],
      ['+982188001122', 'work'],
    ]);
    const detail = a.call('customers.get', { id: zahra?.id ?? '' }).customer;
    expect(detail.description).toContain('مشتری از سال ۱۳۹۸؛ تحویل فقط صبح‌ها');
    // The phone that is not a number is kept, in the description, and reported.
    expect(detail.description).toContain('Phone (home): not a number');
    expect(summary.warnings).toEqual([
      { row: 1, code: 'phone_kept_in_description', params: { value: 'not a number' } },
    ]);
    expect(describeRowProblem(fa, summary.warnings[0]!)).toBe(
      '«not a number» شماره تلفن معتبری نیست؛ در توضیحات نگه داشته شد.',
    );
  });

  const realFiles = fs.readdirSync(realDir).filter((f) => f.endsWith('.vcf'));
  it('finds the 17 real-client files', () => expect(realFiles).toHaveLength(17));
  for (const file of realFiles) {
    it(`imports ${file} with every name, phone and email it contains`, () => {
      const a = app();
      const bytes = fs.readFileSync(path.join(realDir, file));
      const cards = readVCards(bytes);
      expect(cards.length).toBeGreaterThan(0);
      const summary = run(a, bytes, { format: 'vcard' });
      expect(summary.rejected).toBe(0);
      expect(summary.rows).toBe(cards.length);
      const stored = a
        .call('customers.list', { limit: 500 })
        .rows.map((r) => a.call('customers.get', { id: r.id }).customer);
      const text = stored
        .map((c) => [c.name, c.description, ...c.emails, ...c.phones.map((p) => p.number)].join('\n'))
        .join('\n')
        .toLowerCase();
      const digits = (s: string) => s.replace(/\D/g, '');
      for (const card of cards) {
        if (card.name) expect(stored.some((c) => c.name === card.name)).toBe(true);
        for (const email of card.emails) expect(text).toContain(email.toLowerCase());
        for (const phone of card.phones) {
          const kept =
            text.includes(phone.value.toLowerCase()) ||
            stored.some((c) => c.phones.some((p) => digits(p.number).endsWith(digits(phone.value).replace(/^0+/, ''))));
          expect(kept, `${file}: phone ${phone.value}`).toBe(true);
        }
      }
    });
  }

  it('reads the Japanese Shift_JIS and the German Windows-1252 cards correctly', () => {
    const [jp] = readVCards(fs.readFileSync(path.join(realDir, 'android_frameworks_opt_vcard__v21_japanese_2.vcf')));
    expect(jp?.name).toBe('安藤 ロイド 1');
    const [de] = readVCards(fs.readFileSync(path.join(realDir, 'VCards__AnsiIssue.vcf')));
    expect(de).toMatchObject({ name: 'Ralf Rastral', city: 'Kleindorf' });
    expect(de?.address).toContain('ä');
  });
});

describe('duplicates, dry run and re-import', () => {
  it('a dry run reports exact counts and writes nothing; re-importing with skip creates nothing new', () => {
    const a = app();
    const bytes = fixture('persian-utf8-bom-semicolon.csv');
    const dry = run(a, bytes, { format: 'csv', dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, created: 4, rows: 3 });
    expect(all(a)).toHaveLength(0);
    expect(run(a, bytes, { format: 'csv' }).created).toBe(4);
    const again = run(a, bytes, { format: 'csv' });
    expect(again).toMatchObject({ created: 0, skipped: 3, updated: 0, rejected: 0 });
    expect(describeRowProblem(en, again.skips[0]!)).toMatch(/^Already exists as “/);
    // Another encoding of the same rows (Arabic yeh, Latin digits) is the same customers.
    expect(run(a, fixture('persian-windows-1256.csv'), { format: 'csv' })).toMatchObject({ created: 0, skipped: 3 });
    expect(all(a)).toHaveLength(4);
  });

  it('updates the existing customer, or creates anyway, as chosen', () => {
    const a = app();
    run(a, Buffer.from('Name,Mobile\nAli Karimi,09121234567\n'), { format: 'csv' });
    const updated = run(a, Buffer.from('Name,Mobile,Email,City\nAli Karimi,09121234567,ali@k.ir,Tabriz\n'), {
      format: 'csv',
      onDuplicate: 'update',
    });
    expect(updated).toMatchObject({ created: 0, updated: 1 });
    const [ali] = all(a);
    expect(ali).toMatchObject({ emails: ['ali@k.ir'], city: 'Tabriz' });
    const created = run(a, Buffer.from('Name,Mobile\nAli Karimi,09121234567\n'), {
      format: 'csv',
      onDuplicate: 'create',
    });
    expect(created.created).toBe(1);
    expect(all(a)).toHaveLength(2);
  });
});

describe('bad input', () => {
  it('refuses broken quoting and an empty file with a translated message, writing nothing', () => {
    const a = app();
    const broken = problem(a, fixture('broken-quoting.csv'));
    expect(broken).toEqual({ code: 'unclosed_quote', params: { line: 3 } });
    expect(describeFileProblem(en, broken)).toMatch(
      /never closed \(the row starting on line 3\)\. Nothing was imported/,
    );
    expect(describeFileProblem(fa, broken)).toContain('سطر ۳');
    expect(all(a)).toHaveLength(0);
    expect(problem(a, fixture('empty.csv'))).toEqual({ code: 'empty_file' });
    expect(problem(a, Buffer.from('\uFEFF\r\n'))).toEqual({ code: 'empty_file' });
    expect(problem(a, Buffer.from('hello'), 'vcard')).toEqual({ code: 'not_vcard' });
    expect(problem(a, Buffer.from('{"format":"x"}'), 'json')).toEqual({ code: 'wrong_json' });
    expect(problem(a, Buffer.from('Colour,Size\nred,1\n'))).toEqual({ code: 'no_name_column' });
  });

  it('ignores unknown columns, keeps invalid phones and emails in the description, rejects nameless rows', () => {
    const a = app();
    const summary = run(a, fixture('invalid-values.csv'), { format: 'csv' });
    expect(summary).toMatchObject({ rows: 4, created: 3, rejected: 1 }); // the row of empty cells is not a row
    expect(summary.rejections).toEqual([{ row: 6, code: 'no_name' }]);
    expect(describeRowProblem(en, summary.rejections[0]!)).toBe(
      'No name, company, email or phone to name the customer by.',
    );
    expect(summary.warnings.map((w) => [w.row, w.code])).toEqual([
      [3, 'phone_kept_in_description'],
      [4, 'email_kept_in_description'],
    ]);
    const bad = a.call('customers.list', { query: 'Bad Email' }).rows[0];
    expect(a.call('customers.get', { id: bad?.id ?? '' }).customer.description).toBe('Email: not-an-email');
  });

  it('rejects a row the customers service refuses, with the translated reason and nothing of it kept', () => {
    const a = app();
    const long = 'x'.repeat(250);
    const summary = run(a, Buffer.from(`Name,Company\nOk,Org One\n${long},Org Two\n`), { format: 'csv' });
    expect(summary).toMatchObject({ created: 2, rejected: 1, organizationsCreated: 1 });
    expect(describeRowProblem(en, summary.rejections[0]!)).toBe('Name is too long (at most 200 characters).');
    expect(
      all(a)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['Ok', 'Org One']);
  });

  it('imports a 50 MB CSV', () => {
    const a = app();
    const lines = ['Name,Mobile,Email,City,Notes'];
    const pad = 'x'.repeat(4000);
    let size = 0;
    let i = 0;
    while (size < 50 * 1024 * 1024) {
      const line = `Customer ${i},0912${String(1000000 + (i % 8_999_999)).padStart(7, '0')},c${i}@example.com,Tehran,${pad}`;
      lines.push(line);
      size += line.length + 1;
      i++;
    }
    const bytes = Buffer.from(lines.join('\n'));
    expect(bytes.length).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    const summary = run(a, bytes, { format: 'csv' });
    expect(summary.rows).toBe(i);
    expect(summary.created + summary.skipped).toBe(i);
    expect(summary.rejected).toBe(0);
  }, 600_000);
});

describe('export → import round trips', () => {
  it('people exported as CSV and as vCard import equal field by field', () => {
    const source = app();
    seedCustomers(source.writer, 120, { seed: 11 });
    source.call('customers.create', {
      kind: 'person',
      name: '=cmd|calc',
      phones: [{ number: '09121234567', label: 'work' }],
      tags: ['-minus', 'ویژه'],
      description: 'line one\nline two, with comma; and "quotes"',
    });
    const people = (a: TestApp) =>
      a
        .call('customers.list', { kind: 'person', limit: 500 })
        .rows.map((r) => {
          const c = a.call('customers.get', { id: r.id }).customer;
          return {
            name: c.name,
            organization: r.organizationName,
            phones: c.phones,
            emails: c.emails,
            city: c.city,
            address: c.address,
            tags: c.tags,
            description: c.description,
          };
        })
        .sort((x, y) => (x.name + x.phones[0]?.number).localeCompare(y.name + y.phones[0]?.number));
    const expected = people(source);

    for (const format of ['csv', 'vcard'] as const) {
      const exported = exportData(source.db, source.info.schemaVersion, format, 'people', new Date());
      if (!exported.ok) throw new Error('export failed');
      const target = app();
      const summary = run(target, Buffer.from(exported.value.content, 'utf8'), { format, onDuplicate: 'create' });
      expect(summary.rejected).toBe(0);
      expect(summary.warnings).toEqual([]);
      const got = people(target);
      if (format === 'vcard') {
        // vCard 3.0 has no place for tags beyond CATEGORIES and keeps everything else; compare all fields.
        expect(got).toEqual(expected);
      } else expect(got).toEqual(expected);
    }
  });

  it('the JSON export holds every synced table', () => {
    expect([...JSON_TABLES].sort()).toEqual(Object.keys(syncedTables).sort());
  });

  it('reads a version 1 file (four tables) and names a newer version, even with tables unknown here', () => {
    const a = app();
    const v1 = {
      format: 'pishkhan-export',
      version: 1,
      tables: {
        customers: [
          {
            id: '01900000-0000-7000-8000-000000000001',
            kind: 'person',
            name: 'Sara Karimi',
            owner_id: DEFAULT_USER_ID,
            created_at: '2025-01-01T00:00:00.000Z',
            deleted_at: null,
          },
        ],
      },
    };
    expect(run(a, Buffer.from(JSON.stringify(v1)), { format: 'json' })).toMatchObject({ created: 1, rejected: 0 });
    expect(a.call('customers.list', {}).rows.map((r) => r.name)).toEqual(['Sara Karimi']);
    const newer = { format: 'pishkhan-export', version: 3, tables: { tickets: [{ id: 't1' }] } };
    const refused = problem(a, Buffer.from(JSON.stringify(newer)), 'json');
    expect(refused).toEqual({ code: 'newer_json', params: { found: 3, supported: 2 } });
    expect(describeFileProblem(en, refused)).toMatch(/newer/i);
    expect(a.call('customers.list', {}).rows).toHaveLength(1);
  });

  it('refuses “create anyway” for a JSON export by name, and writes nothing', () => {
    const source = app();
    seedCustomers(source.writer, 3, { seed: 9 });
    const exported = exportData(source.db, source.info.schemaVersion, 'json', 'all', new Date());
    if (!exported.ok) throw new Error('export failed');
    const target = app();
    const before = target.db.sqlite.prepare('SELECT count(*) FROM change_log').pluck().get();
    const result = importFile({ writer: target.writer, phoneRegion: 'IR' }, Buffer.from(exported.value.content), {
      format: 'json',
      mapping: null,
      dryRun: false,
      onDuplicate: 'create',
    });
    expect(result).toEqual({ ok: false, problem: { code: 'json_no_create' } });
    if (result.ok) return;
    expect(describeFileProblem(en, result.problem)).toMatch(/“skip”.*“update”/);
    expect(describeFileProblem(fa, result.problem)).toMatch(/skip.*update/);
    expect(target.db.sqlite.prepare('SELECT count(*) FROM change_log').pluck().get()).toBe(before);
    expect(target.call('customers.list', {}).rows).toHaveLength(0);
  });

  it('the JSON export imports into an empty database identically, table by table', () => {
    const source = app();
    seedCustomers(source.writer, 60, { seed: 5 });
    const someone = source.call('customers.list', { limit: 1 }).rows[0];
    const someoneId = someone?.id ?? '';
    source.call('notes.create', { recordType: 'customer', recordId: someoneId, body: 'یادداشت' });
    source.call('activities.create', {
      type: 'call',
      subject: 'Call back',
      customerId: someoneId,
      dueAt: '2026-01-02T09:00:00.000Z',
      status: 'planned',
    });
    source.call('customers.delete', { id: source.call('customers.list', { limit: 2 }).rows[1]?.id ?? '' });
    // Sales and billing: a renamed default stage, a converted lead with its deal moved to Won, a
    // product, a quote made an invoice, issued and partly paid, and the business profile.
    source.call('pipeline.stages.update', { id: QUALIFIED, name: 'واجد شرایط', probabilityBp: 3000, position: 2 });
    const lead = source.call('leads.create', {
      name: 'Kourosh Bahadori',
      company: 'Bahadori Print',
      phone: '09127654321',
    });
    const converted = source.call('leads.convert', {
      id: lead.id,
      organization: { create: true },
      person: { create: true },
      opportunity: { title: 'Bahadori Print deal', amountMinor: 50_000_000, currency: 'IRR', stageId: QUALIFIED },
    });
    source.call('opportunities.move', { id: converted.opportunity?.id ?? '', stageId: WON_STAGE_ID });
    const product = source.call('products.create', {
      name: 'زعفران',
      sku: 'SAF-1',
      priceMinor: 1_250_000,
      currency: 'IRR',
    });
    const quote = source.call('quotes.create', {
      customerId: converted.customer.id,
      currency: 'IRR',
      lines: [{ productId: product.id, description: 'زعفران', quantityMilli: 2000, unitPriceMinor: 1_250_000 }],
    });
    source.call('quotes.setStatus', { id: quote.id, status: 'accepted' });
    const invoice = source.call('invoices.issue', { id: source.call('quotes.convert', { id: quote.id }).id });
    source.call('payments.add', {
      invoiceId: invoice.id,
      paidAt: '2026-11-22T09:00:00Z',
      amountMinor: 1_000_000,
      method: 'cash',
    });
    source.call('billing.profile.update', {
      ...source.call('billing.profile.get', {}),
      name: 'فروشگاه آریا',
      footer: 'با سپاس',
    });
    const exported = exportData(source.db, source.info.schemaVersion, 'json', 'all', new Date());
    if (!exported.ok) throw new Error('export failed');

    const target = app();
    const summary = run(target, Buffer.from(exported.value.content), { format: 'json' });
    expect(summary.rejected).toBe(0);
    expect(summary.tables).toMatchObject({ invoices: 1, payments: 1, quotes: 1, opportunities: 1, settings: 2 });
    for (const table of JSON_TABLES) {
      const dump = (a: TestApp) =>
        a.db
          .prepare(`SELECT * FROM ${table} ORDER BY id`)
          .all()
          .map((r) => {
            const { seq: _seq, ...rest } = r as Record<string, unknown>;
            return rest;
          });
      expect(dump(target), table).toEqual(dump(source));
    }
    // The search indexes were written in one go at the end: whole, and they find the records.
    for (const table of ['customers', 'notes', 'activities']) {
      target.db.prepare(`INSERT INTO ${table}_fts (${table}_fts, rank) VALUES ('integrity-check', 1)`).run();
    }
    const found = target.call('customers.list', { query: someone?.name ?? '' }).rows.map((r) => r.id);
    expect(found).toContain(someone?.id);
    expect(target.call('invoices.get', { id: invoice.id })).toMatchObject({
      number: invoice.number,
      balance: invoice.totals.total - 1_000_000,
    });
    // Again: everything is already there.
    expect(run(target, Buffer.from(exported.value.content), { format: 'json' })).toMatchObject({ created: 0 });
  });
});

describe('CLI', () => {
  const cli = (dir: string, ...args: string[]) => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'main/cli.ts'), ...args, '--data-dir', dir],
      {
        encoding: 'utf8',
      },
    );
    return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
  };

  it('imports with --json summaries, exports every format, and fails clearly', () => {
    const dir = tempDir();
    const csv = path.join(fixtures, 'invalid-values.csv');
    const dry = JSON.parse(cli(dir, 'import', csv, '--dry-run', '--json').out) as { created: number; dryRun: boolean };
    expect(dry).toMatchObject({ created: 3, dryRun: true });
    const done = JSON.parse(cli(dir, 'import', csv, '--json').out) as {
      created: number;
      rejected: { row: number; reason: string }[];
    };
    expect(done.created).toBe(3);
    expect(done.rejected).toEqual([
      { row: 6, code: 'no_name', reason: 'No name, company, email or phone to name the customer by.' },
    ]);
    const again = JSON.parse(cli(dir, 'import', csv, '--on-duplicate', 'skip', '--json').out) as {
      created: number;
      skipped: number;
    };
    expect(again).toMatchObject({ created: 0, skipped: 3 });

    const mapping = path.join(dir, 'mapping.json');
    fs.writeFileSync(mapping, JSON.stringify({ 'Favourite colour': 'name' }));
    const mapped = JSON.parse(cli(dir, 'import', csv, '--mapping', mapping, '--json').out) as { created: number };
    expect(mapped.created).toBe(4); // blue, red, green and orphan

    for (const [format, entity, ext] of [
      ['csv', 'people', 'csv'],
      ['csv', 'activities', 'csv'],
      ['csv', 'notes', 'csv'],
      ['vcard', 'people', 'vcf'],
      ['json', 'all', 'json'],
    ] as const) {
      const out = path.join(dir, `out-${entity}.${ext}`);
      const r = cli(dir, 'export', '--format', format, '--entity', entity, '--out', out, '--json');
      expect(r.code, r.err).toBe(0);
      expect(fs.existsSync(out)).toBe(true);
    }
    expect(fs.readFileSync(path.join(dir, 'out-people.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    const broken = cli(dir, 'import', path.join(fixtures, 'broken-quoting.csv'));
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/^pishkhan: The file has a quotation mark that is never closed/);
    expect(cli(dir, 'import', path.join(dir, 'nope.csv')).err).toMatch(/^pishkhan: The file could not be read/);
    expect(cli(dir, 'import', csv, '--on-duplicate', 'merge').code).toBe(2);
    const create = cli(dir, 'import', path.join(dir, 'out-all.json'), '--on-duplicate', 'create');
    expect(create.code).toBe(1);
    expect(create.err).toMatch(/^pishkhan: A Pishkhan JSON export keeps each record’s id/);
    expect(cli(dir, 'export', '--format', 'xml', '--out', 'x').code).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300_000); // about 15 CLI processes, each starting tsx
});
