import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packAnswersSchema } from '../../src/answers/schema.js';
import { userTexts, verifyRenderedFiles } from '../../src/checks/verify-pack.js';
import { planPack } from '../../src/plan/plan-pack.js';
import { renderPack } from '../support/generate.js';
import { validAnswers } from './arbitraries.js';
import { expectUserTextsRoundTrip } from './support.js';

const RUNS = Number(process.env.KHAL_PACK_PROPERTY_RUNS ?? 1000);
// A memory-backed folder when there is one: a thousand packs are written and removed.
const scratchRoot = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

describe('property: any valid answers make a pack that parses, passes the schema and keeps every user text', () => {
  it(`${RUNS} generated answer sets`, async () => {
    const started = performance.now();
    let runs = 0;
    const kinds = { 'full-stack': 0, 'frontend-only': 0 };
    let envEntries = 0;
    await fc.assert(
      fc.asyncProperty(validAnswers, async (answers) => {
        runs++;
        kinds[answers.kind]++;
        envEntries += answers.env.length;
        expect(packAnswersSchema.safeParse(answers).success).toBe(true);
        const folder = await mkdtemp(path.join(scratchRoot, 'khal-pack-property-'));
        try {
          expect(verifyRenderedFiles(planPack(answers), userTexts(answers))).toEqual([]);
          const files = await renderPack(answers, folder);
          const checked = expectUserTextsRoundTrip(folder, files, answers);
          expect(checked).toEqual(expect.arrayContaining(['khal-app.json', '.khal-pack.json', 'package.json', 'README.md']));
        } finally {
          await rm(folder, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`property: ${runs} valid answer sets rendered and checked in ${seconds} s (${kinds['full-stack']} full-stack, ${kinds['frontend-only']} frontend-only, ${envEntries} env entries)`);
    expect(runs).toBeGreaterThanOrEqual(RUNS);
  }, 300_000);
});

// Bad values for each answer, as an answers file holds them (JSON) and, where a flag can say it, as flag text.
const BAD_VALUES: Record<string, { file: unknown[]; flag?: string[] }> = {
  name: { file: ['Weather', 'a', 'a--b', 'ab-', '1abc', 'x'.repeat(41), 42], flag: ['Weather', 'a--b', 'ab-'] },
  displayName: { file: ['', 'a\nb', ' padded', 'x'.repeat(81), 'tab\there'], flag: ['', 'a\nb', 'x'.repeat(81)] },
  description: { file: ['', 'bell\u0007', 'x'.repeat(201), null], flag: ['', 'two\nlines'] },
  author: { file: ['', 'a\r\nb', 'x'.repeat(101), ['Ana']], flag: ['', 'esc\u001b[31m'] },
  kind: { file: ['backend', 'Full-Stack', true], flag: ['backend'] },
  permissions: { file: [['nats:pub'], ['files:read', 'files:read'], 'files:read'], flag: ['nats:pub', 'root'] },
  env: {
    file: [
      [{ key: 'PORT', description: 'd', type: 'string', required: true }],
      [{ key: 'KHAL_TOKEN', description: 'd', type: 'secret', required: true }],
      [{ key: 'lower', description: 'd', type: 'string', required: true }],
      [{ key: 'TOKEN', description: 'd', type: 'secret', required: false, default: 'abc' }],
      [{ key: 'LIMIT', description: 'd', type: 'number', required: false, default: 'abc' }],
      [{ key: 'BETA', description: 'd', type: 'boolean', required: false, default: 'yes' }],
      [{ key: 'HOME_URL', description: 'd', type: 'url', required: false, default: 'example.com' }],
      [{ key: 'A', description: '', type: 'string', required: true }],
      [{ key: 'A', description: 'd', type: 'text', required: true }],
      [{ key: 'A', description: 'd', type: 'string', required: true }, { key: 'A', description: 'e', type: 'string', required: true }],
    ],
    flag: ['PORT:string#d', 'KHAL_X:string#d', 'A:secret=x#d', 'A:number=abc#d', 'NO_DESCRIPTION:string', 'A:text#d'],
  },
  version: { file: ['1.0', 'v1.0.0', '01.2.3', 1], flag: ['1.0', 'v1.0.0'] },
  port: { file: [80, 70000, 8080.5, '8080'], flag: ['80', '70000', 'http', '8080.5'] },
  scope: { file: ['khal', '@Khal', '@'], flag: ['khal', '@Khal'] },
  registry: { file: ['https://ghcr.io/x', 'GHCR.io', 'ghcr.io/'], flag: ['https://ghcr.io/x', 'ghcr.io/'] },
};
const FLAGS: Record<string, string> = { name: '--name', displayName: '--display-name', description: '--description', author: '--author', kind: '--kind', permissions: '--permission', env: '--env', version: '--version-number', port: '--port', scope: '--scope', registry: '--registry' };

const invalidRun = fc
  .tuple(validAnswers, fc.uniqueArray(fc.constantFrom(...Object.keys(BAD_VALUES)), { minLength: 1, maxLength: 3 }), fc.boolean(), fc.nat())
  .map(([answers, broken, asFlags, pick]) => {
    const file: Record<string, unknown> = { ...answers, kind: broken.includes('env') ? 'full-stack' : answers.kind };
    const flags: string[] = [];
    for (const name of broken) {
      const bad = BAD_VALUES[name]!;
      if (asFlags && bad.flag) {
        delete file[name];
        flags.push(FLAGS[name]!, bad.flag[pick % bad.flag.length]!);
      } else file[name] = bad.file[pick % bad.file.length];
    }
    return { file, flags, broken, asFlags };
  });

describe('property: invalid answers exit 2, name every broken answer and write nothing', () => {
  const INVALID_RUNS = Number(process.env.KHAL_PACK_INVALID_RUNS ?? 30);
  it(`${INVALID_RUNS} generated invalid answer sets through the CLI`, async () => {
    const { writeFile, readdir } = await import('node:fs/promises');
    const { runCli } = await import('./support.js');
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(invalidRun, async ({ file, flags, broken, asFlags }) => {
        runs++;
        const cwd = await mkdtemp(path.join(tmpdir(), 'khal-pack-invalid-'));
        await writeFile(path.join(cwd, 'answers.json'), JSON.stringify(file, null, 2));
        const result = await runCli(['target', '--answers', 'answers.json', ...flags], { cwd });
        expect(result.exitCode, result.stderr).toBe(2);
        for (const name of broken) {
          const label = asFlags && BAD_VALUES[name]!.flag ? FLAGS[name]! : `answers.json: ${name}`;
          expect(result.stderr, `${name} is named`).toContain(label);
        }
        expect(result.stderr).toContain('Nothing was written.');
        expect(await readdir(cwd)).toEqual(['answers.json']);
        await rm(cwd, { recursive: true, force: true });
      }),
      { numRuns: INVALID_RUNS },
    );
    console.log(`property: ${runs} invalid answer sets refused with exit 2 and nothing written`);
  }, 300_000);
});
