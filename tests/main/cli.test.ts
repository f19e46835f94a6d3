import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { runCli } from '../../main/cli';
import { tempDir } from '../helpers/temp-app';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function cli(dataDir: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli([...args, '--data-dir', dataDir], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
function fresh(): string {
  const dir = tempDir('pishkhan-cli-');
  dirs.push(dir);
  return dir;
}

describe('pishkhan CLI', () => {
  it('adds customers, then lists and searches them as JSON', () => {
    const dir = fresh();
    const added = cli(
      dir,
      'customers',
      'add',
      '--name',
      'علی رضایی',
      '--org',
      'شرکت آریا',
      '--phone',
      '۰۹۱۲۱۲۳۴۵۶۷',
      '--phone',
      '021 8888 1234',
      '--email',
      'ali@example.com',
      '--tag',
      'VIP',
    );
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toContain('Created organization "شرکت آریا"');
    // The existing organization is found again, spelling variants included.
    expect(cli(dir, 'customers', 'add', '--name', 'Sara', '--org', 'شركت آريا').out).not.toContain(
      'Created organization',
    );

    const found = cli(dir, 'customers', 'search', 'علي رضائي', '--json');
    expect(found.code).toBe(0);
    const rows = JSON.parse(found.out) as {
      id: string;
      name: string;
      phones: string[];
      emails: string[];
      organization: string;
    }[];
    expect(rows).toEqual([
      expect.objectContaining({
        name: 'علی رضایی',
        organization: 'شرکت آریا',
        phones: ['+989121234567', '+982188881234'],
        emails: ['ali@example.com'],
      }),
    ]);
    expect(rows[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    const list = JSON.parse(cli(dir, 'customers', 'list', '--json').out) as unknown[];
    expect(list).toHaveLength(3);
  });

  it('reports bad input on stderr, exits non-zero and changes nothing', () => {
    const dir = fresh();
    cli(dir, 'customers', 'add', '--name', 'Keep');
    const before = cli(dir, 'customers', 'list', '--json').out;

    const badEmail = cli(dir, 'customers', 'add', '--name', 'X', '--org', 'Brand New Org', '--email', 'not-an-email');
    expect(badEmail.code).toBe(1);
    expect(badEmail.err).toBe('pishkhan: Email 1 is not a valid email address: “not-an-email”.');
    const badPhone = cli(dir, 'customers', 'add', '--name', 'X', '--phone', '12');
    expect(badPhone).toMatchObject({ code: 1, err: 'pishkhan: Phone 1 is not a valid phone number: “12”.' });
    expect(cli(dir, 'customers', 'add', '--name', '').err).toBe('pishkhan: Name is required.');
    expect(cli(dir, 'customers', 'add').code).toBe(2);
    expect(cli(dir, 'customers', 'add', '--name', 'X', '--kind', 'robot').code).toBe(2);
    expect(cli(dir, 'customers', 'add', '--name', 'X', '--bogus').code).toBe(2);
    expect(cli(dir, 'seed', '--customers', 'many').code).toBe(2);
    expect(cli(dir, 'export', '--format', 'json', '--out', path.join(dir, 'missing', 'x.json')).code).toBe(1);

    // Neither the person nor the organization created for it was kept.
    expect(cli(dir, 'customers', 'list', '--json').out).toBe(before);
  });

  it('doctor reports integrity, version and counts', () => {
    const dir = fresh();
    cli(dir, 'customers', 'add', '--name', 'A');
    const report = JSON.parse(cli(dir, 'doctor', '--json').out) as {
      integrity: string;
      schemaVersion: number;
      rows: { customers: number };
    };
    expect(report).toMatchObject({ integrity: 'ok', schemaVersion: LATEST_SCHEMA_VERSION, rows: { customers: 1 } });
  });

  it('seeds and exports everything as versioned JSON', () => {
    const dir = fresh();
    const seeded = JSON.parse(cli(dir, 'seed', '--customers', '50', '--seed', '7', '--json').out) as {
      organizations: number;
      people: number;
    };
    expect(seeded.organizations + seeded.people).toBe(50);
    const out = path.join(dir, 'export.json');
    expect(cli(dir, 'export', '--format', 'json', '--out', out).code).toBe(0);
    const exported = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      format: string;
      version: number;
      tables: { customers: { phones: unknown }[] };
    };
    expect(exported).toMatchObject({ format: 'pishkhan-export', version: 2 });
    expect(exported.tables.customers).toHaveLength(50);
    expect(Array.isArray(exported.tables.customers[0]?.phones)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('adds, lists and completes activities, and searches across everything', () => {
    const dir = fresh();
    cli(dir, 'customers', 'add', '--name', 'علی رضایی', '--phone', '09121234567');
    const logged = cli(
      dir,
      'activities',
      'add',
      '--customer',
      'علي رضائي',
      '--subject',
      'تماس پیگیری سفارش',
      '--done',
      '--json',
    );
    expect(logged.code).toBe(0);
    expect(JSON.parse(logged.out)).toMatchObject({ status: 'done', type: 'call', customerName: 'علی رضایی' });
    const task = JSON.parse(
      cli(
        dir,
        'activities',
        'add',
        '--customer',
        'علی رضایی',
        '--subject',
        'Rent',
        '--due',
        '1405-06-31 10:00',
        '--repeat',
        'monthly',
        '--json',
      ).out,
    ) as { id: string; type: string; dueAt: string };
    expect(task.type).toBe('task');
    const planned = JSON.parse(cli(dir, 'activities', 'list', '--status', 'planned', '--json').out) as { id: string }[];
    expect(planned.map((a) => a.id)).toEqual([task.id]);
    const done = JSON.parse(cli(dir, 'activities', 'done', task.id, '--outcome', 'Paid', '--json').out) as {
      activity: { status: string };
      next: { dueAt: string } | null;
    };
    expect(done.activity.status).toBe('done');
    expect(done.next?.dueAt).not.toBe(task.dueAt);

    const found = JSON.parse(cli(dir, 'search', '4567', '--json').out) as { people: { name: string }[] };
    expect(found.people.map((p) => p.name)).toEqual(['علی رضایی']);
    expect(cli(dir, 'search', 'سفارش').out).toContain('تماس پیگیری سفارش — علی رضایی');
  });

  it('refuses bad activity input with a clear line and changes nothing', () => {
    const dir = fresh();
    cli(dir, 'customers', 'add', '--name', 'Sara');
    const before = cli(dir, 'activities', 'list', '--json').out;
    expect(cli(dir, 'activities', 'add', '--customer', 'Nobody', '--subject', 'x')).toMatchObject({
      code: 1,
      err: 'pishkhan: No customer is named "Nobody".',
    });
    expect(cli(dir, 'activities', 'add', '--customer', 'Sara', '--subject', 'x', '--due', '1405-13-01').code).toBe(2);
    expect(cli(dir, 'activities', 'add', '--customer', 'Sara', '--subject', 'x', '--type', 'visit').code).toBe(2);
    expect(cli(dir, 'activities', 'add', '--customer', 'Sara', '--subject', '').err).toBe(
      'pishkhan: Subject is required.',
    );
    expect(
      cli(
        dir,
        'activities',
        'add',
        '--customer',
        'Sara',
        '--type',
        'call',
        '--subject',
        'x',
        '--repeat',
        'weekly',
        '--due',
        '2026-12-01',
      ).err,
    ).toBe('pishkhan: Repeats: only tasks can repeat.');
    expect(cli(dir, 'activities', 'done', '01930000-0000-7000-8000-000000000000').err).toBe(
      'pishkhan: That record no longer exists.',
    );
    expect(cli(dir, 'activities', 'list', '--json').out).toBe(before);
  });

  it('runs as a real process with a clear error and exit code', async () => {
    const dir = fresh();
    const run = promisify(execFile);
    const ok = await run('npx', [
      'tsx',
      'main/cli.ts',
      'customers',
      'add',
      '--name',
      'Proc',
      '--data-dir',
      dir,
      '--json',
    ]);
    expect(JSON.parse(ok.stdout)).toMatchObject({ name: 'Proc', kind: 'person' });
    const failed = await run('npx', [
      'tsx',
      'main/cli.ts',
      'customers',
      'add',
      '--name',
      'X',
      '--email',
      'bad',
      '--data-dir',
      dir,
    ]).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stderr).toContain('pishkhan: Email 1 is not a valid email address: “bad”.');
  });
});
