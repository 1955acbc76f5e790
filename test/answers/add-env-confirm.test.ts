import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompter } from '../../src/answers/prompter.js';
import { addEnvCommand } from '../../src/commands/add-env.js';
import { scenarioCopy } from '../commands/support.js';

const packs = new Map<string, string>();

function prompter(confirmAdd: boolean, log: string[]): Prompter {
  return {
    input: async ({ message }) => (log.push(message), message.startsWith('Description') ? 'Zone of the provider' : ''),
    select: async () => 'string' as never,
    confirm: async ({ message }) => (log.push(message), message.startsWith('Add ZONE_NAME to the pack') ? confirmAdd : false),
    checkbox: async () => [],
  };
}

describe('khal-pack add env on a terminal: a summary, a confirmation, then the equivalent command', () => {
  it('shows the entry, asks, adds it, and prints the command that adds it without prompts', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    const log: string[] = [];
    const lines: string[] = [];
    const result = await addEnvCommand('ZONE_NAME', { dir: folder }, { out: { info: (text) => lines.push(text), error: () => undefined }, prompter: prompter(true, log) });
    expect(result.written).toBe(true);
    expect(log).toContain('Add ZONE_NAME to the pack?');
    // What it means for customers, then the entry, then the question.
    expect(lines[0]).toContain('- `ZONE_NAME` added as optional');
    expect(lines[1]).toMatch(/^\nAbout to add to [a-z-]+:\n {2}ZONE_NAME \(string, optional\): Zone of the provider\n$/);
    expect(lines.at(-1)).toBe(`\nTo add the same entry without prompts:\n  khal-pack add env ZONE_NAME --type string --description 'Zone of the provider' --optional --dir ${folder}\n`);
  });

  it('the command is written as khal-pack was started (node and the script, when it is not on PATH)', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    const lines: string[] = [];
    const out = { info: (text: string) => lines.push(text), error: () => undefined };
    await addEnvCommand('ZONE_NAME', { dir: folder }, { out, prompter: prompter(true, []), invocation: 'node dist/cli/khal-pack.js' });
    expect(lines.at(-1)).toBe(`\nTo add the same entry without prompts:\n  node dist/cli/khal-pack.js add env ZONE_NAME --type string --description 'Zone of the provider' --optional --dir ${folder}\n`);
    const declined = await addEnvCommand('OTHER_NAME', { dir: folder }, { out, prompter: prompter(false, []), invocation: 'npx khal-pack' }).catch((caught: Error) => caught);
    expect((declined as Error).message).toContain('To add it later without prompts:\n  npx khal-pack add env OTHER_NAME');
  });

  it('declined: nothing changed, and the command to add it later', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    const before = await readFile(path.join(folder, 'khal-app.json'), 'utf8');
    const error = await addEnvCommand('ZONE_NAME', { dir: folder }, { out: { info: () => undefined, error: () => undefined }, prompter: prompter(false, []) }).catch((caught: Error) => caught);
    expect((error as Error).message).toBe(
      "Cancelled: nothing was changed.\nTo add it later without prompts:\n  khal-pack add env ZONE_NAME --type string --description 'Zone of the provider' --optional",
    );
    expect(await readFile(path.join(folder, 'khal-app.json'), 'utf8')).toBe(before);
  });

  it('a complete command line on a terminal asks nothing and confirms nothing', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    const log: string[] = [];
    const result = await addEnvCommand('ZONE_NAME', { dir: folder, type: 'string', description: 'Zone', required: true }, { out: { info: () => undefined, error: () => undefined }, prompter: prompter(true, log) });
    expect(result.written).toBe(true);
    expect(log).toEqual([]);
  });
});
