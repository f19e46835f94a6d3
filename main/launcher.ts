/**
 * `npm start` and `npm run web` (plain Node, run by tsx; never imports electron).
 *
 *   npm start  -- [--data-dir DIR]            desktop window, or browser mode if Electron is missing
 *   npm run web -- [--data-dir DIR] [--port N] browser mode
 *
 * 1. Builds out/ when it is missing or older than the sources.
 * 2. `--web`: browser mode.
 * 3. Otherwise asks a child process for Electron's binary (a download that hangs cannot hang the
 *    start). Without it: explains, and starts browser mode.
 * 4. With it: prepares better-sqlite3 built for Electron's ABI in .electron-native/<version>-…/
 *    (the Node build in node_modules stays as it is, for tests and the CLI) and runs Electron,
 *    passing that binding in PISHKHAN_SQLITE_BINDING.
 *
 * The decisions are small exported functions, tested in tests/main/launcher.test.ts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_DIRS = ['main', 'renderer', 'shared', 'db'] as const;
export const SOURCE_FILES = ['build/electron.vite.config.ts', 'package.json'] as const;
export const BUILD_OUTPUTS = [
  'out/main/shell.js',
  'out/main/cli.js',
  'out/main/web-host.js',
  'out/preload/preload.cjs',
  'out/renderer/index.html',
] as const;
export const BINDING_ENV = 'PISHKHAN_SQLITE_BINDING';
export const PROBE_MARKER = 'PISHKHAN_ELECTRON_PROBE ';
export const DEFAULT_PROBE_TIMEOUT_MS = 5 * 60_000;

// ---------------------------------------------------------------------------------------------
// Pure decisions

export interface LauncherArgs {
  web: boolean;
  /** Arguments for the app itself (`--data-dir DIR`, `--port N`, …), in order. */
  appArgs: string[];
}

/** Splits the launcher's own `--web` flag from the arguments passed on to the app. */
export function parseLauncherArgs(argv: readonly string[]): LauncherArgs {
  const appArgs = argv.filter((arg) => arg !== '--web');
  return { web: appArgs.length !== argv.length, appArgs };
}

export type BuildDecision = { build: false } | { build: true; reason: string };

/**
 * `outputTimes`: modification time of each expected build output (null when missing);
 * `newestSource`: the most recently modified source file.
 */
export function decideBuild(
  outputTimes: ReadonlyArray<number | null>,
  newestSource: { file: string; mtimeMs: number } | null,
): BuildDecision {
  if (outputTimes.length === 0 || outputTimes.some((time) => time === null)) {
    return { build: true, reason: 'out/ is missing' };
  }
  const builtAt = Math.min(...(outputTimes as number[]));
  if (newestSource && newestSource.mtimeMs > builtAt) {
    return { build: true, reason: `${newestSource.file} changed since the last build` };
  }
  return { build: false };
}

export type ElectronProbe = { ok: true; path: string } | { ok: false; reason: string };

export interface ProbeOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
  timeoutMs?: number;
}

function firstErrorLine(text: string): string | null {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('at ') && !/^Downloading Electron/i.test(line));
  return lines[0] ?? null;
}

function oneLine(text: string, max = 240): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Reads the probe child's answer (the last marker line) into a path or a one-line reason. */
export function parseElectronProbe(output: ProbeOutput): ElectronProbe {
  if (output.timedOut) {
    const seconds = Math.round((output.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS) / 1000);
    return { ok: false, reason: `looking for (or downloading) Electron took longer than ${seconds} s` };
  }
  const marked = output.stdout
    .split(/\r?\n/)
    .filter((line) => line.startsWith(PROBE_MARKER))
    .pop();
  let answer: unknown = null;
  if (marked) {
    try {
      answer = JSON.parse(marked.slice(PROBE_MARKER.length));
    } catch {
      answer = null;
    }
  }
  if (typeof answer === 'object' && answer !== null && 'ok' in answer) {
    const result = answer as { ok: unknown; path?: unknown; reason?: unknown };
    if (result.ok === true && typeof result.path === 'string' && result.path) return { ok: true, path: result.path };
    const thrown = typeof result.reason === 'string' ? result.reason : 'unknown error';
    const detail = firstErrorLine(output.stderr);
    if (/failed to install correctly/i.test(thrown)) {
      return {
        ok: false,
        reason: oneLine(`the binary is not installed and downloading it failed${detail ? ` (${detail})` : ''}`),
      };
    }
    return { ok: false, reason: oneLine(thrown) };
  }
  const detail = firstErrorLine(output.stderr) ?? `the check exited with code ${String(output.exitCode)}`;
  return { ok: false, reason: oneLine(detail) };
}

/** The lines printed when the desktop window cannot open and browser mode starts instead. */
export function fallbackExplanation(reason: string): string[] {
  return [
    `The desktop window is unavailable: Electron's binary could not be obtained.`,
    `  Reason: ${reason}`,
    `Starting browser mode instead; open the address printed below in your browser.`,
  ];
}

export interface NativeStamp {
  electronVersion: string;
  betterSqlite3Version: string;
  platform: string;
  arch: string;
}

/** The folder for one Electron build of better-sqlite3 (`.electron-native/45.4.1-linux-x64`). */
export function nativeDir(root: string, stamp: NativeStamp): string {
  return path.join(root, '.electron-native', `${stamp.electronVersion}-${stamp.platform}-${stamp.arch}`);
}

export function nativeBindingPath(dir: string): string {
  return path.join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/** True when the stamp written after a successful rebuild matches what we need now. */
export function isNativeBuildCurrent(found: unknown, expected: NativeStamp): boolean {
  if (typeof found !== 'object' || found === null) return false;
  const stamp = found as Record<string, unknown>;
  return (
    stamp.electronVersion === expected.electronVersion &&
    stamp.betterSqlite3Version === expected.betterSqlite3Version &&
    stamp.platform === expected.platform &&
    stamp.arch === expected.arch
  );
}

/** Arguments for the Electron binary: the app folder (its package.json names out/main/shell.js), then ours. */
export function electronArgs(root: string, appArgs: readonly string[]): string[] {
  return [root, ...appArgs];
}

/** The environment for Electron: our binding, and never "run as plain Node". */
export function electronEnv(env: NodeJS.ProcessEnv, binding: string): NodeJS.ProcessEnv {
  return { ...withoutRunAsNode(env), [BINDING_ENV]: binding };
}

function withoutRunAsNode(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const next: NodeJS.ProcessEnv = { ...env };
  delete next.ELECTRON_RUN_AS_NODE;
  return next;
}

// ---------------------------------------------------------------------------------------------
// Effects

function mtime(file: string): number | null {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

export function newestSourceFile(root: string): { file: string; mtimeMs: number } | null {
  let newest: { file: string; mtimeMs: number } | null = null;
  const consider = (file: string) => {
    const time = mtime(file);
    if (time !== null && (!newest || time > newest.mtimeMs))
      newest = { file: path.relative(root, file), mtimeMs: time };
  };
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) consider(full);
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(root, dir));
  for (const file of SOURCE_FILES) consider(path.join(root, file));
  return newest;
}

function run(
  command: string,
  args: string[],
  options: { cwd: string },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: null, output: output + String(error) }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function ensureBuilt(root: string): Promise<void> {
  if (process.env.PISHKHAN_SKIP_BUILD === '1') return;
  const decision = decideBuild(
    BUILD_OUTPUTS.map((file) => mtime(path.join(root, file))),
    newestSourceFile(root),
  );
  if (!decision.build) return;
  console.log(`Building Pishkhan (${decision.reason})…`);
  const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = await run(process.execPath, [cli, 'build', '--config', 'build/electron.vite.config.ts'], {
    cwd: root,
  });
  if (result.code !== 0) {
    console.error(result.output.trimEnd());
    throw new Error('the build failed (output above); fix it or run `npm run build` to see it again');
  }
}

/** Runs `require('electron')` in a child process (it may try to download the binary). */
export function probeElectron(root: string, timeoutMs = DEFAULT_PROBE_TIMEOUT_MS): Promise<ElectronProbe> {
  const script = [
    `const fs = require('fs');`,
    `const { createRequire } = require('module');`,
    `const path = require('path');`,
    `const req = createRequire(path.join(process.argv[1], 'package.json'));`,
    `let result;`,
    `try {`,
    `  const bin = req('electron');`,
    `  result = typeof bin === 'string' && fs.existsSync(bin) ? { ok: true, path: bin }`,
    `    : { ok: false, reason: 'the binary is missing at ' + String(bin) };`,
    `} catch (error) { result = { ok: false, reason: String(error && error.message || error) }; }`,
    `process.stdout.write('\\n' + ${JSON.stringify(PROBE_MARKER)} + JSON.stringify(result) + '\\n');`,
  ].join('\n');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script, root], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: withoutRunAsNode(process.env),
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const slow = setTimeout(() => console.log("Getting Electron's binary (the first start may download it)…"), 3000);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const finish = (exitCode: number | null) => {
      clearTimeout(slow);
      clearTimeout(timer);
      resolve(parseElectronProbe({ stdout, stderr, exitCode, timedOut, timeoutMs }));
    };
    child.on('error', (error) => {
      stderr += String(error);
      finish(null);
    });
    child.on('close', finish);
  });
}

function readVersion(root: string, pkg: string): string {
  const file = path.join(root, 'node_modules', pkg, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * Copies better-sqlite3 to its own folder and rebuilds it there for this Electron version, once.
 * Returns the path of the .node file for better-sqlite3's `nativeBinding` option.
 */
export async function prepareElectronSqlite(root: string, electronVersion: string): Promise<string> {
  const expected: NativeStamp = {
    electronVersion,
    betterSqlite3Version: readVersion(root, 'better-sqlite3'),
    platform: process.platform,
    arch: process.arch,
  };
  const dir = nativeDir(root, expected);
  const binding = nativeBindingPath(dir);
  const stampFile = path.join(dir, 'stamp.json');
  let found: unknown = null;
  try {
    found = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    found = null;
  }
  if (isNativeBuildCurrent(found, expected) && fs.existsSync(binding)) return binding;

  console.log(`Preparing the database module for Electron ${electronVersion} (once per version)…`);
  fs.rmSync(dir, { recursive: true, force: true });
  const target = path.join(dir, 'node_modules', 'better-sqlite3');
  fs.mkdirSync(target, { recursive: true });
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  // The Node build (build/) stays behind; only the sources are copied and compiled afresh.
  fs.cpSync(source, target, {
    recursive: true,
    filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'build',
  });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'pishkhan-electron-native',
        private: true,
        dependencies: { 'better-sqlite3': expected.betterSqlite3Version },
      },
      null,
      2,
    ),
  );
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: dir,
    // Stop the module search here, so node_modules of the repo is never touched.
    projectRootPath: dir,
    electronVersion,
    arch: process.arch,
    onlyModules: ['better-sqlite3'],
    force: true,
  });
  if (!fs.existsSync(binding)) throw new Error(`the rebuild finished but ${binding} is missing`);
  fs.writeFileSync(stampFile, JSON.stringify(expected, null, 2));
  return binding;
}

async function startBrowserMode(appArgs: readonly string[]): Promise<void> {
  const { runWebHostFromArgs } = await import('./web-host');
  await runWebHostFromArgs(appArgs);
}

function runElectron(binary: string, root: string, appArgs: readonly string[], binding: string): void {
  const child = spawn(binary, electronArgs(root, appArgs), {
    cwd: root,
    stdio: 'inherit',
    env: electronEnv(process.env, binding),
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('error', (error) => {
    console.error(`Pishkhan could not start Electron: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

export async function main(argv: readonly string[]): Promise<void> {
  const { web, appArgs } = parseLauncherArgs(argv);
  await ensureBuilt(ROOT);
  if (web) return startBrowserMode(appArgs);

  const probe = await probeElectron(ROOT, Number(process.env.PISHKHAN_ELECTRON_TIMEOUT_MS) || DEFAULT_PROBE_TIMEOUT_MS);
  if (!probe.ok) {
    for (const line of fallbackExplanation(probe.reason)) console.log(line);
    return startBrowserMode(appArgs);
  }
  let binding: string;
  try {
    binding = await prepareElectronSqlite(ROOT, readVersion(ROOT, 'electron'));
  } catch (error) {
    const reason = oneLine(error instanceof Error ? error.message : String(error));
    console.log('The desktop window is unavailable: the database module could not be built for Electron.');
    console.log(`  Reason: ${reason}`);
    console.log('Starting browser mode instead; open the address printed below in your browser.');
    return startBrowserMode(appArgs);
  }
  runElectron(probe.path, ROOT, appArgs, binding);
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`Pishkhan could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
