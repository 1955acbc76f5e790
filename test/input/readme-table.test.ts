import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { type Tokens, marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, tempFolder } from '../support/generate.js';
import { inlineText } from './support.js';

// The README's table of bad input is a copy of what the CLI prints: run every row and compare.
const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const section = readme.split('<!-- section:input -->')[1]!.split('<!-- /section:input -->')[0]!;
const table = marked.lexer(section).find((token): token is Tokens.Table => token.type === 'table')!;
const rows = table.rows.map((row) => ({
  input: inlineText(row[0]!.tokens),
  example: inlineText(row[1]!.tokens),
  exit: Number(inlineText(row[2]!.tokens)),
  message: inlineText(row[3]!.tokens),
}));

/** The folders and files the README's examples name. */
async function exampleFolder(): Promise<string> {
  const cwd = await tempFolder();
  mkdirSync(path.join(cwd, 'used'));
  writeFileSync(path.join(cwd, 'used/notes.txt'), 'mine\n');
  mkdirSync(path.join(cwd, 'real'));
  symlinkSync(path.join(cwd, 'real'), path.join(cwd, 'link'));
  mkdirSync(path.join(cwd, 'linked'));
  mkdirSync(path.join(cwd, 'elsewhere'));
  symlinkSync(path.join(cwd, 'elsewhere'), path.join(cwd, 'linked/helm'));
  writeFileSync(path.join(cwd, 'broken.json'), '{\n  "name": "weather",\n}\n');
  writeFileSync(path.join(cwd, 'odd.json'), '{"name": "weather", "colour": "blue", "port": "8080"}\n');
  writeFileSync(path.join(cwd, 'surrogate.json'), '{"name": "weather", "description": "\\ud800"}\n');
  writeFileSync(path.join(cwd, 'latin1.json'), Buffer.from('{"name": "weather", "description": "Caf\xe9"}\n', 'latin1'));
  writeFileSync(path.join(cwd, 'huge.json'), '{"name": "weather", "port": 1e400}\n');
  mkdirSync(path.join(cwd, 'pack-old'));
  writeFileSync(path.join(cwd, 'pack-old/khal-app.json'), '{}\n');
  return cwd;
}

describe('the README table of bad input matches what the CLI prints', () => {
  it('has a row for every kind of bad input the issue names', () => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const inputs = rows.map((row) => row.input).join('\n');
    for (const kind of ['JSON', 'unknown key', 'wrong type', 'not empty', 'symbolic link', 'line break', 'Ctrl-C', 'Several problems', 'typo', 'unquoted', 'UTF-8', 'surrogate', 'pack inside', 'runtime reads', 'label', 'ConfigMap'])
      expect(inputs).toContain(kind);
  });

  it.each(rows.filter((row) => row.example.startsWith('create-khal-pack ')))('$input', async ({ example, exit, message }) => {
    const cwd = await exampleFolder();
    const command = example.replace(/^create-khal-pack /, `node ${CLI} `);
    const result = await execa('bash', ['-c', command], { cwd, reject: false, stdin: 'ignore', env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    expect(result.exitCode, result.stderr).toBe(exit);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/Nothing was written\.|choose an empty or new folder|give the real folder|so nothing was written/);
  });

  it('the interrupt row', async () => {
    const row = rows.find((candidate) => candidate.example === '(interrupt)')!;
    const cwd = await tempFolder();
    const child = execa('node', [CLI, 'pack-weather', '--yes', '--author', 'Ana'], { cwd, reject: false, env: { KHAL_PACK_TEST_PAUSE_AT: 'render' } });
    await new Promise<void>((resolve) => child.stderr!.on('data', (chunk: Buffer) => chunk.toString().includes('paused at render') && resolve()));
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(row.exit);
    expect(result.stderr).toContain(row.message);
  });
});
