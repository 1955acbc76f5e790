import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACK_NODE_SOURCES, packNodeNote, runsPackTools } from '../../src/plan/pack-node.js';
import { PATHS } from '../../src/util/paths.js';
import { runCli } from '../input/support.js';
import { tempFolder } from '../support/generate.js';

describe('the Node a generated pack needs for its test and build', () => {
  it.each([
    ['20.20.2', false],
    ['22.12.0', false],
    ['22.22.1', false],
    ['22.22.2', true],
    ['23.11.0', false],
    ['24.14.9', false],
    ['24.15.0', true],
    ['24.22.3', true],
    ['25.9.0', false],
    ['26.0.0', true],
    ['27.1.0', true],
  ])('Node %s: %s', (version, runs) => {
    expect(runsPackTools(version)).toBe(runs);
    expect(packNodeNote(version) === undefined).toBe(runs);
  });

  it('is read from the versions the template pins: a new pin fails here until the range is read again', () => {
    const template = readFileSync(path.join(PATHS.root, 'templates/common/package/package.json.hbs'), 'utf8');
    for (const [tool, major] of Object.entries(PACK_NODE_SOURCES)) {
      const pinned = new RegExp(`"${tool}": "[~^]?(\\d+\\.\\d+)`).exec(template)?.[1];
      expect(pinned, tool).toBeDefined();
      expect(pinned!.startsWith('0.') ? pinned : pinned!.split('.')[0], tool).toBe(major);
    }
  });

  it('create says so in its next steps on a Node that cannot run them, and only then', async () => {
    const cwd = await tempFolder();
    const result = await runCli(['pack-weather', '--yes', '--author', 'Ana'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const note = `# This is Node ${process.versions.node}: the pack's test and build tools (jsdom, tsdown, vitest) need Node ^22.22.2 || ^24.15.0 || >=26.`;
    expect(result.stdout.includes(note)).toBe(!runsPackTools(process.versions.node));
  });
});
