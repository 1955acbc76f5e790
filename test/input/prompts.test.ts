import { input } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import type { Prompter } from '../../src/answers/prompter.js';
import { askForAnswers } from '../../src/answers/prompts.js';
import type { AnswerOrigin } from '../../src/answers/resolve.js';
import type { AnswerName } from '../../src/answers/schema.js';

type InputQuestion = Parameters<Prompter['input']>[0];

/** The text questions exactly as askForAnswers puts them to the terminal prompter. */
async function textQuestions(): Promise<InputQuestion[]> {
  const questions: InputQuestion[] = [];
  const values: Record<string, string> = { 'Pack id': 'weather', Description: 'Weather', Author: 'Ana' };
  const recorder: Prompter = {
    async input(question) {
      questions.push(question);
      return Object.entries(values).find(([prefix]) => question.message.startsWith(prefix))?.[1] ?? question.default ?? '';
    },
    select: async ({ choices }) => choices.find((choice) => choice.value === 'full-stack')!.value,
    confirm: async ({ message }) => message.startsWith('Change advanced'),
    checkbox: async () => [],
  };
  await askForAnswers({}, {} as Record<AnswerName, AnswerOrigin>, recorder, {});
  return questions;
}

const questions = await textQuestions();
const question = (prefix: string) => questions.find((q) => q.message.startsWith(prefix))!;

describe('a prompt shows why an answer is refused and asks again (inquirer, rendered)', () => {
  it.each([
    ['Pack id', 'Weather', 'weather', '"Weather" must start with a lowercase letter'],
    ['Pack id', 'ab-', 'ab', '"ab-" must not end with "-"'],
    ['Display name', ' Weather', 'Weather', '" Weather" must not start or end with spaces'],
    ['Description', 'x'.repeat(201), 'Short', 'must be at most 200 characters (it has 201)'],
    ['Author', '', 'Ana', '"" must not be empty'],
    ['Version', '1.0', '1.0.0', '"1.0" must be a semantic version such as 0.1.0'],
    ['Service port', '80', '8080', '"80" must be a whole number from 1024 to 65535'],
    ['Service port', 'http', '8080', '"http" must be a whole number from 1024 to 65535'],
    ['npm scope', 'khal', '@khal', '"khal" must be an npm scope'],
    ['OCI registry', 'https://ghcr.io/x', 'ghcr.io/x', '"https://ghcr.io/x" must be host/path without a scheme'],
  ])('%s: %j is refused, then %j is taken', async (prefix, bad, good, reason) => {
    const { validate, message } = question(prefix);
    const { answer, events, getScreen } = await render(input, { message, validate, default: undefined });
    events.type(bad);
    events.keypress('enter');
    await expect.poll(() => getScreen()).toContain(reason);
    expect(getScreen()).toContain(message);
    // Still asking: clear the line and give a good answer.
    for (let i = 0; i < [...bad].length; i++) events.keypress('backspace');
    // (A terminal line cannot hold a line break or a control character: those rules are tested through flags and files.)
    events.type(good);
    events.keypress('enter');
    await expect(answer).resolves.toBe(good);
  });
});

describe('the advanced settings a pack of the chosen kind has no use for are not offered', () => {
  async function run(kind: 'frontend-only' | 'full-stack') {
    const asked: string[] = [];
    const values: Record<string, string> = { 'Pack id': 'weather', Description: 'Weather', Author: 'Ana' };
    const known: Record<string, unknown> = {};
    const prompter: Prompter = {
      async input(question) {
        asked.push(question.message);
        return Object.entries(values).find(([prefix]) => question.message.startsWith(prefix))?.[1] ?? question.default ?? '';
      },
      select: async ({ choices }) => choices.find((choice) => choice.value === kind)!.value,
      confirm: async ({ message }) => (asked.push(message), message.startsWith('Change advanced')),
      checkbox: async () => [],
    };
    await askForAnswers(known, {} as Record<AnswerName, AnswerOrigin>, prompter, {});
    return { asked, known };
  }

  it('frontend-only: neither the service port nor the registry is shown or asked, and both keep their defaults', async () => {
    const { asked, known } = await run('frontend-only');
    const offer = asked.find((message) => message.startsWith('Change advanced'))!;
    expect(offer).not.toMatch(/port|registry/);
    expect(offer).toContain('npm scope');
    expect(asked.filter((message) => /Service port|OCI registry/.test(message))).toEqual([]);
    expect(known).toMatchObject({ kind: 'frontend-only', port: 8080, registry: 'ghcr.io/khal-os' });
  });

  it('full-stack: both are shown and asked', async () => {
    const { asked } = await run('full-stack');
    expect(asked.find((message) => message.startsWith('Change advanced'))).toMatch(/port 8080.*registry ghcr.io\/khal-os/);
    expect(asked.filter((message) => /Service port|OCI registry/.test(message))).toHaveLength(2);
  });
});
