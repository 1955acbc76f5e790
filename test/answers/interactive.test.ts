import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Prompter } from '../../src/answers/prompter.js';
import { createCommand } from '../../src/commands/create.js';
import { tempFolder } from '../support/generate.js';

type Question = { message: string; default?: unknown; validate?: (value: string) => string | true };

/** Answers every question from `answers` (by the message's start), running each prompt's validation. */
function scriptedPrompter(answers: Record<string, string[] | boolean>, log: string[]): Prompter {
  const pick = (message: string) => Object.entries(answers).find(([prefix]) => message.startsWith(prefix))?.[1];
  return {
    async input(question: Question) {
      const candidates = pick(question.message);
      for (const value of Array.isArray(candidates) ? candidates : [String(question.default ?? '')]) {
        const verdict = question.validate?.(value) ?? true;
        if (verdict === true) return value;
        log.push(`${question.message}: ${verdict}`);
      }
      throw new Error(`no good answer for ${question.message}`);
    },
    select: async ({ choices }) => choices[0]!.value,
    confirm: async ({ message }) => (pick(message) as boolean | undefined) ?? false,
    checkbox: async () => [],
  };
}

const start = process.cwd();
afterEach(() => process.chdir(start));
const out = () => {
  const lines: string[] = [];
  return { lines, info: (text: string) => lines.push(text), error: (text: string) => lines.push(text) };
};

describe('an interactive run checks the target folder as soon as the id is known', () => {
  it('an id whose pack-<id> folder is not empty is asked again, with the reason', async () => {
    const cwd = await tempFolder();
    process.chdir(cwd);
    mkdirSync('pack-weather');
    writeFileSync('pack-weather/notes.txt', 'mine');
    const log: string[] = [];
    const prompter = scriptedPrompter({ 'Pack id': ['weather', 'rain'], Description: ['Rain'], Author: ['Ana'], 'Create this pack': true }, log);
    const result = await createCommand(undefined, { dryRun: true }, { out: out(), prompter });
    expect(log).toEqual([
      expect.stringMatching(/^Pack id .*: "weather" cannot be used: pack-weather is not empty \(it holds 1 entry, e.g. notes.txt\)/),
    ]);
    expect(result.answers.name).toBe('rain');
    expect(log.length).toBe(1);
  });

  it('a target folder given on the command line is refused before the first question', async () => {
    const cwd = await tempFolder();
    process.chdir(cwd);
    mkdirSync('used');
    writeFileSync('used/notes.txt', 'mine');
    const asked: string[] = [];
    const prompter = scriptedPrompter({}, asked);
    const spy: Prompter = { ...prompter, input: async (question) => (asked.push(question.message), prompter.input(question)) };
    await expect(createCommand('used', {}, { out: out(), prompter: spy })).rejects.toThrow('used is not empty');
    expect(asked).toEqual([]);
  });
});

describe('a refusal after the questions prints the replay command, so no answer is lost', () => {
  it('declining the confirmation', async () => {
    const cwd = await tempFolder();
    process.chdir(cwd);
    const prompter = scriptedPrompter({ 'Pack id': ['weather'], Description: ['Rain "for" all'], Author: ['Ana'], 'Create this pack': false }, []);
    const error = await createCommand(undefined, {}, { out: out(), prompter, invocation: 'node kit/create-khal-pack.js' }).catch((caught: Error) => caught);
    expect((error as Error).message).toBe(
      [
        'Cancelled: nothing was written.',
        'To make the same pack without prompts:',
        "  node kit/create-khal-pack.js pack-weather --name weather --display-name Weather --description 'Rain \"for\" all' --author Ana --kind full-stack --permission none --version-number 0.1.0 --port 8080 --scope @khal-os --registry ghcr.io/khal-os",
      ].join('\n'),
    );
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("git's user name, the author's default, is asked for only when no answer gives the author", () => {
  const runs = async (options: Parameters<typeof createCommand>[1], directory = 'pack-git-author') => {
    process.chdir(await tempFolder());
    let asked = 0;
    const gitAuthor = async () => (asked++, 'Git User');
    const result = await createCommand(directory, { dryRun: true, yes: true, ...options }, { out: out(), gitAuthor });
    return { asked, author: result.answers.author };
  };

  it('--author: git is not run', async () => {
    expect(await runs({ author: 'Ana' })).toEqual({ asked: 0, author: 'Ana' });
  });

  it('an answers file with the author: git is not run', async () => {
    const folder = await tempFolder();
    const file = `${folder}/answers.json`;
    writeFileSync(file, JSON.stringify({ author: 'Bo', kind: 'frontend-only' }));
    expect(await runs({ answers: file })).toEqual({ asked: 0, author: 'Bo' });
  });

  it('nothing gives the author: it is git user.name', async () => {
    expect(await runs({})).toEqual({ asked: 1, author: 'Git User' });
  });
});

describe('Enter on every question makes the pack --yes makes', () => {
  /** Takes each question's default, as Enter does; answers only the questions that have none. */
  function enterOnEveryQuestion(typed: Record<string, string>): Prompter {
    return {
      input: async ({ message, default: fallback }) => fallback ?? Object.entries(typed).find(([prefix]) => message.startsWith(prefix))![1],
      select: async ({ choices, default: fallback }) => fallback ?? choices[0]!.value,
      confirm: async ({ message, default: fallback }) => (message.startsWith('Create this pack') ? true : (fallback ?? false)),
      checkbox: async ({ choices }) => choices.filter((choice) => choice.checked).map((choice) => choice.value),
    };
  }

  it('the kind question starts on the kind --yes takes, and every other answer agrees too', async () => {
    const cwd = await tempFolder();
    process.chdir(cwd);
    const gitAuthor = async () => 'Ana Lima';
    const prompted = await createCommand(undefined, { dryRun: true }, {
      out: out(),
      gitAuthor,
      prompter: enterOnEveryQuestion({ 'Pack id': 'weather', Description: 'A Khal OS pack' }),
    });
    const taken = await createCommand(undefined, { dryRun: true, yes: true, name: 'weather' }, { out: out(), gitAuthor });
    expect(prompted.answers.kind).toBe('frontend-only');
    expect(prompted.answers).toEqual(taken.answers);
  });
});
