import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { equivalentCommand } from '../../src/answers/equivalent-command.js';
import type { PackAnswers } from '../../src/answers/schema.js';
import { invocationOf } from '../../src/bin/run.js';
import { shellQuote } from '../../src/util/shell.js';
import { TRICKY_TEXTS } from '../input/support.js';
import { CLI, readJson, tempFolder } from '../support/generate.js';

/** Texts that read as flags or shell syntax when printed carelessly. */
const FLAG_LIKE_TEXTS = ['--x', '-y', '--yes', '--name=evil', '-', '--', "it's -- 'quoted'", '$(touch pwned)', '"; rm -rf ~; "'];

function hostileAnswers(text: string, index: number): PackAnswers {
  return {
    name: `hostile-${index}`,
    displayName: text,
    description: text,
    author: text,
    kind: 'full-stack',
    permissions: ['nats:publish'],
    env: [
      { key: 'API_TOKEN', description: text, type: 'secret', required: true },
      // A flag cannot hold a default with "#" (the description starts there); the replay falls back to --answers then.
      { key: 'GREETING', description: text, type: 'string', required: false, default: text.replaceAll('#', '').trim() || 'x' },
    ],
    version: '1.2.3-beta.1',
    port: 8080,
    scope: '@khal-os',
    registry: 'ghcr.io/khal-os',
  };
}

describe('the printed replay command makes the same pack, for every hostile text', () => {
  it.each([...TRICKY_TEXTS, ...FLAG_LIKE_TEXTS].map((text, index) => ({ text, index })))('$text', async ({ text, index }) => {
    const answers = hostileAnswers(text, index);
    const cwd = await tempFolder();
    const folder = index % 2 ? `-pack-${index}` : `pack ${index}`;
    const command = equivalentCommand(answers, folder, `node ${shellQuote(CLI)}`)!;
    const result = await execa('sh', ['-c', command], { cwd, reject: false, stdin: 'ignore', env: { GIT_CONFIG_GLOBAL: '/dev/null' } });
    expect(result.exitCode, `${command}\n${result.stderr}`).toBe(0);
    const { $generator: _generator, ...recorded } = await readJson(`${cwd}/${folder}`, '.khal-pack.json');
    expect(recorded).toEqual(answers);
  });
});

describe('the replay command starts the kit the way the user did', () => {
  const cwd = '/home/ana/work';
  it('under npx (or npm init), as npx', () => {
    expect(invocationOf('create-khal-pack', ['node', '/home/ana/.npm/_npx/1/node_modules/.bin/create-khal-pack'], { npm_command: 'exec' }, cwd)).toBe('npx create-khal-pack');
  });
  it('a script started by hand under an npx-run shell is still node and the script', () => {
    expect(invocationOf('create-khal-pack', ['node', '/home/ana/work/dist/cli/create-khal-pack.js'], { npm_command: 'exec' }, cwd)).toBe('node dist/cli/create-khal-pack.js');
  });
  it('from PATH (npm link, npm i -g), by its bare name', () => {
    expect(invocationOf('create-khal-pack', ['node', '/usr/local/bin/create-khal-pack'], { PATH: '/usr/bin:/usr/local/bin' }, cwd)).toBe('create-khal-pack');
  });
  it('as node and the script, relative to the current folder when inside it', () => {
    expect(invocationOf('create-khal-pack', ['node', '/home/ana/work/kit/dist/cli/create-khal-pack.js'], { PATH: '/usr/bin' }, cwd)).toBe('node kit/dist/cli/create-khal-pack.js');
    expect(invocationOf('create-khal-pack', ['node', '/opt/kit dir/dist/cli/create-khal-pack.js'], { PATH: '/usr/bin' }, cwd)).toBe("node '/opt/kit dir/dist/cli/create-khal-pack.js'");
  });
});
