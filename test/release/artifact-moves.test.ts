import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { khalPack } from '../commands/support.js';
import { artifactMoves, installArtifact } from '../../src/release/artifact-moves.js';
import { commitAll, release, releasedPack, runCiKitSteps } from './support.js';

// Moving where customers install the pack from (the chart's OCI URL, a frontend-only pack's npm
// package) is breaking for every customer: their upgrade flow looks where they installed from.

const NEW_CHART = 'oci://registry.example.com/acme/charts/pack-weather-station';
const OLD_CHART = 'oci://ghcr.io/khal-os/charts/pack-weather-station';

describe('the install artifact moved since the last release', () => {
  it('set --registry says so first; release refuses a minor step, writes the move into the notes of a major one; verify and handoff read it', async () => {
    const { folder } = await releasedPack();
    const set = await khalPack(['set', '--registry', 'registry.example.com/acme', '--dir', folder, '--yes']);
    expect(set.exitCode, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/^This change moves where customers install the pack from:\n  - Helm chart \(OCI\): `oci:\/\/ghcr\.io\/khal-os\/charts\/pack-weather-station` → `oci:\/\/registry\.example\.com/);
    expect(set.stdout).toContain('release it as a major version');
    const json = await khalPack(['set', '--registry', 'registry.example.com/other', '--dir', folder, '--dry-run', '--json']);
    expect(JSON.parse(json.stdout).artifactMoves).toMatchObject([{ from: { kind: 'helm-chart', location: NEW_CHART }, to: { kind: 'helm-chart', location: 'oci://registry.example.com/other/charts/pack-weather-station' } }]);
    await commitAll(folder, 'Move to our registry');

    // The pack's CI, before the release: the move is not documented yet.
    const verify = await runCiKitSteps(folder);
    expect(verify.exitCode).toBe(1);
    expect(verify.stderr).toContain(`breaking change(s) since v0.1.0 that CHANGELOG.md does not document:\n  - Helm chart (OCI): \`${OLD_CHART}\` → \`${NEW_CHART}\``);

    const minor = await release(folder, 'minor');
    expect(minor.exitCode).toBe(1);
    expect(minor.stderr).toContain('Refused: the install artifact moved since v0.1.0, and 0.1.0 -> 0.2.0 is a minor release (nothing was changed):');
    const major = await release(folder, 'major', '--json');
    expect(major.exitCode, major.stderr).toBe(0);
    const report = JSON.parse(major.stdout);
    expect(report.breaking).toBe(true);
    expect(report.artifactMoves).toHaveLength(1);
    const changelog = await readFile(path.join(folder, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('## 1.0.0 - 2025-03-01 (breaking)\n\n**The install artifact moved:**');
    expect(changelog).toContain(`### Breaking: the install artifact moved\n\n- Helm chart (OCI): \`${OLD_CHART}\` → \`${NEW_CHART}\`\n  - Admin action: Install the pack from \`${NEW_CHART}\` to upgrade`);

    expect((await runCiKitSteps(folder)).exitCode).toBe(0);
    const handoff = await khalPack(['handoff', folder]);
    expect(handoff.stdout).toMatch(/## Upgrade notes for v1\.0\.0 \(from CHANGELOG\.md\)[\s\S]*### Breaking: the install artifact moved/);
  });

  it('a change that keeps the artifact where it was says nothing of it', async () => {
    const { folder } = await releasedPack();
    const set = await khalPack(['set', '--display-name', 'Weather Board', '--dir', folder, '--yes', '--json']);
    expect(JSON.parse(set.stdout)).not.toHaveProperty('artifactMoves');
    await commitAll(folder, 'Rename');
    const minor = await release(folder, 'minor', '--json');
    expect(minor.exitCode, minor.stderr).toBe(0);
    expect(JSON.parse(minor.stdout)).toMatchObject({ breaking: false, artifactMoves: [] });
  });
});

describe('artifactMoves', () => {
  const chart = { backend: { helmChart: OLD_CHART }, frontend: { package: '@khal-os/pack-weather-station' } };
  it('the chart of a full-stack pack is its artifact; a frontend-only pack its package; a kind changed moves it', () => {
    expect(installArtifact(chart)).toEqual({ kind: 'helm-chart', location: OLD_CHART });
    expect(installArtifact({ frontend: { package: '@acme/pack-x' } })).toEqual({ kind: 'npm-package', location: '@acme/pack-x' });
    expect(installArtifact({})).toBeUndefined();
    const moved = artifactMoves(installArtifact({ frontend: { package: '@acme/pack-x' } }), installArtifact(chart));
    expect(moved.map((move) => move.summary)).toEqual([`npm package \`@acme/pack-x\` → Helm chart (OCI) \`${OLD_CHART}\``]);
    // The npm package is still published (a full-stack pack's frontend): it is not said to get no new versions.
    expect(moved[0]!.action).toBe(`Install the pack from the chart \`${OLD_CHART}\` to upgrade: this version has a service, which ships only in the chart; an install of the npm package \`@acme/pack-x\` has no service.`);
    expect(artifactMoves(installArtifact(chart), installArtifact({ ...chart, frontend: { package: '@acme/pack-weather-station' } }))).toEqual([]);
  });
});
