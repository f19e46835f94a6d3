import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestInBackground } from '../../../main/backup/file-digest';
import { tempDir } from '../../helpers/temp-app';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('digestInBackground', () => {
  it('is the sha256 of the first bytes of the file', () => {
    const dir = tempDir('pishkhan-digest-');
    dirs.push(dir);
    const file = path.join(dir, 'data');
    const bytes = crypto.randomBytes(3 * 1024 * 1024 + 17);
    fs.writeFileSync(file, bytes);
    for (const length of [0, 5, bytes.length - 1, bytes.length]) {
      const expected = crypto.createHash('sha256').update(bytes.subarray(0, length)).digest();
      expect(digestInBackground(file, length).wait().equals(expected)).toBe(true);
    }
  });

  it('fails when the file cannot be read to the end', () => {
    const dir = tempDir('pishkhan-digest-');
    dirs.push(dir);
    const file = path.join(dir, 'short');
    fs.writeFileSync(file, 'short');
    expect(() => digestInBackground(file, 100).wait()).toThrow(/could not read/);
    expect(() => digestInBackground(path.join(dir, 'missing'), 1).wait()).toThrow(/could not read/);
  });
});
