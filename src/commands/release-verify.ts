import path from 'node:path';
import { type EnvChange, diffEnv } from '../checks/env-changes.js';
import { locatePackFolder, readManifestFile, readOptionalText } from '../checks/pack-reader.js';
import { type ReleasedEnv, newestReleaseManifest, sinceManifest } from '../release/baseline.js';
import { type ArtifactMove, artifactMoves, describeMove, installArtifact } from '../release/artifact-moves.js';
import { CHANGELOG_FILE, sectionOf, undocumentedBreaking, undocumentedMoves } from '../release/changelog.js';
import { compareVersions, parseVersion } from '../release/version.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';
import { envOf } from './env-diff.js';
import { refuseBumpAsFolder } from '../release/release-plan.js';

export interface VerifyOptions {
  since?: string;
  json?: boolean;
}

/**
 * `khal-pack release --verify [dir]`, the pack's CI step: every breaking env[] change since the
 * last release tag must be in the CHANGELOG.md section of the pack's (new) version. Exit 1 when one is not.
 */
export async function verifyReleaseCommand(directory: string | undefined, options: VerifyOptions, out: Output): Promise<number> {
  if (directory !== undefined)
    refuseBumpAsFolder(directory, `release --verify takes no bump (it checks the pack's version as it is, against the last release tag): got ${JSON.stringify(directory)}; give only the pack folder, or nothing`);
  const location = await locatePackFolder(directory, 'release --verify');
  const manifest = await readManifestFile(location.manifestPath);
  const version = (manifest as { version?: unknown }).version;
  if (typeof version !== 'string' || parseVersion(version) === undefined)
    throw new ExitError(EXIT.failed, `khal-app.json version is ${JSON.stringify(version)}, not a semantic version such as 1.2.0: fix it (khal-pack check), then verify again`);
  const baseline = await lastRelease(location.folder, options.since);
  if (baseline === undefined) {
    report(out, options, { comparedWith: null, version, changes: [], undocumented: [], artifactMoves: [], undocumentedMoves: [] }, 'No release tag (v<semver>) in the history of HEAD: nothing to compare the env contract with, so nothing to document yet.');
    return EXIT.ok;
  }
  const changes = diffEnv(baseline.env, envOf(manifest, 'khal-app.json'));
  const bumped = baseline.version === undefined || parseVersion(baseline.version) === undefined || compareVersions(version, baseline.version) > 0;
  const section = bumped ? sectionOf((await readOptionalText(path.join(location.folder, CHANGELOG_FILE))) ?? '', version) : undefined;
  const undocumented = undocumentedBreaking(section, changes);
  const moves = artifactMoves(baseline.artifact, installArtifact(manifest));
  const movesLeft = undocumentedMoves(section, moves);
  const result = { comparedWith: baseline.label, version, changes, undocumented, artifactMoves: moves, undocumentedMoves: movesLeft };
  if (undocumented.length === 0 && movesLeft.length === 0) {
    const breaking = changes.filter((change) => change.level === 'breaking').length + moves.length;
    report(out, options, result, breaking === 0 ? `No breaking env[] change since ${baseline.label}.` : `Every breaking change since ${baseline.label} (${breaking}) is in the ${CHANGELOG_FILE} section of ${version}.`);
    return EXIT.ok;
  }
  const why = !bumped
    ? `The version is still ${version}, the version of ${baseline.label}: release it (khal-pack release major) so that ${CHANGELOG_FILE} gets a section that documents them.`
    : section === undefined
      ? `${CHANGELOG_FILE} has no section for ${version}: khal-pack release writes it (or add "## ${version} - <date>" with the changes under a "Breaking" heading).`
      : `The ${CHANGELOG_FILE} section of ${version} does not name them under a "Breaking" heading: add them there (${movesLeft.length > 0 ? 'a moved artifact by its new location in backticks; ' : ''}khal-pack env diff --from ${baseline.label} prints the env[] text).`;
  const count = undocumented.length + movesLeft.length;
  const message = [
    `${count} breaking ${movesLeft.length > 0 ? 'change(s)' : 'env[] change(s)'} since ${baseline.label} that ${CHANGELOG_FILE} does not document:`,
    ...movesLeft.map(describeMove),
    ...undocumented.map((change) => `  - ${change.summary}${change.action ? `\n    Admin action: ${change.action}` : ''}`),
    why,
  ].join('\n');
  if (options.json) out.info(JSON.stringify({ ok: false, ...result }, null, 2));
  out.error(message);
  return EXIT.failed;
}

/** `--since` when given, else the newest release tag in the history of HEAD. */
async function lastRelease(folder: string, since: string | undefined): Promise<ReleasedEnv | undefined> {
  if (since !== undefined) return sinceManifest(folder, since);
  return newestReleaseManifest(folder);
}

interface VerifyResult {
  comparedWith: string | null;
  version: string;
  changes: EnvChange[];
  undocumented: EnvChange[];
  artifactMoves: ArtifactMove[];
  undocumentedMoves: ArtifactMove[];
}

function report(out: Output, options: VerifyOptions, result: VerifyResult, text: string): void {
  out.info(options.json ? JSON.stringify({ ok: true, ...result }, null, 2) : text);
}
