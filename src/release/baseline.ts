import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { EnvEntryLike } from '../checks/env-changes.js';
import { MANIFEST_FILE, readManifestFile } from '../checks/pack-reader.js';
import { envOf } from '../commands/env-diff.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import { gitCommitOf, gitShow, gitTagsMergedIntoHead, isGitWorkTree } from '../util/git.js';
import { parseJson } from '../util/json.js';
import { type InstallArtifact, installArtifact } from './artifact-moves.js';
import { compareVersions, parseVersion } from './version.js';
import { quoted } from '../util/quoted.js';

// The last release a change is judged against: the manifest of a release tag, or what
// `--since` names (a manifest file, or a git revision).

export interface ReleasedEnv {
  /** How the notes name it: the tag, the revision or the file given. */
  label: string;
  /** The release's version, when its manifest says one. */
  version?: string;
  env: EnvEntryLike[];
  /** Where a customer installed that release from. */
  artifact?: InstallArtifact;
  /** The pack's version, when it has no tag of its own and this release (the newest tag) stands in for it. */
  untagged?: string;
}

// A revision as a user writes one (v1.2.0, HEAD~1, origin/main, a commit): never an option, no path part.
const REVISION = /^[A-Za-z0-9_][A-Za-z0-9_./@{}~^-]*$/;

/** The manifest at git tag `v<version>` when the pack's repository has that tag; else undefined. */
export async function releaseTagManifest(folder: string, version: string): Promise<ReleasedEnv | undefined> {
  const tag = `v${version}`;
  if (!(await isGitWorkTree(folder)) || !(await gitCommitOf(folder, `refs/tags/${tag}`)).ok) return undefined;
  return manifestAtRevision(folder, tag);
}

/**
 * The newest release tag (`v<semver>`) in the history of HEAD, or undefined: what a pull
 * request is compared with in the pack's CI.
 */
export async function lastReleaseTag(folder: string): Promise<string | undefined> {
  const tags = (await gitTagsMergedIntoHead(folder, 'v*')).filter((tag) => parseVersion(tag.slice(1)) !== undefined);
  return tags.sort((a, b) => compareVersions(b.slice(1), a.slice(1)))[0];
}

/** The manifest at the newest release tag in the history of HEAD, or undefined when there is none. */
export async function newestReleaseManifest(folder: string): Promise<ReleasedEnv | undefined> {
  const tag = await lastReleaseTag(folder);
  return tag === undefined ? undefined : manifestAtRevision(folder, tag);
}

/** What `--since` names: a manifest file (or pack folder) when one is there, else a git revision of the pack. */
export async function sinceManifest(folder: string, since: string): Promise<ReleasedEnv> {
  const asPath = path.resolve(since);
  const stats = lstatSync(asPath, { throwIfNoEntry: false });
  if (stats) {
    const file = stats.isDirectory() ? path.join(asPath, MANIFEST_FILE) : asPath;
    return released(since, await readManifestFile(file, since));
  }
  if (!REVISION.test(since))
    throw new ExitError(
      EXIT.usage,
      `--since ${quoted(since)} is neither a file nor a git revision: give the last release's khal-app.json, or a revision such as v1.2.0 or HEAD~3`,
    );
  if (!(await isGitWorkTree(folder)))
    throw new ExitError(EXIT.usage, `--since ${quoted(since)} is no file, and ${folder} is not in a git repository to read a revision from: give the last release's khal-app.json`);
  return manifestAtRevision(folder, since);
}

export async function manifestAtRevision(folder: string, revision: string): Promise<ReleasedEnv> {
  if (!REVISION.test(revision)) throw new ExitError(EXIT.usage, `${quoted(revision)} is not a git revision (such as v1.2.0, HEAD~1 or a commit)`);
  const commit = await gitCommitOf(folder, revision);
  if (!commit.ok)
    throw new ExitError(EXIT.usage, `${quoted(revision)} names no commit in the git repository of ${folder}: give a tag such as v1.2.0, a commit, or HEAD~1`);
  const shown = await gitShow(folder, commit.stdout, MANIFEST_FILE);
  if (!shown.ok)
    throw new ExitError(EXIT.usage, `Cannot read ${MANIFEST_FILE} at ${revision} in ${folder}: ${shown.reason}\nGive a revision whose tree holds the pack's ${MANIFEST_FILE}.`);
  const parsed = parseJson(shown.stdout);
  if (!parsed.ok) throw new ExitError(EXIT.failed, `${MANIFEST_FILE} at ${revision} ${parsed.reason}`);
  return released(revision, parsed.data, `${MANIFEST_FILE} at ${revision}`);
}

function released(label: string, manifest: unknown, where = label): ReleasedEnv {
  const version = (manifest as { version?: unknown } | null)?.version;
  const artifact = installArtifact(manifest);
  return { label, ...(typeof version === 'string' ? { version } : {}), env: envOf(manifest, where), ...(artifact ? { artifact } : {}) };
}
