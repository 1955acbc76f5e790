import { describe, expect, it } from 'vitest';
import { checkAuthor, checkDescription, checkDisplayName, checkEnvDescription, checkEnvValue } from '../../src/answers/rules.js';
import type { PackAnswers } from '../../src/answers/schema.js';
import { generatePack, tempFolder } from '../support/generate.js';
import { TRICKY_TEXTS, expectUserTextsRoundTrip, runCli } from './support.js';

function trickyAnswers(text: string, index: number): PackAnswers {
  return {
    name: `tricky-${index}`,
    displayName: text,
    description: text,
    author: text,
    kind: 'full-stack',
    permissions: ['nats:publish'],
    env: [
      { key: 'API_TOKEN', description: text, type: 'secret', required: true },
      { key: 'GREETING', description: text, type: 'string', required: false, default: text },
      { key: 'LIMIT', description: `${text} (number)`, type: 'number', required: false, default: ['0123', '1e3', '.5'][index % 3]! },
      { key: 'BETA', description: text, type: 'boolean', required: false, default: index % 2 ? 'true' : 'false' },
      { key: 'HOME_URL', description: text, type: 'url', required: true },
    ],
    version: '1.2.3-beta.1',
    port: 8080,
    scope: '@khal-os',
    registry: 'ghcr.io/khal-os',
  };
}

describe('a user text comes back byte for byte from every file that holds it', () => {
  it.each(TRICKY_TEXTS.map((text, index) => ({ text, index })))('$text', async ({ text, index }) => {
    const answers = trickyAnswers(text, index);
    const { folder, files } = await generatePack(answers);
    const checked = expectUserTextsRoundTrip(folder, files, answers);
    // The files the issue names, where they exist; the chart's are checked once the chart writes them.
    for (const file of ['khal-app.json', 'package.json', 'package/package.json', '.khal-pack.json', 'README.md', 'helm/Chart.yaml', 'helm/values.yaml', 'helm/values.schema.json'])
      if (files.includes(file)) expect(checked).toContain(file);
    expect(checked).toEqual(expect.arrayContaining(['khal-app.json', 'package.json', 'package/package.json', 'README.md', 'helm/Chart.yaml']));
  });

  it('frontend-only packs too', async () => {
    const answers: PackAnswers = { ...trickyAnswers(TRICKY_TEXTS.join(' '), 0), kind: 'frontend-only', env: [], permissions: [] };
    answers.displayName = answers.displayName.slice(0, 80).trim();
    answers.author = answers.author.slice(0, 100).trim();
    answers.description = answers.description.slice(0, 200).trim();
    const { folder, files } = await generatePack(answers);
    expect(expectUserTextsRoundTrip(folder, files, answers)).toContain('README.md');
  });
});

describe('the pack check does not mistake a user text for a placeholder', () => {
  // The placeholder scan looks past what the user typed (verify-pack.ts userTexts).
  it('a description that says "<name>" or "[object Object]" is written', async () => {
    const cwd = await tempFolder();
    const result = await runCli(['pack-quoted', '--yes', '--author', 'A', '--description', 'Replace <name> with [object Object]'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
  });

  // Found by the property test: the hand-off table writes a default as a code span with "|"
  // escaped, and a description as Markdown text; both forms must be known as typed.
  it('an env default with "|" and a description with Markdown syntax, each saying "[object Object]"', async () => {
    const cwd = await tempFolder();
    const result = await runCli(
      ['pack-quoted', '--yes', '--author', 'A', '--kind', 'full-stack', '--env', 'NOTE:string=a | b [object Object]#_under_ and [object Object]'],
      { cwd },
    );
    expect(result.exitCode, result.stderr).toBe(0);
  });
});

describe('one-line answers refuse line breaks and control characters', () => {
  const rules = { displayName: checkDisplayName, description: checkDescription, author: checkAuthor, 'env description': checkEnvDescription, 'string default': (value: string) => checkEnvValue('string', value) };
  const breaking = ['a\nb', 'a\r\nb', 'a\rb', 'a\u2028b', 'a\u2029b', 'a\tb', 'a\u0000b', 'a\u001bb', 'a\u007fb', 'a\u0085b'];
  it.each(Object.entries(rules))('%s', (_name, rule) => {
    for (const value of breaking) expect(rule(value), JSON.stringify(value)).toMatch(/single line|control characters/);
    for (const value of TRICKY_TEXTS) expect(rule(value), value).toBeUndefined();
  });
});
