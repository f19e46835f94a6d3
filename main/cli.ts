/**
 * `pishkhan <command> [--data-dir DIR] [--json]` — the same database through the same contract
 * as the window, for scripts (nightly jobs, imports) and checks. Errors: non-zero exit, one
 * clear line on stderr, nothing changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openApp, type App } from './app';
import { dataDirFromArgs, defaultDataDir } from './paths';
import { seedCustomers } from './seed/customer.seed';
import type { MethodInput, MethodName, MethodOutput } from '../shared/contract';
import type { CustomerListRow } from '../shared/customers/customer.schema';
import { displayPhone } from '../shared/customers/phone';
import { AppError, type RpcErrorPayload } from '../shared/errors';
import { createTranslator, describeError } from '../shared/i18n/index';
import { normalizeForSearch } from '../shared/text/normalize';

const t = createTranslator('en');

/** A failure to report on stderr; `exitCode` 2 is for a wrong command line. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `Usage: pishkhan <command> [options] [--data-dir DIR] [--json]

Commands:
  doctor                                   check the data file: integrity, schema version, row counts
  seed --customers N                       add N realistic customers (mixed Persian and English)
  customers add --name NAME [--kind person|organization] [--org ORGNAME]
                [--phone P]... [--email E]... [--tag T]... [--city C] [--address A] [--description D]
  customers list [--limit N] [--offset N] [--sort name|createdAt|updatedAt|city]
  customers search QUERY [--limit N]
  export --format json --out FILE          everything, as versioned JSON

Every command accepts --data-dir DIR (default: ${defaultDataDir()}) and --json.`;

function call<K extends MethodName>(app: App, method: K, input: MethodInput<K>): MethodOutput<K> {
  const result = app.dispatch(method, input);
  if (!result.ok) throw new CliError(describeRpcError(result.error));
  return result.value as MethodOutput<K>;
}

function describeRpcError(error: RpcErrorPayload): string {
  return describeError(t, error);
}

type OptionValue = string | boolean | (string | boolean)[] | undefined;
interface Parsed {
  values: Record<string, OptionValue>;
  positionals: string[];
}

function parse(args: string[], options: ParseArgsConfig['options']): Parsed {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, ...options },
    });
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, 2);
  }
}

function positiveInt(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError(`--${option} must be a whole number, got "${String(value)}"`, 2);
  return n;
}

function strings(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

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

const commands: Record<string, (app: App, args: string[], io: CliIo) => void> = {
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
    const { values } = parse(args, { customers: { type: 'string' }, seed: { type: 'string' } });
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
    throw new CliError(`Unknown customers command "${sub ?? ''}". Use add, list or search.\n${USAGE}`, 2);
  },

  export(app, args, io) {
    const { values } = parse(args, { format: { type: 'string' }, out: { type: 'string' } });
    if (values.format !== 'json')
      throw new CliError(`export supports --format json, got "${String(values.format ?? '')}"`, 2);
    if (!values.out) throw new CliError('export needs --out FILE', 2);
    const target = path.resolve(String(values.out));
    if (!fs.existsSync(path.dirname(target))) throw new CliError(`The folder ${path.dirname(target)} does not exist.`);
    const sqlite = app.db.sqlite;
    const table = (name: string, columns: string) =>
      sqlite.prepare(`SELECT ${columns} FROM ${name} ORDER BY id`).all() as Record<string, unknown>[];
    const customerColumns =
      'id, kind, name, organization_id, phones, emails, address, city, tags, preferred_channel, description, owner_id, created_at, updated_at, deleted_at';
    const document = {
      format: 'pishkhan-export',
      version: 1,
      schemaVersion: app.info.schemaVersion,
      exportedAt: new Date().toISOString(),
      tables: {
        users: table('users', 'id, name, email, created_at, updated_at, deleted_at'),
        customers: table('customers', customerColumns).map((row) => ({
          ...row,
          phones: JSON.parse(String(row.phones)) as unknown,
          emails: JSON.parse(String(row.emails)) as unknown,
          tags: JSON.parse(String(row.tags)) as unknown,
        })),
      },
    };
    // Written beside the target and renamed, so a failed export never leaves a half file.
    const temp = `${target}.tmp-${process.pid}`;
    try {
      fs.writeFileSync(temp, JSON.stringify(document, null, 2));
      fs.renameSync(temp, target);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw new CliError(`Could not write ${target}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const counts = Object.fromEntries(Object.entries(document.tables).map(([name, rows]) => [name, rows.length]));
    if (values.json) io.out(JSON.stringify({ file: target, counts }));
    else io.out(`Exported ${counts.customers} customers and ${counts.users} users to ${target}.`);
  },
};

/** Runs one command line; returns the exit code. */
export function runCli(argv: string[], io: CliIo = { out: console.log, err: console.error }): number {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  const handler = commands[command];
  if (!handler) {
    io.err(`pishkhan: unknown command "${command}".\n${USAGE}`);
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
