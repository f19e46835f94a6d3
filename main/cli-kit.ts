/**
 * Shared pieces of the command line: errors, output, option parsing and typed calls into the
 * contract. Feature modules (backup, exchange, …) build their commands from these.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { App } from './app';
import type { MethodInput, MethodName, MethodOutput } from '../shared/contract';
import type { RpcErrorPayload } from '../shared/errors';
import { createTranslator, describeError } from '../shared/i18n/index';

export const t = createTranslator('en');

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

/** One command: runs against an open app, prints through `io`, throws CliError to fail. */
export type Command = (app: App, args: string[], io: CliIo) => void;

export function call<K extends MethodName>(app: App, method: K, input: MethodInput<K>): MethodOutput<K> {
  const result = app.dispatch(method, input);
  if (!result.ok) throw new CliError(describeRpcError(result.error));
  return result.value as MethodOutput<K>;
}

export function describeRpcError(error: RpcErrorPayload): string {
  return describeError(t, error);
}

type OptionValue = string | boolean | (string | boolean)[] | undefined;
export interface Parsed {
  values: Record<string, OptionValue>;
  positionals: string[];
}

export function parse(args: string[], options: ParseArgsConfig['options']): Parsed {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, ...options },
    });
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)} (see pishkhan help)`, 2);
  }
}

export function positiveInt(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError(`--${option} must be a whole number, got "${String(value)}"`, 2);
  return n;
}

export function strings(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
