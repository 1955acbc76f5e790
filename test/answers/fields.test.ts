import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { equivalentCommand } from '../../src/answers/equivalent-command.js';
import { ANSWER_NAMES, FIELDS, FLAG_FOR } from '../../src/answers/fields.js';
import { answersFromFlags } from '../../src/answers/flags.js';
import { type PackAnswers, answerFields, packAnswersSchema } from '../../src/answers/schema.js';
import { answersSummary } from '../../src/answers/summary.js';
import { CLI } from '../support/generate.js';

const answers: PackAnswers = {
  name: 'weather',
  displayName: 'Weather',
  description: 'Weather for every office',
  author: 'Ana Lima',
  kind: 'full-stack',
  permissions: ['nats:publish'],
  env: [{ key: 'POLL_SECONDS', description: 'Seconds between readings', type: 'number', required: false, default: '30' }],
  version: '1.2.3',
  port: 9000,
  scope: '@acme',
  registry: 'ghcr.io/acme',
};

describe('one declaration per answer: everything else is read from the table', () => {
  it('the answers-file schema has exactly the table\'s answers', () => {
    expect(Object.keys(answerFields)).toEqual(ANSWER_NAMES);
    expect(Object.keys(packAnswersSchema.shape)).toEqual(ANSWER_NAMES);
    expect(FLAG_FOR).toEqual(Object.fromEntries(ANSWER_NAMES.map((name) => [name, FIELDS[name].flag])));
  });

  it('--help lists every answer with its flag, placeholder and help text', async () => {
    const { stdout } = await execa('node', [CLI, '--help']);
    const help = stdout.replace(/\s+/g, ' ');
    for (const name of ANSWER_NAMES) {
      const field = FIELDS[name];
      expect(help, name).toContain(`${field.flag} ${field.placeholder} ${field.help.replace(/\s+/g, ' ')}`);
    }
  });

  it('the replay command says every answer through its flag, and the flags read it back', () => {
    const command = equivalentCommand(answers, 'pack-weather')!;
    for (const name of ANSWER_NAMES) expect(command, name).toContain(` ${FIELDS[name].flag} `);
    // Split the way a shell would for these plain values (quoted words kept together).
    const words = [...command.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2]!).slice(3);
    const flags: Record<string, string[]> = {};
    for (let index = 0; index < words.length; index += 2) {
      const attribute = words[index]!.slice(2).replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
      (flags[attribute] ??= []).push(words[index + 1]!);
    }
    const single = Object.fromEntries(Object.entries(flags).map(([key, values]) => [key, ['permission', 'env'].includes(key) ? values : values[0]]));
    expect(answersFromFlags(single)).toEqual({ answers, problems: [] });
  });

  it('the summary has one line per answer, with its label and where it came from', () => {
    const text = answersSummary(answers, 'About to create pack-weather/:', { origins: { author: 'git', port: 'flag' } });
    for (const name of ANSWER_NAMES) expect(text).toContain(`  ${FIELDS[name].summary.label.padEnd(14)}`);
    expect(text).toContain('author        Ana Lima  (git config user.name)');
    expect(text).toContain('port          9000  (--port)');
    const frontend = answersSummary({ ...answers, kind: 'frontend-only', env: [] }, 'x');
    expect(frontend).not.toContain('registry');
    expect(frontend).not.toContain('port');
  });
});
