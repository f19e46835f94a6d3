/**
 * `pishkhan <command> [--data-dir DIR] [--json]` — the same database through the same contract
 * as the window, for scripts (nightly jobs, imports) and checks. Errors: non-zero exit, one
 * clear line on stderr, nothing changed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, type App } from './app';
import { backupCli } from './backup/backup.cli';
import { documentsCli } from './documents/documents.cli';
import { exchangeCli } from './exchange/exchange.cli';
import { call, CliError, describeRpcError, parse, positiveInt, strings, type CliIo, type Command } from './cli-kit';
import { billingCli, seedInvoicesCommand } from './features/billing/billing.cli';
import { dataDirFromArgs, defaultDataDir } from './paths';
import { seedCustomers } from './seed/customer.seed';
import { syncCli } from './sync/sync.cli';
import type { CustomerListRow } from '../shared/customers/customer.schema';
import { displayPhone } from '../shared/customers/phone';
import { AppError } from '../shared/errors';
import { foldDigits, normalizeForSearch } from '../shared/text/normalize';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  RECURRENCES,
  type Activity,
  type ActivityStatus,
  type ActivityType,
  type Recurrence,
} from '../shared/activities/activity.schema';
import { daysInMonth, fromParts, zonedTimeToUtc } from '../shared/calendar/calendar';
import { formatDateTime } from '../shared/format/format';

/** A group of commands and the lines they add to the help text. */
export interface CommandModule {
  usage: string;
  commands: Record<string, Command>;
}

function usageText(modules: readonly CommandModule[]): string {
  return `Usage: pishkhan <command> [options] [--data-dir DIR] [--json]

Commands:
${modules.map((m) => m.usage).join('\n')}

Every command accepts --data-dir DIR (default: ${defaultDataDir()}) and --json.`;
}

const CORE_USAGE = `  doctor                                   check the data file: integrity, schema version, row counts
  seed --customers N                       add N realistic customers (mixed Persian and English)
  customers add --name NAME [--kind person|organization] [--org ORGNAME]
                [--phone P]... [--email E]... [--tag T]... [--city C] [--address A] [--description D]
  customers list [--limit N] [--offset N] [--sort name|createdAt|updatedAt|city]
  customers search QUERY [--limit N]
  search QUERY [--limit N]                 customers, people, activities and notes
  duplicates                               candidate duplicate pairs, with both ids and the reason
  activities add --customer ID|NAME --subject S [--type call|email|meeting|letter|task]
                 [--due WHEN] [--done] [--outcome O] [--remind WHEN] [--repeat daily|weekly|monthly|yearly]
  activities list [--customer ID|NAME] [--status planned|done|cancelled] [--limit N]
  activities done ID [--outcome O]

WHEN is ISO 8601 (2026-11-22T09:30:00Z), or a local date and time: 2026-11-22 09:30,
or a Jalali date when the year is below 1700: 1405-09-01 09:30.
`;

function customerJson(row: CustomerListRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    organization: row.organizationName,
    phones: row.phones.map((p) => p.number),
    emails: row.emails,
    city: row.city,
    tags: row.tags,
    createdAt: row.createdAt,
  };
}

function printCustomers(io: CliIo, app: App, rows: CustomerListRow[], total: number, json: boolean): void {
  if (json) return io.out(JSON.stringify(rows.map(customerJson), null, 2));
  const region = call(app, 'preferences.get', {}).phoneRegion;
  for (const row of rows) {
    const phones = row.phones.map((p) => displayPhone(p.number, region)).join(', ');
    const org = row.organizationName ? ` (${row.organizationName})` : '';
    io.out(
      [
        row.id,
        row.kind === 'organization' ? 'org   ' : 'person',
        `${row.name}${org}`,
        phones,
        row.emails.join(', '),
      ].join('  '),
    );
  }
  io.out(`${rows.length} of ${total} customer${total === 1 ? '' : 's'}`);
}

/** Finds an organization by name (spelling variants equal); creates it when there is none. */
function organizationFor(app: App, name: string): { id: string; created: boolean } {
  const wanted = normalizeForSearch(name);
  const matches = call(app, 'customers.organizations', { query: name }).filter(
    (o) => normalizeForSearch(o.name) === wanted,
  );
  if (matches.length > 1)
    throw new CliError(`More than one organization is named "${name}"; use the app to choose one.`);
  if (matches[0]) return { id: matches[0].id, created: false };
  return { id: call(app, 'customers.create', { kind: 'organization', name }).id, created: true };
}

/** A time typed on the command line: ISO 8601, or a local Gregorian or Jalali date and time. */
export function parseWhen(text: string, timeZone: string, option: string): string {
  const trimmed = foldDigits(text).trim();
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) {
    return new Date(trimmed).toISOString();
  }
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(trimmed);
  if (match) {
    const [, y = '', m = '', d = '', hh = '9', mm = '00'] = match;
    const parts = { year: Number(y), month: Number(m), day: Number(d) };
    const calendar = parts.year < 1700 ? 'jalali' : 'gregorian';
    const valid =
      parts.month >= 1 &&
      parts.month <= 12 &&
      parts.day >= 1 &&
      parts.day <= daysInMonth(parts.year, parts.month, calendar);
    if (valid && Number(hh) < 24 && Number(mm) < 60) {
      return zonedTimeToUtc(fromParts(parts, calendar), `${hh.padStart(2, '0')}:${mm}`, timeZone);
    }
  }
  throw new CliError(
    `--${option} is not a date and time Pishkhan can read: "${text}" (try 2026-11-22 09:30 or 1405-09-01 09:30)`,
    2,
  );
}

/** A customer given by id, or by a name that matches exactly one customer. */
function customerId(app: App, given: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(given)) return given;
  const wanted = normalizeForSearch(given);
  const matches = call(app, 'customers.list', { query: given, limit: 50 }).rows.filter(
    (r) => normalizeForSearch(r.name) === wanted,
  );
  if (matches.length === 1 && matches[0]) return matches[0].id;
  throw new CliError(
    matches.length === 0
      ? `No customer is named "${given}".`
      : `More than one customer is named "${given}"; give the id instead.`,
  );
}

function printActivities(io: CliIo, app: App, rows: Activity[], json: boolean): void {
  if (json) return io.out(JSON.stringify(rows, null, 2));
  for (const a of rows) {
    const when = a.dueAt ? formatDateTime(a.dueAt, app.preferences(), app.timeZone) : '—';
    io.out([a.id, a.status.padEnd(9), a.type.padEnd(7), when, a.customerName, a.subject].join('  '));
  }
  io.out(`${rows.length} activit${rows.length === 1 ? 'y' : 'ies'}`);
}

const coreCommands: Record<string, Command> = {
  search(app, args, io) {
    const { values, positionals } = parse(args, { limit: { type: 'string' } });
    const query = positionals.join(' ').trim();
    if (!query) throw new CliError('search needs a QUERY', 2);
    const result = call(app, 'search.global', { query, limit: Math.min(positiveInt(values.limit, 'limit', 10), 50) });
    if (values.json) return io.out(JSON.stringify(result, null, 2));
    const groups: [string, string[]][] = [
      ['Organizations', result.organizations.map((r) => `${r.id}  ${r.name}`)],
      ['People', result.people.map((r) => `${r.id}  ${r.name}${r.organizationName ? ` (${r.organizationName})` : ''}`)],
      ['Activities', result.activities.map((a) => `${a.id}  ${a.type}  ${a.subject} — ${a.customerName}`)],
      ['Notes', result.notes.map((n) => `${n.id}  ${n.body.split('\n')[0]?.slice(0, 80) ?? ''} — ${n.customerName}`)],
    ];
    let found = 0;
    for (const [title, lines] of groups) {
      if (lines.length === 0) continue;
      io.out(`${title}:`);
      for (const line of lines) io.out(`  ${line}`);
      found += lines.length;
    }
    if (found === 0) io.out(`Nothing matches "${query}".`);
  },

  duplicates(app, args, io) {
    const { values } = parse(args, {});
    const result = call(app, 'duplicates.scan', {});
    const pairs = result.pairs.map((p) => ({
      aId: p.a.id,
      aName: p.a.name,
      bId: p.b.id,
      bName: p.b.name,
      reasons: p.reasons,
      score: p.score,
    }));
    if (values.json) return io.out(JSON.stringify(pairs, null, 2));
    for (const p of pairs) io.out(`${p.aId}  ${p.bId}  ${p.reasons.join(',')}  ${p.aName} ~ ${p.bName}`);
    io.out(
      `${pairs.length} candidate pair${pairs.length === 1 ? '' : 's'} among ${result.scanned} customers${result.truncated ? ' (more not listed)' : ''}.`,
    );
  },

  activities(app, args, io) {
    const [sub, ...rest] = args;
    if (sub === 'add') {
      const { values } = parse(rest, {
        customer: { type: 'string' },
        type: { type: 'string' },
        subject: { type: 'string' },
        due: { type: 'string' },
        done: { type: 'boolean' },
        outcome: { type: 'string' },
        remind: { type: 'string' },
        repeat: { type: 'string' },
        description: { type: 'string' },
      });
      if (values.customer === undefined) throw new CliError('activities add needs --customer ID|NAME', 2);
      const type = String(values.type ?? (values.repeat ? 'task' : 'call'));
      if (!(ACTIVITY_TYPES as readonly string[]).includes(type)) {
        throw new CliError(`--type must be one of ${ACTIVITY_TYPES.join(', ')}, got "${type}"`, 2);
      }
      const repeat = values.repeat === undefined ? null : String(values.repeat);
      if (repeat !== null && !(RECURRENCES as readonly string[]).includes(repeat)) {
        throw new CliError(`--repeat must be one of ${RECURRENCES.join(', ')}, got "${repeat}"`, 2);
      }
      const activity = call(app, 'activities.create', {
        type: type as ActivityType,
        subject: String(values.subject ?? ''),
        description: String(values.description ?? ''),
        customerId: customerId(app, String(values.customer)),
        dueAt:
          values.due !== undefined
            ? parseWhen(String(values.due), app.timeZone, 'due')
            : values.done
              ? new Date().toISOString()
              : null,
        status: values.done ? 'done' : 'planned',
        outcome: String(values.outcome ?? ''),
        remindAt: values.remind !== undefined ? parseWhen(String(values.remind), app.timeZone, 'remind') : null,
        recurrence: repeat as Recurrence | null,
        timeZone: app.timeZone,
      });
      if (values.json) io.out(JSON.stringify(activity, null, 2));
      else io.out(`Added ${activity.type} "${activity.subject}" for ${activity.customerName} (${activity.id}).`);
      return;
    }
    if (sub === 'list') {
      const { values } = parse(rest, {
        customer: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string' },
      });
      const status = values.status === undefined ? null : String(values.status);
      if (status !== null && !(ACTIVITY_STATUSES as readonly string[]).includes(status)) {
        throw new CliError(`--status must be one of ${ACTIVITY_STATUSES.join(', ')}, got "${status}"`, 2);
      }
      const result = call(app, 'activities.list', {
        customerId: values.customer === undefined ? null : customerId(app, String(values.customer)),
        status: status as ActivityStatus | null,
        limit: Math.min(positiveInt(values.limit, 'limit', 200), 1000),
      });
      return printActivities(io, app, result.rows, Boolean(values.json));
    }
    if (sub === 'done') {
      const { values, positionals } = parse(rest, { outcome: { type: 'string' } });
      const id = positionals[0];
      if (!id) throw new CliError('activities done needs the activity ID', 2);
      const result = call(app, 'activities.complete', {
        id,
        ...(values.outcome !== undefined ? { outcome: String(values.outcome) } : {}),
      });
      if (values.json) return io.out(JSON.stringify(result, null, 2));
      io.out(`Done: ${result.activity.subject}.`);
      if (result.next?.dueAt)
        io.out(
          `Next occurrence: ${formatDateTime(result.next.dueAt, app.preferences(), app.timeZone)} (${result.next.id}).`,
        );
      return;
    }
    throw new CliError(`Unknown activities command "${sub ?? ''}". Use add, list or done.`, 2);
  },

  doctor(app, args, io) {
    const { values } = parse(args, {});
    const sqlite = app.db.sqlite;
    const integrity = sqlite.pragma('integrity_check', { simple: true }) as string;
    const count = (sqlText: string) => (sqlite.prepare(sqlText).get() as { n: number }).n;
    const report = {
      dataDir: app.info.dataDir,
      databaseFile: app.info.databaseFile,
      appVersion: app.info.version,
      schemaVersion: app.info.schemaVersion,
      deviceId: app.info.deviceId,
      integrity,
      rows: {
        customers: count('SELECT count(*) AS n FROM customers WHERE deleted_at IS NULL'),
        customersInTrash: count('SELECT count(*) AS n FROM customers WHERE deleted_at IS NOT NULL'),
        users: count('SELECT count(*) AS n FROM users'),
        changeLog: count('SELECT count(*) AS n FROM change_log'),
      },
    };
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else {
      io.out(`Data file:      ${report.databaseFile}`);
      io.out(`App version:    ${report.appVersion}`);
      io.out(`Schema version: ${report.schemaVersion}`);
      io.out(`Device id:      ${report.deviceId}`);
      io.out(`Integrity:      ${integrity}`);
      for (const [table, n] of Object.entries(report.rows)) io.out(`${`${table}:`.padEnd(16)}${n}`);
    }
    if (integrity !== 'ok') throw new CliError(`The data file failed its integrity check: ${integrity}`);
  },

  seed(app, args, io) {
    const { values } = parse(args, {
      customers: { type: 'string' },
      seed: { type: 'string' },
      invoices: { type: 'string' },
    });
    if (values.invoices !== undefined && values.customers === undefined) return seedInvoicesCommand(app, values, io);
    const count = positiveInt(values.customers, 'customers', -1);
    if (count < 1) throw new CliError('seed needs --customers N (a whole number of at least 1)', 2);
    const started = Date.now();
    const result = seedCustomers(app.writer, count, { seed: positiveInt(values.seed, 'seed', Date.now() % 1_000_000) });
    const seconds = (Date.now() - started) / 1000;
    if (values.json) io.out(JSON.stringify({ ...result, seconds }));
    else io.out(`Added ${result.organizations} organizations and ${result.people} people in ${seconds.toFixed(1)} s.`);
  },

  customers(app, args, io) {
    const [sub, ...rest] = args;
    if (sub === 'add') {
      const { values } = parse(rest, {
        name: { type: 'string' },
        kind: { type: 'string' },
        org: { type: 'string' },
        phone: { type: 'string', multiple: true },
        email: { type: 'string', multiple: true },
        tag: { type: 'string', multiple: true },
        city: { type: 'string' },
        address: { type: 'string' },
        description: { type: 'string' },
      });
      if (values.name === undefined) throw new CliError('customers add needs --name NAME', 2);
      const kind = (values.kind as string | undefined) ?? 'person';
      if (kind !== 'person' && kind !== 'organization')
        throw new CliError(`--kind must be person or organization, got "${kind}"`, 2);
      // One transaction: a new organization is not left behind if the person is refused.
      const created = app.db.transaction(() => {
        const org = values.org ? organizationFor(app, String(values.org)) : null;
        const customer = call(app, 'customers.create', {
          kind,
          name: String(values.name),
          organizationId: org?.id ?? null,
          phones: strings(values.phone).map((number) => ({ number, label: 'mobile' as const })),
          emails: strings(values.email),
          tags: strings(values.tag),
          city: (values.city as string | undefined) ?? '',
          address: (values.address as string | undefined) ?? '',
          description: (values.description as string | undefined) ?? '',
        });
        return { customer, organizationCreated: org?.created ?? false };
      });
      if (values.json) io.out(JSON.stringify(created.customer, null, 2));
      else {
        if (created.organizationCreated) io.out(`Created organization "${String(values.org)}".`);
        io.out(`Added ${created.customer.name} (${created.customer.id}).`);
      }
      return;
    }
    if (sub === 'list') {
      const { values } = parse(rest, {
        limit: { type: 'string' },
        offset: { type: 'string' },
        sort: { type: 'string' },
      });
      const sort = (values.sort as string | undefined) ?? 'name';
      const result = call(app, 'customers.list', {
        limit: Math.min(positiveInt(values.limit, 'limit', 50), 500),
        offset: positiveInt(values.offset, 'offset', 0),
        sort: sort as 'name',
      });
      return printCustomers(io, app, result.rows, result.total, Boolean(values.json));
    }
    if (sub === 'search') {
      const { values, positionals } = parse(rest, { limit: { type: 'string' } });
      const query = positionals.join(' ').trim();
      if (!query) throw new CliError('customers search needs a QUERY', 2);
      const result = call(app, 'customers.list', {
        query,
        limit: Math.min(positiveInt(values.limit, 'limit', 50), 500),
      });
      return printCustomers(io, app, result.rows, result.total, Boolean(values.json));
    }
    throw new CliError(`Unknown customers command "${sub ?? ''}". Use add, list or search.`, 2);
  },
};

/** Every command module; features add theirs here. */
const modules: readonly CommandModule[] = [
  { usage: CORE_USAGE, commands: coreCommands },
  backupCli,
  documentsCli,
  exchangeCli,
  billingCli,
  syncCli,
];

/** Runs one command line; returns the exit code. */
export function runCli(argv: string[], io: CliIo = { out: console.log, err: console.error }): number {
  const [command, ...args] = argv;
  const usage = usageText(modules);
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(usage);
    return command ? 0 : 2;
  }
  const handler = modules.find((m) => Object.hasOwn(m.commands, command))?.commands[command];
  if (!handler) {
    io.err(`pishkhan: unknown command "${command}".\n${usage}`);
    return 2;
  }
  let app: App | null = null;
  try {
    app = openApp({ dataDir: dataDirFromArgs(argv) ?? defaultDataDir() });
    handler(app, args, io);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`pishkhan: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof AppError) {
      io.err(`pishkhan: ${error.code === 'schema_too_new' ? error.message : describeRpcError(error.toPayload())}`);
      return 1;
    }
    io.err(`pishkhan: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    app?.close();
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = runCli(process.argv.slice(2));
