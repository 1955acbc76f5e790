import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ChangePlan, Tree } from './plan-change.js';

// A change that edits what bun.lock records of a package.json (names, dependencies, workspaces)
// leaves the lockfile behind, and the pack's CI installs with `bun install --frozen-lockfile`,
// which refuses it. The kit cannot run bun for the user (it needs the registry), so the report
// says so, and template-update.yml runs `bun install --lockfile-only` on the `--json` signal.

/** What bun.lock records of a package.json (bun 1.4: a version bump or a new description leaves it as it is). */
const LOCKED_FIELDS = ['name', 'dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'workspaces', 'overrides', 'resolutions', 'trustedDependencies', 'patchedDependencies'];
const LOCKFILES = ['bun.lock', 'bun.lockb'];

export interface StaleLockfile {
  /** The pack's lockfile, e.g. `bun.lock`. */
  lockfile: string;
  /** The package.json files whose recorded fields the change edits, adds or removes. */
  packages: string[];
}

export function staleLockfile(folder: string, plan: Pick<ChangePlan, 'writes' | 'removes'>, user: Tree): StaleLockfile | undefined {
  const lockfile = LOCKFILES.find((file) => existsSync(path.join(folder, file)));
  if (!lockfile) return undefined;
  const edited = plan.writes.filter((file) => isPackageJson(file.path) && lockedFields(user.get(file.path)?.content) !== lockedFields(file.content)).map((file) => file.path);
  const removed = plan.removes.filter(isPackageJson);
  const packages = [...edited, ...removed].sort();
  return packages.length > 0 ? { lockfile, packages } : undefined;
}

const isPackageJson = (file: string) => path.posix.basename(file) === 'package.json';

/** The recorded fields as one comparable text; a file that is not JSON (a conflict in it) is its whole text. */
function lockedFields(content: Buffer | string | undefined): string | undefined {
  if (content === undefined) return undefined;
  const text = content.toString();
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(LOCKED_FIELDS.map((field) => parsed[field] ?? null));
  } catch {
    return text;
  }
}

/** The report's paragraph; `dryRun` says it of a change not made. */
export function staleLockfileNote({ lockfile, packages }: StaleLockfile, dryRun: boolean): string {
  const files = packages.join(', ');
  const what = dryRun ? `This change would edit what ${lockfile} records of ${files}` : `This change edited what ${lockfile} records of ${files}`;
  return `${what}: ${dryRun ? 'after it, ' : ''}run bun install and commit ${lockfile} with the change (the pack's CI installs with --frozen-lockfile, which refuses a lockfile that is behind its package.json files).`;
}
