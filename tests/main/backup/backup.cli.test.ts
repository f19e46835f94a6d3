import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import { tempDir } from '../../helpers/temp-app';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  delete process.env.PISHKHAN_TEST_PASS;
});
function dir(): string {
  const d = tempDir('pishkhan-cli-backup-');
  dirs.push(d);
  return d;
}

function cli(dataDir: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli([...args, '--data-dir', dataDir], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('backup CLI', () => {
  it('backs up (--json gives the file), lists, and restores with a passphrase from the environment', () => {
    const data = dir();
    const folder = dir();
    expect(cli(data, 'customers', 'add', '--name', 'Backed up').code).toBe(0);
    process.env.PISHKHAN_TEST_PASS = 'passphrase from env';
    const backup = cli(data, 'backup', '--to', folder, '--passphrase-env', 'PISHKHAN_TEST_PASS', '--json');
    expect(backup.code).toBe(0);
    const written = JSON.parse(backup.out) as { file: string; encrypted: boolean };
    expect(path.dirname(written.file)).toBe(folder);
    expect(written.encrypted).toBe(true);

    const list = cli(data, 'backups', 'list', '--dir', folder);
    expect(list.code).toBe(0);
    expect(list.out).toContain(path.basename(written.file));
    expect(list.out).toContain('1 backup in');

    expect(cli(data, 'customers', 'add', '--name', 'After').code).toBe(0);
    const restored = cli(data, 'restore', written.file, '--passphrase-env', 'PISHKHAN_TEST_PASS');
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('Restored');
    const names = JSON.parse(cli(data, 'customers', 'list', '--json').out) as { name: string }[];
    expect(names.map((n) => n.name)).toEqual(['Backed up']);
  });

  it('fails with one clear line and a non-zero exit', () => {
    const data = dir();
    const folder = dir();
    const missing = cli(data, 'backup', '--to', path.join(folder, 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.err.split('\n')).toHaveLength(1);
    expect(missing.err).toMatch(/^pishkhan: The folder “.*nope” does not exist/);

    process.env.PISHKHAN_TEST_PASS = 'the right passphrase';
    const file = (
      JSON.parse(cli(data, 'backup', '--to', folder, '--passphrase-env', 'PISHKHAN_TEST_PASS', '--json').out) as {
        file: string;
      }
    ).file;
    process.env.PISHKHAN_TEST_PASS = 'the wrong passphrase';
    const wrong = cli(data, 'restore', file, '--passphrase-env', 'PISHKHAN_TEST_PASS');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toBe('pishkhan: The passphrase is wrong for this backup. Nothing was restored.');
    expect(cli(data, 'restore', file, '--passphrase-env', 'UNSET_VARIABLE_X').code).toBe(2);
    expect(cli(data, 'backups', 'list').code).toBe(2);
  });
});
