import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renameWithRetry, writeFileAtomicSync } from '../../../main/files/atomic-file';
import { tempDir } from '../../helpers/temp-app';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const fresh = () => {
  const dir = tempDir('pishkhan-files-');
  dirs.push(dir);
  return dir;
};

describe('atomic files', () => {
  it('writes the whole file under its final name and leaves no temp file', () => {
    const dir = fresh();
    writeFileAtomicSync(path.join(dir, 'a.json'), '{"ok":true}');
    expect(fs.readdirSync(dir)).toEqual(['a.json']);
    expect(fs.readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('{"ok":true}');
  });

  it('refuses to replace an existing file when exclusive, keeping it intact', () => {
    const dir = fresh();
    const target = path.join(dir, 'published.ndjson');
    writeFileAtomicSync(target, 'first');
    expect(() => writeFileAtomicSync(target, 'second', { exclusive: true })).toThrow(/already exists/);
    expect(fs.readFileSync(target, 'utf8')).toBe('first');
    expect(fs.readdirSync(dir)).toEqual(['published.ndjson']);
  });

  it('retries a rename that a scanner briefly blocks (EPERM), then succeeds', () => {
    const dir = fresh();
    const real = fs.renameSync;
    let calls = 0;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      calls += 1;
      if (calls < 3) throw Object.assign(new Error('busy'), { code: 'EPERM' });
      real(from, to);
    });
    const from = path.join(dir, 'x.tmp');
    fs.writeFileSync(from, 'data');
    renameWithRetry(from, path.join(dir, 'x'));
    expect(calls).toBe(3);
    expect(fs.readFileSync(path.join(dir, 'x'), 'utf8')).toBe('data');
  });

  it('gives up after the retries and leaves no final file', () => {
    const dir = fresh();
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('locked'), { code: 'EBUSY' });
    });
    expect(() => writeFileAtomicSync(path.join(dir, 'y'), 'data', { retries: 1 })).toThrow('locked');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('fails cleanly when the folder does not exist', () => {
    expect(() => writeFileAtomicSync(path.join(fresh(), 'missing', 'z'), 'data')).toThrow(/ENOENT/);
  });
});
