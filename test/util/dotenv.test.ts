import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotenvValue, envExampleLine, parseDotenv } from '../../src/util/dotenv.js';
import { REPO_ROOT, tempFolder } from '../support/generate.js';

// A pack's service runs on Bun, which reads .env itself: a default in .env.example must reach
// the service as typed. The real bun binary (installed with this kit) is the judge.
const BUN = path.join(REPO_ROOT, 'node_modules/.bin/bun');

const HOSTILE = [
  'plain',
  'two words',
  'p$HOME "q"',
  '${HOME}x',
  '$1 costs $$',
  'a\\$b',
  'back\\slash',
  'say "hi" & co',
  "it's",
  "it's `x`",
  'hash # not a comment',
  'a#b',
  '  leading and trailing  ',
  'tab\there',
  'ünïcödé ✓',
  '=equals=',
  '\\n stays',
];

/** The values Bun gives the keys V0, V1, ... of a .env file made of `values`. */
async function bunReads(values: string[]): Promise<(string | undefined)[]> {
  const folder = await tempFolder('khal-pack-dotenv-');
  await writeFile(path.join(folder, '.env'), values.map((value, index) => `V${index}=${dotenvValue(value)}\n`).join(''));
  await writeFile(path.join(folder, 'read.js'), `console.log(JSON.stringify(${JSON.stringify(values.map((_, index) => `V${index}`))}.map((key) => process.env[key] ?? null)));`);
  const run = await execa(BUN, ['read.js'], { cwd: folder, env: { HOME: '/home/someone' } });
  return (JSON.parse(run.stdout) as (string | null)[]).map((value) => value ?? undefined);
}

describe('.env values', () => {
  it('reach a Bun process exactly as typed, and parseDotenv reads them the same', async () => {
    const writable = HOSTILE.filter((value) => dotenvValue(value) !== undefined);
    expect(writable).toEqual(HOSTILE.filter((value) => !(value.includes("'") && value.includes('`'))));
    expect(await bunReads(writable)).toEqual(writable);
    for (const value of writable) expect(parseDotenv(`KEY=${dotenvValue(value)}\n`).get('KEY')?.value, value).toBe(value);
  });

  it('reach Bun exactly for generated one-line texts too', async () => {
    const texts = fc.sample(
      fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '$', '{', '}', '#', '"', "'", '`', '\\', '=', 'n', '.', 'é'), maxLength: 12 }),
      { numRuns: 300, seed: 7 },
    );
    const writable = [...new Set(texts)].filter((value) => dotenvValue(value) !== undefined);
    expect(writable.length).toBeGreaterThan(150);
    expect(await bunReads(writable)).toEqual(writable);
    for (const value of writable) expect(parseDotenv(`KEY=${dotenvValue(value)}\n`).get('KEY')?.value, value).toBe(value);
  });

  it('leaves out what no quoting can hold, and says the line is then empty', () => {
    for (const value of ["both ' and `", 'ends with \\', 'two\nlines']) {
      expect(dotenvValue(value)).toBeUndefined();
      expect(envExampleLine({ key: 'K', type: 'string', default: value })).toEqual({ written: '', read: '' });
    }
    expect(envExampleLine({ key: 'K', type: 'string' })).toEqual({ written: '', read: '' });
    expect(envExampleLine({ key: 'K', type: 'secret' })).toEqual({ written: '', read: '' });
    expect(envExampleLine({ key: 'K', type: 'string', default: '$5 each' })).toEqual({ written: "'\\$5 each'", read: '$5 each' });
  });

  it('reads comments, export and unquoted values as Bun does', () => {
    const lines = parseDotenv('# a comment\r\nexport A=1\r\nB=two # note\nC=\n  D = "x\\ny"\n');
    expect([...lines].map(([key, { value, line }]) => [key, value, line])).toEqual([
      ['A', '1', 2],
      ['B', 'two', 3],
      ['C', '', 4],
      ['D', 'x\ny', 5],
    ]);
  });
});
