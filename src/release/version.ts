import { checkVersion } from '../answers/rules.js';

// The pack's version as semver (https://semver.org): what a bump makes of it, and which
// versions come later. Build metadata never occurs: checkVersion refuses it (it is also the image tag).

export type BumpKind = 'patch' | 'minor' | 'major';
export const BUMP_KINDS: readonly BumpKind[] = ['patch', 'minor', 'major'];

interface Semver {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

/** The parts of a version; undefined when it is not one a pack may have. */
export function parseVersion(version: string): Semver | undefined {
  if (checkVersion(version) !== undefined) return undefined;
  const [core, ...rest] = version.split('-');
  const [major, minor, patch] = core!.split('.').map(Number) as [number, number, number];
  return { major, minor, patch, prerelease: rest.length === 0 ? [] : rest.join('-').split('.') };
}

/** Negative when a comes before b, 0 when equal, positive after (semver precedence). */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) throw new Error(`not semantic versions: ${a}, ${b}`);
  for (const part of ['major', 'minor', 'patch'] as const) if (left[part] !== right[part]) return left[part] - right[part];
  // A pre-release comes before its release: 1.0.0-beta < 1.0.0.
  if (left.prerelease.length === 0 || right.prerelease.length === 0) return right.prerelease.length - left.prerelease.length;
  for (let index = 0; index < Math.max(left.prerelease.length, right.prerelease.length); index++) {
    const x = left.prerelease[index];
    const y = right.prerelease[index];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x === y) continue;
    const numeric = /^\d+$/;
    if (numeric.test(x) && numeric.test(y)) return Number(x) - Number(y);
    if (numeric.test(x) !== numeric.test(y)) return numeric.test(x) ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** `a` is a later release than `b`, by semver precedence (build metadata, `+…`, aside); a version that is none is no later. */
export function isLaterVersion(a: string, b: string): boolean {
  const [left, right] = [a, b].map((version) => version.split('+')[0]!) as [string, string];
  return parseVersion(left) !== undefined && parseVersion(right) !== undefined && compareVersions(left, right) > 0;
}

/**
 * The version after `current` for a bump kind, as npm computes it: a pre-release bumps to its
 * own release when that is the same kind of step (1.3.0-beta.1 --minor--> 1.3.0).
 */
export function bumpVersion(current: string, kind: BumpKind): string {
  const version = parseVersion(current);
  if (!version) throw new Error(`not a semantic version: ${current}`);
  const { major, minor, patch, prerelease } = version;
  const pre = prerelease.length > 0;
  if (kind === 'major') return pre && minor === 0 && patch === 0 ? `${major}.0.0` : `${major + 1}.0.0`;
  if (kind === 'minor') return pre && patch === 0 ? `${major}.${minor}.0` : `${major}.${minor + 1}.0`;
  return pre ? `${major}.${minor}.${patch}` : `${major}.${minor}.${patch + 1}`;
}

/** What kind of step from `from` to `to` is (a later version): a new major allows breaking changes. */
export function stepKind(from: string, to: string): BumpKind {
  const a = parseVersion(from)!;
  const b = parseVersion(to)!;
  // A pre-release keeps the numbers of the release it leads to, and is a step of that release's
  // kind: 1.0.0-rc.1 -> 1.0.0 is major, 1.3.0-beta.1 -> 1.3.0 minor (as release major and
  // release minor make them).
  const pre = a.prerelease.length > 0;
  if (b.major !== a.major || (pre && a.minor === 0 && a.patch === 0 && b.minor === 0 && b.patch === 0)) return 'major';
  return b.minor !== a.minor || (pre && a.patch === 0 && b.patch === 0) ? 'minor' : 'patch';
}
