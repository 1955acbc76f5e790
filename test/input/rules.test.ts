import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompter } from '../../src/answers/prompter.js';
import { askEnvEntries, askForAnswers } from '../../src/answers/prompts.js';
import type { AnswerOrigin } from '../../src/answers/resolve.js';
import type { AnswerName, PackAnswers } from '../../src/answers/schema.js';
import { tempFolder } from '../support/generate.js';
import { runCli } from './support.js';

// Every rule of pack-contract §2–§3, each as a bad value and the words that say what is accepted.
// One case list drives the three ways an answer arrives: flags, the answers file, and prompts.
interface Case {
  /** The value as flag text; absent when no flag can say it. */
  flag?: string;
  /** The value as the answers file holds it. */
  file: unknown;
  reason: string;
}

const TEXT_RULES = (max: number): Case[] => [
  { flag: '', file: '', reason: 'must not be empty' },
  { flag: 'two\nlines', file: 'two\nlines', reason: 'must be a single line' },
  { flag: 'bell\u0007', file: 'tab\there', reason: 'must not contain control characters' },
  { flag: ' padded ', file: 'padded ', reason: 'must not start or end with spaces' },
  { flag: 'x'.repeat(max + 1), file: 'x'.repeat(max + 1), reason: `must be at most ${max} characters` },
];

const CASES: Record<Exclude<AnswerName, 'env'>, Case[]> = {
  name: [
    { flag: 'Weather', file: 'Weather', reason: 'must start with a lowercase letter' },
    { flag: 'a', file: 'x'.repeat(41), reason: 'must be 2 to 40 characters long' },
    { flag: 'ab-', file: 'ab-', reason: 'must not end with "-"' },
    { flag: 'a--b', file: 'a--b', reason: 'must not contain "--"' },
    { flag: '9lives', file: 7, reason: 'must start with a lowercase letter' },
  ],
  displayName: TEXT_RULES(80),
  description: TEXT_RULES(200),
  author: TEXT_RULES(100),
  kind: [{ flag: 'backend', file: 'backend', reason: 'must be one of: full-stack, frontend-only' }],
  permissions: [
    { flag: 'nats:pub', file: ['nats:pub'], reason: 'must be one of: nats:publish, nats:subscribe, files:read' },
    { file: ['files:read', 'files:read'], reason: 'is given twice' },
  ],
  version: [
    { flag: '1.0', file: '1.0', reason: 'must be a semantic version' },
    { flag: 'v1.0.0', file: '01.2.3', reason: 'must be a semantic version' },
    { flag: '1.0.0+build.7', file: '2.0.0-rc.1+sha.abc', reason: 'must not carry build metadata' },
  ],
  port: [
    { flag: '80', file: 80, reason: 'must be a whole number from 1024 to 65535' },
    { flag: '70000', file: 70000, reason: 'must be a whole number from 1024 to 65535' },
    { flag: 'http', file: 8080.5, reason: 'must be a whole number from 1024 to 65535' },
  ],
  scope: [
    { flag: 'khal', file: 'khal', reason: 'must be an npm scope' },
    { flag: '@Khal', file: '@Khal', reason: 'must be an npm scope' },
  ],
  registry: [
    { flag: 'https://ghcr.io/x', file: 'https://ghcr.io/x', reason: 'must be host/path without a scheme' },
    { flag: 'GHCR.io/Team', file: 'ghcr.io/', reason: 'must be an OCI registry host and optional lowercase path' },
  ],
};
// In the answers file a value can also have the wrong JSON type: the message says both types.
const FILE_TYPE_REASON: Partial<Record<string, string>> = { name: 'must be a string, not a number' };

const ENV_CASES: { entry: Record<string, unknown>; flag?: string; field: string; reason: string }[] = [
  { entry: { key: 'lower_case', description: 'd', type: 'string', required: true }, flag: 'lower_case:string#d', field: 'key', reason: 'must start with an uppercase letter' },
  { entry: { key: 'PORT', description: 'd', type: 'string', required: true }, flag: 'PORT:string#d', field: 'key', reason: 'is reserved: the platform sets PORT' },
  { entry: { key: 'KHAL_TOKEN', description: 'd', type: 'secret', required: true }, flag: 'KHAL_TOKEN:secret#d', field: 'key', reason: 'is reserved: keys starting with KHAL_' },
  { entry: { key: 'EMPTY_DESCRIPTION', description: '', type: 'string', required: true }, flag: 'EMPTY_DESCRIPTION:string#', field: 'description', reason: 'must not be empty' },
  { entry: { key: 'TWO_LINES', description: 'a\nb', type: 'string', required: true }, flag: 'TWO_LINES:string#a\nb', field: 'description', reason: 'must be a single line' },
  { entry: { key: 'WRONG_TYPE', description: 'd', type: 'text', required: true }, flag: 'WRONG_TYPE:text#d', field: 'type', reason: 'must be one of: string, number, boolean, secret, url' },
  { entry: { key: 'SECRET_DEFAULT', description: 'd', type: 'secret', required: false, default: 'abc' }, flag: 'SECRET_DEFAULT:secret=abc#d', field: 'default', reason: 'a secret never has a default' },
  { entry: { key: 'REQUIRED_DEFAULT', description: 'd', type: 'string', required: true, default: 'x' }, flag: 'REQUIRED_DEFAULT:string:required=x#d', field: 'default', reason: 'is not allowed on a required entry' },
  { entry: { key: 'LIMIT', description: 'd', type: 'number', required: false, default: 'ten' }, flag: 'LIMIT:number=ten#d', field: 'default', reason: 'must be a finite number' },
  { entry: { key: 'HUGE', description: 'd', type: 'number', required: false, default: '1e999' }, flag: 'HUGE:number=1e999#d', field: 'default', reason: 'must be a finite number' },
  { entry: { key: 'BETA', description: 'd', type: 'boolean', required: false, default: 'yes' }, flag: 'BETA:boolean=yes#d', field: 'default', reason: 'must be true or false' },
  { entry: { key: 'EMPTY_DEFAULT', description: 'd', type: 'string', required: false, default: '' }, flag: 'EMPTY_DEFAULT:string=#d', field: 'default', reason: 'must not be empty: leave the default out' },
  { entry: { key: 'HOME_URL', description: 'd', type: 'url', required: false, default: 'example.com' }, flag: 'HOME_URL:url=example.com#d', field: 'default', reason: 'must be an absolute URL' },
  { entry: { key: 'TWICE', description: 'd', type: 'string', required: true }, flag: 'TWICE:string#d', field: 'key', reason: '' },
  { entry: { key: 'TWICE', description: 'e', type: 'string', required: true }, flag: 'TWICE:string#e', field: 'key', reason: 'is given twice: env keys must be unique' },
  { entry: { key: 'NOT_BOOLEAN', description: 'd', type: 'string', required: 'yes' }, field: 'required', reason: 'must be a boolean, not a string' },
];

/** The rounds: round r gives each answer its r-th bad value, so each run shows many problems at once. */
const ROUNDS = Math.max(...Object.values(CASES).map((cases) => cases.length));

function problemLine(stderr: string, label: string, reason: string): string | undefined {
  return stderr.split('\n').find((line) => line.startsWith(`  - ${label}`) && line.includes(reason));
}

describe('flags: every bad answer is listed at once, exit 2, nothing written', () => {
  it.each(Array.from({ length: ROUNDS }, (_, round) => round))('round %i', async (round) => {
    const cwd = await tempFolder();
    const args = ['pack-rules', '--kind', 'full-stack'];
    const expected: { label: string; value: string; reason: string }[] = [];
    for (const [answer, cases] of Object.entries(CASES)) {
      const bad = cases[round];
      if (bad?.flag === undefined) continue;
      const flag = { name: '--name', displayName: '--display-name', description: '--description', author: '--author', kind: '--kind', permissions: '--permission', version: '--version-number', port: '--port', scope: '--scope', registry: '--registry' }[answer]!;
      if (answer === 'kind') args.splice(args.indexOf('--kind'), 2);
      args.push(flag, bad.flag);
      expected.push({ label: flag, value: JSON.stringify(answer === 'port' && /^\d+$/.test(bad.flag) ? Number(bad.flag) : bad.flag), reason: bad.reason });
    }
    if (round === 0)
      for (const [index, envCase] of ENV_CASES.entries()) {
        if (envCase.flag === undefined) continue;
        args.push('--env', envCase.flag);
        if (envCase.reason) expected.push({ label: `--env #${index + 1} ${envCase.field}`, value: '', reason: envCase.reason });
      }
    const result = await runCli(args, { cwd });
    expect(result.exitCode, result.stderr).toBe(2);
    for (const { label, value, reason } of expected) {
      const line = problemLine(result.stderr, label, reason);
      expect(line, `${label} ${value}: ${reason}\n${result.stderr}`).toBeDefined();
      expect(line).toContain(value);
    }
    expect(result.stderr).toMatch(new RegExp(`The answers have ${expected.length} problems`));
    expect(result.stderr).toContain('Nothing was written.');
    expect(await readdir(cwd)).toEqual([]);
  });

  it('an env flag whose syntax is wrong says the syntax', async () => {
    const cwd = await tempFolder();
    const result = await runCli(['pack-x', '--yes', '--author', 'A', '--kind', 'full-stack', '--env', 'NO_HASH:string', '--env', 'A:string:maybe#d', '--env', 'ONLY_KEY#d'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(problemLine(result.stderr, '--env "NO_HASH:string"', 'has no description: write KEY:type[:required|optional][=default]#description')).toBeDefined();
    expect(problemLine(result.stderr, '--env "A:string:maybe#d"', 'where KEY:type[:required|optional] was expected')).toBeDefined();
    expect(problemLine(result.stderr, '--env "ONLY_KEY#d"', 'has no type')).toBeDefined();
  });

  it('env entries on a frontend-only pack are refused, naming full-stack', async () => {
    const cwd = await tempFolder();
    const result = await runCli(['pack-x', '--yes', '--author', 'A', '--kind', 'frontend-only', '--env', 'A:string#d'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(problemLine(result.stderr, '--env', 'a frontend-only pack cannot have env entries; choose --kind full-stack')).toBeDefined();
    expect(await readdir(cwd)).toEqual([]);
  });

  it('a bad pack id taken from the folder name says so and points to --name', async () => {
    const cwd = await tempFolder();
    const result = await runCli(['My_Pack', '--yes', '--author', 'A'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(problemLine(result.stderr, 'the pack id from the target folder (or pass --name) "My_Pack"', 'must start with a lowercase letter')).toBeDefined();
  });
});

describe('answers file: every bad answer is listed at once, exit 2, nothing written', () => {
  it.each(Array.from({ length: ROUNDS }, (_, round) => round))('round %i', async (round) => {
    const cwd = await tempFolder();
    const file: Record<string, unknown> = { kind: 'full-stack' };
    const expected: { label: string; value: string; reason: string }[] = [];
    for (const [answer, cases] of Object.entries(CASES)) {
      const bad = cases[round];
      if (!bad) continue;
      file[answer] = bad.file;
      const scalar = bad.file === null || typeof bad.file !== 'object';
      expected.push({
        label: `answers.json: ${answer}${Array.isArray(bad.file) ? `[${answer === 'permissions' && bad.reason === 'is given twice' ? 1 : 0}]` : ''}`,
        value: scalar ? JSON.stringify(bad.file) : '',
        reason: (typeof bad.file !== 'string' && FILE_TYPE_REASON[answer]) || bad.reason,
      });
    }
    if (round === 0) {
      file.env = ENV_CASES.map((envCase) => envCase.entry);
      for (const [index, envCase] of ENV_CASES.entries())
        if (envCase.reason) expected.push({ label: `answers.json: env[${index}].${envCase.field}`, value: '', reason: envCase.reason });
    }
    await writeFile(path.join(cwd, 'answers.json'), JSON.stringify(file, null, 2));
    const result = await runCli(['pack-rules', '--answers', 'answers.json'], { cwd });
    expect(result.exitCode, result.stderr).toBe(2);
    for (const { label, value, reason } of expected) {
      const line = problemLine(result.stderr, label, reason);
      expect(line, `${label} ${value}: ${reason}\n${result.stderr}`).toBeDefined();
      expect(line).toContain(value);
    }
    expect(result.stderr).toContain(`The answers have ${expected.length} problems`);
    expect(await readdir(cwd)).toEqual(['answers.json']);
  });

  it('a JSON syntax error gives the line and column', async () => {
    const cwd = await tempFolder();
    await writeFile(path.join(cwd, 'answers.json'), '{\n  "name": "weather",\n  "port": 8080,\n}\n');
    const result = await runCli(['--answers', 'answers.json'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('answers.json: is not valid JSON: line 4, column 1');
    // The answers it could not read are not reported missing: they may be in the file.
    expect(result.stderr).toContain('The answers have 1 problem:');

    await writeFile(path.join(cwd, 'answers.json'), '{"name": "weather", "author": "Ana\n"}');
    const second = await runCli(['--answers', 'answers.json'], { cwd });
    expect(second.stderr).toMatch(/is not valid JSON: line 1, column 3\d/);
    await writeFile(path.join(cwd, 'answers.json'), '');
    expect((await runCli(['--answers', 'answers.json'], { cwd })).stderr).toContain('is not valid JSON: line 1, column 1');
  });

  it('names an unknown key, a wrong type, a file that is not an object and a missing file', async () => {
    const cwd = await tempFolder();
    await writeFile(path.join(cwd, 'answers.json'), JSON.stringify({ name: 'weather', colour: 'blue', port: '8080', permissions: 'files:read', env: {} }));
    const result = await runCli(['--answers', 'answers.json', '--yes'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(problemLine(result.stderr, 'answers.json: colour', 'is not a known answer (known: name, displayName')).toBeDefined();
    expect(problemLine(result.stderr, 'answers.json: port "8080"', 'must be a number, not a string')).toBeDefined();
    expect(problemLine(result.stderr, 'answers.json: permissions "files:read"', 'must be an array, not a string')).toBeDefined();
    expect(problemLine(result.stderr, 'answers.json: env', 'must be an array, not an object')).toBeDefined();

    await writeFile(path.join(cwd, 'list.json'), '["weather"]');
    expect((await runCli(['--answers', 'list.json'], { cwd })).stderr).toContain('list.json: must hold one JSON object');
    const missing = await runCli(['--answers', 'nope.json'], { cwd });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--answers nope.json: does not exist');
  });

  it('lists the problems of the flags and of the answers file together', async () => {
    const cwd = await tempFolder();
    await writeFile(path.join(cwd, 'answers.json'), JSON.stringify({ name: 'weather', port: 80 }));
    const result = await runCli(['--answers', 'answers.json', '--scope', 'khal', '--yes', '--author', 'A'], { cwd });
    expect(result.stderr).toContain('The answers have 2 problems');
    expect(result.stderr).toContain('answers.json: port 80');
    expect(result.stderr).toContain('--scope "khal"');
  });
});

/** Answers each prompt with a bad value first, keeps what its validate said, then answers a good one. */
function probingPrompter(bad: Record<string, string>, good: Record<string, string>, said: Record<string, string | true>): Prompter {
  const pick = (message: string, table: Record<string, string>) => Object.entries(table).find(([prefix]) => message.startsWith(prefix))?.[1];
  return {
    async input({ message, validate, default: fallback }) {
      const badValue = pick(message, bad);
      if (badValue !== undefined) said[message] = validate!(badValue);
      const value = pick(message, good) ?? fallback ?? '';
      expect(validate?.(value) ?? true, `${message}: ${value}`).toBe(true);
      return value;
    },
    async select({ choices }) {
      return choices[0]!.value;
    },
    async confirm({ message }) {
      return pick(message, good) === 'yes';
    },
    async checkbox() {
      return [];
    },
  };
}

describe('prompts: a bad answer is refused with the value and what is accepted', () => {
  const promptFor: Record<string, string> = { name: 'Pack id', displayName: 'Display name', description: 'Description', author: 'Author', version: 'Version', port: 'Service port', scope: 'npm scope', registry: 'OCI registry' };
  const good = { 'Pack id': 'weather', Description: 'Weather', Author: 'Ana', 'Change advanced settings': 'yes', 'Add an env entry': 'no' };

  it.each(Array.from({ length: ROUNDS }, (_, round) => round))('round %i', async (round) => {
    const bad: Record<string, string> = {};
    const expected: Record<string, Case> = {};
    for (const [answer, cases] of Object.entries(CASES)) {
      const value = cases[round]?.flag;
      if (value === undefined || !promptFor[answer]) continue;
      // A prompt reads one line: the terminal cannot send a line break, the other rules hold.
      if (value.includes('\n')) continue;
      bad[promptFor[answer]!] = value;
      expected[promptFor[answer]!] = cases[round]!;
    }
    const said: Record<string, string | true> = {};
    const known: Partial<PackAnswers> = {};
    await askForAnswers(known, {} as Record<AnswerName, AnswerOrigin>, probingPrompter(bad, good, said), {});
    for (const [prompt, bad] of Object.entries(expected)) {
      const message = Object.entries(said).find(([question]) => question.startsWith(prompt))?.[1];
      expect(message, prompt).toMatch(new RegExp(`^${JSON.stringify(bad.flag).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
      expect(message, prompt).toContain(bad.reason);
    }
    expect(Object.keys(said).length).toBe(Object.keys(expected).length);
  });

  it('the env-entry loop refuses every bad key, duplicate and default', async () => {
    const answers = ['yes', 'yes', 'no'];
    const said: string[] = [];
    const scripted: Record<string, string[]> = {
      key: ['lower', 'PORT', 'KHAL_X', 'LIMIT', 'LIMIT', 'LIMIT2'],
      description: ['', 'Seconds', 'Other'],
      default: ['ten', '1e999', '30', 'maybe', 'true'],
    };
    const prompter: Prompter = {
      async input({ message, validate }) {
        const kind = message.startsWith('Env key') ? 'key' : message.startsWith('Description') ? 'description' : 'default';
        while (true) {
          const value = scripted[kind]!.shift()!;
          const verdict = validate!(value);
          if (verdict === true) return value;
          said.push(verdict);
        }
      },
      async select({ message }) {
        return (message.includes('LIMIT2') ? 'boolean' : 'number') as never;
      },
      async confirm({ message }) {
        if (message.startsWith('Is ')) return false;
        return answers.shift() === 'yes';
      },
      async checkbox() {
        return [];
      },
    };
    const entries = await askEnvEntries(prompter);
    expect(entries).toEqual([
      { key: 'LIMIT', description: 'Seconds', type: 'number', required: false, default: '30' },
      { key: 'LIMIT2', description: 'Other', type: 'boolean', required: false, default: 'true' },
    ]);
    expect(said).toEqual([
      expect.stringMatching(/^"lower" must start with an uppercase letter/),
      '"PORT" is reserved: the platform sets PORT',
      expect.stringMatching(/^"KHAL_X" is reserved: keys starting with KHAL_/),
      '"" must not be empty',
      '"ten" must be a finite number, e.g. 30 or 2.5',
      '"1e999" must be a finite number, e.g. 30 or 2.5',
      '"LIMIT" is already an entry: keys must be unique',
      '"maybe" must be true or false',
    ]);
  });
});
