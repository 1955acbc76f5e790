import { existsSync } from 'node:fs';
import { type EnvChange, diffEnv } from '../checks/env-changes.js';
import type { KhalAppManifest } from '../manifest/manifest-schema.js';
import { envOf } from '../commands/env-diff.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import { type ArtifactMove, artifactMoves, installArtifact } from './artifact-moves.js';
import type { ReleasedEnv } from './baseline.js';
import { CHANGELOG_FILE, sectionVersions, withReleaseSection } from './changelog.js';
import { BUMP_KINDS, type BumpKind, bumpVersion, compareVersions, parseVersion, stepKind } from './version.js';
import { releasedText, versionFiles } from './version-files.js';
import { quoted } from '../util/quoted.js';
import { checkVersion, closestChoice } from '../answers/rules.js';

// What `khal-pack release` changes, planned in memory from the pack's files as they are.

export interface ReleaseRequest {
  manifest: KhalAppManifest;
  /** patch, minor, major, or the version itself. */
  bump: string;
  /** The last release, or undefined when there is nothing to compare with. */
  baseline: ReleasedEnv | undefined;
  /** YYYY-MM-DD (UTC). */
  date: string;
}

export interface ReleasePlan {
  from: string;
  version: string;
  step: BumpKind;
  changes: EnvChange[];
  breaking: EnvChange[];
  /** The install artifact's move since the baseline: breaking, as a breaking env change is. */
  moves: ArtifactMove[];
  /** The new CHANGELOG.md section. */
  section: string;
  /** Where the notes under CHANGELOG.md's `## Unreleased` moved into the section: their heading, as the file writes it. */
  notesHeading?: string;
  /** The new text of each file that changes. */
  updates: Map<string, string>;
}

const BUMP_USAGE = 'release takes patch, minor, major or a version such as 1.4.0';
const isBumpKind = (bump: string): bump is BumpKind => (BUMP_KINDS as readonly string[]).includes(bump);
/** A version given as the bump, `v` or not. */
const versionOfBump = (bump: string) => bump.replace(/^v(?=\d)/, '');

/** Why a bump argument is none, with what would be right; undefined for a bump kind or a version a pack may have. */
export function bumpProblem(bump: string): string | undefined {
  if (isBumpKind(bump)) return undefined;
  const version = versionOfBump(bump);
  if (parseVersion(version) !== undefined) return undefined;
  if (/^\d/.test(version)) return `${BUMP_USAGE}; got ${quoted(bump)}, which ${checkVersion(version)}`;
  const meant = closestChoice(BUMP_KINDS, bump);
  return `${BUMP_USAGE}; got ${quoted(bump)}${meant ? ` (did you mean ${meant}?)` : ''}`;
}

/** A bump (or version) given where the pack folder goes, and no folder of that name: bad usage, said as `why`. */
export function refuseBumpAsFolder(folder: string, why: string): void {
  if (!existsSync(folder) && bumpProblem(folder) === undefined) throw new ExitError(EXIT.usage, why);
}

/** The version a bump argument makes of `current`; a usage error names what would be right. */
export function nextVersion(current: string, bump: string): string {
  const problem = bumpProblem(bump);
  if (problem !== undefined) throw new ExitError(EXIT.usage, problem);
  if (isBumpKind(bump)) return bumpVersion(current, bump);
  const version = versionOfBump(bump);
  if (compareVersions(version, current) <= 0)
    throw new ExitError(EXIT.usage, `${version} is not later than the pack's version ${current}: give a later version, or patch, minor or major`);
  return version;
}

/**
 * Plans the release (`read` gives a file's current text, undefined when it is not a regular
 * file of the pack). Throws, naming the file, when a file that must hold the version is missing
 * or cannot hold it.
 */
export async function planRelease(request: ReleaseRequest, read: (file: string) => string | undefined): Promise<ReleasePlan> {
  const { manifest, baseline, date } = request;
  const from = manifest.version;
  const version = nextVersion(from, request.bump);
  const changes = baseline ? diffEnv(baseline.env, envOf(manifest, 'khal-app.json')) : [];
  const breaking = changes.filter((change) => change.level === 'breaking');
  const moves = baseline ? artifactMoves(baseline.artifact, installArtifact(manifest)) : [];
  const released: KhalAppManifest = { ...manifest, version };
  const updates = new Map<string, string>();
  for (const { file, required } of versionFiles(manifest.backend !== undefined)) {
    const current = read(file);
    if (current === undefined) {
      if (required) throw new Error(`${file} is missing from the pack, or is not a regular file: restore it (khal-pack check), then release again`);
      continue;
    }
    const next = await releasedText(file, current, manifest, released);
    if (next !== current) updates.set(file, next);
  }
  const changelog = read(CHANGELOG_FILE);
  if (changelog !== undefined && sectionVersions(changelog).includes(version))
    throw new ExitError(
      EXIT.usage,
      `${CHANGELOG_FILE} already has a section for ${version}: that version was released, or its notes were started by hand. Release another version, or remove that section (keep its notes) and release again.`,
    );
  const { changelog: nextChangelog, section, notesHeading } = withReleaseSection(changelog, { version, date, baseline, changes, moves });
  updates.set(CHANGELOG_FILE, nextChangelog);
  return { from, version, step: stepKind(from, version), changes, breaking, moves, section, ...(notesHeading ? { notesHeading } : {}), updates };
}
