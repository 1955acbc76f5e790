import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { CLI, REPO_ROOT, readJson, readText, tempFolder } from '../support/generate.js';
import { TMUX_MISSING, TMUX_SKIP_REASON, TmuxSession } from '../support/tmux.js';

let session: TmuxSession | undefined;
afterEach(() => session?.stop());

if (TMUX_MISSING) console.warn(TMUX_SKIP_REASON);

describe.skipIf(TMUX_MISSING)('an interactive run in a real terminal', () => {
  it('re-asks a bad id with the reason, loops over env entries, confirms, writes the pack and prints the replay command', async () => {
    const cwd = await tempFolder();
    session = TmuxSession.start(`node ${CLI}`, { cwd, env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });

    await session.answer('Pack id', 'Weather');
    await session.waitFor('must start with a lowercase letter');
    session.keys('C-u');
    await session.answer('Pack id', 'weather');
    await session.answer('Display name'); // take the default shown: "Weather"
    await session.answer('Description', 'Weather for "every" office');
    await session.answer('Author', 'Ana Lima');
    await session.waitFor('Kind of pack');
    session.keys('Up', 'Enter'); // full-stack: the question starts on frontend-only, the kind --yes takes
    await session.answer('Permissions'); // keep the preselected NATS permissions

    await session.answer('Add an env entry', 'y');
    await session.answer('Env key', 'WEATHER_API_KEY');
    await session.answer('Description of WEATHER_API_KEY', 'API key of the provider');
    await session.waitFor('Type of WEATHER_API_KEY');
    session.keys('Down', 'Down', 'Down', 'Enter'); // secret
    await session.answer('Is WEATHER_API_KEY required', 'y');

    await session.answer('Add another env entry', 'y');
    await session.answer('Env key', 'POLL_SECONDS');
    await session.answer('Description of POLL_SECONDS', 'Seconds between readings');
    await session.waitFor('Type of POLL_SECONDS');
    session.keys('Down', 'Enter'); // number
    await session.answer('Is POLL_SECONDS required', 'n');
    await session.answer('Default of POLL_SECONDS', 'soon');
    await session.waitFor('must be a finite number');
    session.keys('C-u');
    await session.answer('Default of POLL_SECONDS', '30');

    await session.answer('Add another env entry', 'n');
    await session.answer('Change advanced settings', 'n');
    await session.waitFor('About to create pack-weather/');
    await session.answer('Create this pack?', 'y');
    const screen = await session.waitFor('[exit 0]');

    expect(screen).toContain('Created pack-weather/');
    expect(screen).toContain('To make the same pack without prompts:');
    expect(screen).toMatch(/--env 'WEATHER_API_KEY:secret:required#API key of the provider'/);
    const manifest = await readJson(path.join(cwd, 'pack-weather'), 'khal-app.json');
    expect(manifest).toMatchObject({
      id: 'weather',
      name: 'Weather',
      description: 'Weather for "every" office',
      author: 'Ana Lima',
      permissions: ['nats:publish', 'nats:subscribe'],
      env: [
        { key: 'WEATHER_API_KEY', type: 'secret', required: true, visibility: 'vault' },
        { key: 'POLL_SECONDS', type: 'number', required: false, default: '30', visibility: 'config' },
      ],
    });
    expect(existsSync(path.join(cwd, 'pack-weather/helm/Chart.yaml'))).toBe(true);

    // The printed command replays the run exactly, without a terminal.
    // Printed as the kit was started (node and the script), not as `npx create-khal-pack`.
    const command = /To make the same pack without prompts:\n\s*(node .*)/.exec(screen)![1]!;
    expect(command.startsWith(`node ${CLI} pack-weather `)).toBe(true);
    const replay = await execa('sh', ['-c', command.replace(`node ${CLI} pack-weather`, `node ${CLI} replayed`)], { cwd, reject: false });
    expect(replay.exitCode, replay.stderr).toBe(0);
    for (const file of ['khal-app.json', '.khal-pack.json', 'README.md'])
      expect(await readText(path.join(cwd, 'replayed'), file)).toBe(await readText(path.join(cwd, 'pack-weather'), file));
  }, 60_000);
});

describe.skipIf(TMUX_MISSING)('npm run plop -- pack in a real terminal: asked as create-khal-pack asks', () => {
  const PLOP = `${path.join(REPO_ROOT, 'node_modules/.bin/plop')} --plopfile ${path.join(REPO_ROOT, 'generators/plopfile.js')}`;

  it('refuses a used folder as soon as the id is typed, shows the summary, confirms, writes and prints the replay command', async () => {
    const cwd = await tempFolder();
    await mkdir(path.join(cwd, 'pack-weather'));
    await writeFile(path.join(cwd, 'pack-weather/notes.txt'), 'mine');
    session = TmuxSession.start(`${PLOP} --dest ${cwd} pack`, { cwd, env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    await session.answer('Pack id', 'weather');
    await session.waitFor('"weather" cannot be used: ');
    session.keys('C-u');
    await session.answer('Pack id', 'rain');
    await session.answer('Display name');
    await session.answer('Description', 'Rain gauge');
    await session.answer('Author', 'Ana');
    await session.answer('Kind of pack');
    await session.answer('Permissions');
    await session.answer('Change advanced settings');
    await session.waitFor(`About to create pack-rain/ in ${cwd}:`);
    await session.answer('Create this pack?', 'y');
    const screen = await session.waitFor('[exit 0]');
    expect(screen).toMatch(/khal-write-pack pack-rain: \d+ files/);
    expect(screen).toContain('npx create-khal-pack pack-rain --name rain --display-name Rain --description \'Rain gauge\' --author Ana --kind frontend-only');
    expect(readdirSync(path.join(cwd, 'pack-weather'))).toEqual(['notes.txt']);
    expect(await readJson(path.join(cwd, 'pack-rain'), 'khal-app.json')).toMatchObject({ id: 'rain', description: 'Rain gauge' });
  });

  it('declining the confirmation writes nothing and fails', async () => {
    const cwd = await tempFolder();
    session = TmuxSession.start(`${PLOP} --dest ${cwd} pack`, { cwd, env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    for (const [question, answer] of [['Pack id', 'rain'], ['Display name', ''], ['Description', 'Rain'], ['Author', 'Ana'], ['Kind of pack', ''], ['Permissions', ''], ['Change advanced settings', '']])
      await session.answer(question!, answer);
    await session.answer('Create this pack?', 'n');
    const screen = await session.waitFor(/\[exit \d+\]/);
    expect(screen).toContain('Cancelled: nothing was written.');
    expect(screen).toContain('[exit 1]');
    expect(readdirSync(cwd)).toEqual([]);
  });
});
