import { execFileSync } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { pausedAt } from '../support/pause.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, tempFolder } from '../support/generate.js';
import { TMUX_MISSING, TMUX_SKIP_REASON, TmuxSession } from '../support/tmux.js';
import { treeSnapshot } from './support.js';
import { mkdirSync, writeFileSync } from 'node:fs';

const PACK = ['--yes', '--author', 'Ana', '--kind', 'full-stack', '--env', 'API_TOKEN:secret#Token', '--env', 'LIMIT:number=30#Limit'];
const ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

function usedFolder(folder: string) {
  mkdirSync(path.join(folder, 'package/src'), { recursive: true });
  writeFileSync(path.join(folder, 'README.md'), '# my notes\n');
  writeFileSync(path.join(folder, 'notes.txt'), 'keep me\n');
  writeFileSync(path.join(folder, 'package/src/index.tsx'), 'export const mine = 1;\n');
}

/** Starts the CLI paused at `phase` (KHAL_PACK_TEST_PAUSE_AT), sends `signal` once it says so. */
async function killAt(phase: string, signal: NodeJS.Signals, args: string[], cwd: string) {
  const child = execa('node', [CLI, ...args], { cwd, reject: false, stdin: 'ignore', env: { ...ENV, KHAL_PACK_TEST_PAUSE_AT: phase } });
  await pausedAt(child, phase);
  child.kill(signal);
  return child;
}

const cases = ['render', 'verify', 'commit'].flatMap((phase) =>
  (['SIGINT', 'SIGTERM'] as const).flatMap((signal) => [
    { phase, signal, target: 'new nested folder' },
    { phase, signal, target: 'used folder with --force' },
  ]),
);

describe('an interrupt at any phase leaves the target as it was and no temporary folder', () => {
  it.each(cases)('$signal at $phase, $target', async ({ phase, signal, target }) => {
    const cwd = await tempFolder();
    const args = target === 'new nested folder' ? ['a/b/pack-weather', ...PACK] : ['pack-weather', ...PACK, '--force'];
    if (target !== 'new nested folder') usedFolder(path.join(cwd, 'pack-weather'));
    const before = treeSnapshot(cwd);
    const result = await killAt(phase, signal, args, cwd);
    expect(result.exitCode, result.stderr).toBe(130);
    expect(result.stderr).toContain('Interrupted: nothing was written.');
    // Same files, same bytes, no staging folder, no half-made parent folders.
    expect(treeSnapshot(cwd)).toEqual(before);
  });

  it('a signal at a random moment leaves either the old target or the whole pack, never a part', async () => {
    const outcomes = { untouched: 0, written: 0 };
    for (const delay of [50, 150, 250, 350, 450, 600]) {
      const cwd = await tempFolder();
      usedFolder(path.join(cwd, 'pack-weather'));
      const before = treeSnapshot(cwd);
      const child = execa('node', [CLI, 'pack-weather', ...PACK, '--force'], { cwd, reject: false, stdin: 'ignore', env: ENV });
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill(delay % 100 === 50 ? 'SIGINT' : 'SIGTERM');
      const result = await child;
      const after = treeSnapshot(cwd);
      expect((await readdir(cwd)).filter((entry) => entry.includes('.khal-pack-'))).toEqual([]);
      if (JSON.stringify(after) === JSON.stringify(before)) outcomes.untouched++;
      else {
        // Written whole: every pack file is there and the user's other files are kept.
        expect(result.stdout, result.stderr).toContain('Created pack-weather/');
        expect(after['pack-weather/notes.txt']).toBe(before['pack-weather/notes.txt']);
        expect(Object.keys(after)).toEqual(expect.arrayContaining(['pack-weather/khal-app.json', 'pack-weather/helm/Chart.yaml', 'pack-weather/service/src/config.ts']));
        outcomes.written++;
      }
    }
    console.log(`random-moment signals: ${outcomes.untouched} left the target untouched, ${outcomes.written} came after the pack was written whole`);
  }, 60_000);
});

let session: TmuxSession | undefined;
afterEach(() => session?.stop());

if (TMUX_MISSING) console.warn(TMUX_SKIP_REASON);

describe.skipIf(TMUX_MISSING)('Ctrl-C at a prompt', () => {
  it('exits 130, restores the terminal and writes nothing', async () => {
    const cwd = await tempFolder();
    await mkdir(path.join(cwd, 'keep'));
    const before = treeSnapshot(cwd);
    // After the CLI exits, the shell prints the terminal's modes: a restored terminal echoes and reads lines.
    session = TmuxSession.start(`node ${CLI}; code=$?; echo "modes: $(stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' ')"; (exit $code)`, { cwd, env: ENV });
    await session.answer('Pack id', 'weather');
    await session.waitFor('Display name');
    session.type('Half typed');
    session.keys('C-c');
    const screen = await session.waitFor(/\[exit \d+\]/);
    expect(screen).toContain('[exit 130]');
    expect(screen).toContain('Interrupted: nothing was written.');
    expect(screen).toMatch(/modes: icanon echo/);
    const cursorVisible = session.display('#{cursor_flag}');
    expect(cursorVisible).toBe('1');
    expect(treeSnapshot(cwd)).toEqual(before);
  }, 30_000);

  it('SIGTERM at a prompt: exits 130 with the cursor shown and the terminal reading lines again', async () => {
    const cwd = await tempFolder();
    session = TmuxSession.start(`node ${CLI} pack-weather --description Weather --author Ana; code=$?; echo "modes: $(stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' ')"; (exit $code)`, { cwd, env: ENV });
    await session.answer('Display name');
    await session.waitFor('Kind of pack'); // a select prompt: raw mode, cursor hidden
    const shell = session.display('#{pane_pid}');
    const node = execFileSync('ps', ['-o', 'pid=', '--ppid', shell], { encoding: 'utf8' }).trim().split(/\s+/)[0]!;
    process.kill(Number(node), 'SIGTERM');
    const screen = await session.waitFor(/\[exit \d+\]/);
    expect(screen).toContain('[exit 130]');
    expect(screen).toContain('Interrupted: nothing was written.');
    expect(screen).toMatch(/modes: icanon echo/);
    expect(session.display('#{cursor_flag}')).toBe('1');
    expect(await readdir(cwd)).toEqual([]);
  }, 30_000);

  it('at the final confirmation too', async () => {
    const cwd = await tempFolder();
    session = TmuxSession.start(`node ${CLI} pack-weather --description Weather --author Ana --kind frontend-only --permission none`, { cwd, env: ENV });
    await session.answer('Display name');
    await session.answer('Change advanced settings', 'n');
    await session.waitFor('Create this pack?');
    session.keys('C-c');
    const screen = await session.waitFor(/\[exit \d+\]/);
    expect(screen).toContain('[exit 130]');
    expect(await readdir(cwd)).toEqual([]);
  }, 30_000);
});
