import { runCli } from '../../main/cli';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs one command line in this process against `dataDir`; what it printed, line by line. */
export function cliIn(dataDir: string, ...args: string[]): CliRun {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli([...args, '--data-dir', dataDir], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
