/** `pishkhan products add|list`, `invoices list`, and `seed --invoices N` (billing). */
import type { CommandModule } from '../../cli';
import { call, CliError, parse, positiveInt, type CliIo, type Command } from '../../cli-kit';
import type { App } from '../../app';
import { minorDigits, parseAmount } from '../../../shared/money/money';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../../shared/billing/billing.schema';
import { seedInvoices } from '../../seed/invoice.seed';

const USAGE = `  products add --name NAME --price AMOUNT [--sku CODE] [--unit U] [--currency IRR] [--tax PERCENT]
  products list [--all]                    catalog (--all includes inactive)
  invoices list [--status S] [--customer ID] [--limit N]
                                           number, customer, currency, total and balance (minor units), status
  seed --invoices N                        N issued invoices with payments, for the customers already there`;

const products: Command = (app, args, io) => {
  const [sub, ...rest] = args;
  if (sub === 'add') {
    const { values } = parse(rest, {
      name: { type: 'string' },
      price: { type: 'string' },
      sku: { type: 'string' },
      unit: { type: 'string' },
      currency: { type: 'string' },
      tax: { type: 'string' },
    });
    if (values.name === undefined) throw new CliError('products add needs --name NAME', 2);
    if (values.price === undefined) throw new CliError('products add needs --price AMOUNT', 2);
    const currency = String(values.currency ?? call(app, 'billing.profile.get', {}).defaultCurrency).toUpperCase();
    const price = parseAmount(String(values.price), /^[A-Z]{3}$/.test(currency) ? minorDigits(currency) : 0);
    if (price === null)
      throw new CliError(`--price must be an amount in ${currency}, got "${String(values.price)}"`, 2);
    const tax = values.tax === undefined ? 0 : parseAmount(String(values.tax), 2);
    if (tax === null) throw new CliError(`--tax must be a percentage like 9 or 9.5, got "${String(values.tax)}"`, 2);
    const product = call(app, 'products.create', {
      name: String(values.name),
      sku: String(values.sku ?? ''),
      unit: String(values.unit ?? ''),
      priceMinor: price,
      currency,
      taxBasisPoints: tax,
    });
    if (values.json) io.out(JSON.stringify(product, null, 2));
    else io.out(`Added ${product.name}${product.sku ? ` (${product.sku})` : ''}: ${product.id}`);
    return;
  }
  if (sub === 'list') {
    const { values } = parse(rest, { all: { type: 'boolean' } });
    const rows = call(app, 'products.list', { includeInactive: Boolean(values.all), limit: 1000 });
    if (values.json) return io.out(JSON.stringify(rows, null, 2));
    for (const p of rows) {
      io.out(
        [p.id, p.sku.padEnd(10), `${p.priceMinor} ${p.currency}`, `${p.taxBasisPoints / 100}%`, p.name].join('  '),
      );
    }
    io.out(`${rows.length} product${rows.length === 1 ? '' : 's'}`);
    return;
  }
  throw new CliError(`Unknown products command "${sub ?? ''}". Use add or list.`, 2);
};

const invoices: Command = (app, args, io) => {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new CliError(`Unknown invoices command "${sub ?? ''}". Use list.`, 2);
  const { values } = parse(rest, {
    status: { type: 'string' },
    customer: { type: 'string' },
    limit: { type: 'string' },
  });
  const status = values.status === undefined ? null : String(values.status);
  if (status !== null && !(INVOICE_STATUSES as readonly string[]).includes(status))
    throw new CliError(`--status must be one of ${INVOICE_STATUSES.join(', ')}, got "${status}"`, 2);
  const result = call(app, 'invoices.list', {
    status: status as InvoiceStatus | null,
    customerId: values.customer === undefined ? null : String(values.customer),
    limit: Math.min(positiveInt(values.limit, 'limit', 1000), 1000),
  });
  const rows = result.rows.map((r) => ({
    number: r.number,
    kind: r.kind,
    customer: r.customerName,
    currency: r.currency,
    total: r.total,
    balance: r.balance,
    status: r.status,
    id: r.id,
  }));
  if (values.json) return io.out(JSON.stringify(rows, null, 2));
  for (const r of rows) {
    io.out(
      [
        (r.number ?? '(draft)').padEnd(16),
        r.status.padEnd(14),
        r.currency,
        String(r.total),
        String(r.balance),
        r.customer,
      ].join('  '),
    );
  }
  io.out(`${rows.length} of ${result.total} invoice${result.total === 1 ? '' : 's'}`);
};

/** `seed --invoices N`, called from the core `seed` command. */
export function seedInvoicesCommand(app: App, values: Record<string, unknown>, io: CliIo): void {
  const count = positiveInt(values.invoices, 'invoices', -1);
  if (count < 1) throw new CliError('seed --invoices needs N (a whole number of at least 1)', 2);
  const started = Date.now();
  let result;
  try {
    result = seedInvoices(app, count, { seed: positiveInt(values.seed, 'seed', Date.now() % 1_000_000) });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const seconds = (Date.now() - started) / 1000;
  if (values.json) io.out(JSON.stringify({ ...result, seconds }));
  else
    io.out(
      `Issued ${result.invoices} invoices (${result.firstNumber ?? ''} … ${result.lastNumber ?? ''}) with ${result.payments} payments in ${seconds.toFixed(1)} s.`,
    );
}

export const billingCli: CommandModule = { usage: USAGE, commands: { products, invoices } };
