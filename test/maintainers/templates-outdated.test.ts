import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm run templates:outdated` against a made-up template tree and registry answer
// (test/fixtures/registry/): offline, and whatever versions the real templates pin.
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/registry');
const SCRIPT = path.join(REPO_ROOT, 'scripts/templates-outdated.mjs');

function outdated(...args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const onFixture = (...args: string[]) =>
  outdated('--templates', path.join(FIXTURE, 'templates'), '--answers', path.join(FIXTURE, 'answers.json'), '--held-back', path.join(FIXTURE, 'held-back.json'), ...args);
const byName = (entries: any[], kind: string, name: string) => entries.filter((entry) => entry.kind === kind && entry.name === name);

describe('templates:outdated', () => {
  it('lists every pin of package.json templates, workflows and Dockerfiles, with the newest version and a status', () => {
    const { code, stdout } = onFixture('--json');
    expect(code).toBe(1);
    const { summary, entries } = JSON.parse(stdout);
    const rows = entries.map((entry: any) => [entry.kind, entry.name, entry.pinned, entry.latest, entry.status]);
    expect(rows).toEqual([
      ['npm', 'jsdom', '^26.1.0', '31.0.1', 'major behind'],
      ['npm', 'left-pad', '^1.3.0', '1.3.0', 'current'],
      ['npm', 'nats', '^2.29.3', '2.29.3', 'current'],
      ['npm', 'react', '^19.0.0', '19.3.1', 'current'],
      ['npm', 'shared-config', 'workspace:*', null, 'not checked'],
      ['npm', 'tsup', '~8.5.0', '9.0.0', 'held back'],
      ['npm', 'typescript', '~5.9.2', '7.0.2', 'held back'],
      ['runtime', 'bun', '1.2', '1.4.5', 'current'],
      ['runtime', 'node', '20', 'v24.12.0', 'major behind'],
      ['action', 'actions/checkout', 'v4', 'v6.0.1', 'major behind'],
      ['action', 'actions/setup-node', 'v6', 'v6.1.0', 'current'],
      ['action', 'oven-sh/setup-bun', 'v2', null, 'not checked'],
      ['image', 'oven/bun', '1', '1.4.5-slim', 'current'],
      ['image', 'oven/bun', '1-slim', '1.4.5-slim', 'current'],
    ]);
    expect(summary).toEqual({ pins: 14, current: 7, majorBehind: 3, heldBack: 2, notChecked: 2 });
    expect(byName(entries, 'npm', 'tsup')[0].detail).toBe('its declaration step does not support TypeScript 7');
    expect(byName(entries, 'npm', 'nats')[0].detail).toMatch(/held-back\.json still names it .*drop that entry/);
    expect(byName(entries, 'action', 'oven-sh/setup-bun')[0].detail).toBe('api.github.com is out of reach (ENOTFOUND)');
    expect(byName(entries, 'npm', 'shared-config')[0].detail).toBe('"workspace:*" is not a version range');
  });

  it('prints a table with the reasons, held-back pins as held back, and the counts', () => {
    const { code, stdout } = onFixture();
    expect(code).toBe(1);
    expect(stdout).toMatch(/^npm +jsdom +\^26\.1\.0 +31\.0\.1 +major behind +app\/package\.json\.hbs$/m);
    expect(stdout).toMatch(/^npm +tsup +~8\.5\.0 +9\.0\.0 +held back .*\n +↳ its declaration step does not support TypeScript 7$/m);
    expect(stdout).toMatch(/^action +oven-sh\/setup-bun .*not checked .*\n +↳ api\.github\.com is out of reach \(ENOTFOUND\)$/m);
    expect(stdout).toContain('14 pins: 7 current, 3 a major behind, 2 held back, 2 not checked');
  });

  it('exits 0 when every pin a major behind is held back, with its reason', () => {
    const heldBack = path.join(mkdtempSync(path.join(tmpdir(), 'held-back-')), 'held-back.json');
    const fixtureHeldBack = JSON.parse(readFileSync(path.join(FIXTURE, 'held-back.json'), 'utf8'));
    writeFileSync(heldBack, JSON.stringify({ ...fixtureHeldBack, jsdom: 'needs Node 22', node: 'the pack supports Node 20', 'action:actions/checkout': 'v6 needs a newer runner' }));
    const { code, stdout } = outdated('--templates', path.join(FIXTURE, 'templates'), '--answers', path.join(FIXTURE, 'answers.json'), '--held-back', heldBack, '--json');
    expect(code).toBe(0);
    const { summary, entries } = JSON.parse(stdout);
    expect(summary).toMatchObject({ majorBehind: 0, heldBack: 5 });
    expect(byName(entries, 'action', 'actions/checkout')[0]).toMatchObject({ status: 'held back', detail: 'v6 needs a newer runner' });
  });

  it('refuses a held-back list that is not name → reason, with exit 2', () => {
    const heldBack = path.join(mkdtempSync(path.join(tmpdir(), 'held-back-')), 'held-back.json');
    writeFileSync(heldBack, JSON.stringify(['tsup']));
    const { code, stderr } = outdated('--templates', path.join(FIXTURE, 'templates'), '--answers', path.join(FIXTURE, 'answers.json'), '--held-back', heldBack);
    expect(code).toBe(2);
    expect(stderr).toContain('must be a JSON object of name → reason');
  });

  it("reads the kit's own templates, whatever versions they pin", () => {
    const answers = path.join(mkdtempSync(path.join(tmpdir(), 'answers-')), 'none.json');
    writeFileSync(answers, '{}');
    const { code, stdout } = outdated('--answers', answers, '--json');
    expect(code).toBe(0);
    const { entries } = JSON.parse(stdout);
    const kinds = new Set(entries.map((entry: any) => entry.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['npm', 'action', 'image']));
    expect(byName(entries, 'npm', 'typescript').length).toBeGreaterThan(0);
    expect(byName(entries, 'action', 'actions/checkout').length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.status, `${entry.kind} ${entry.name}`).toBe('not checked');
  });
});
