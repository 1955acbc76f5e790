import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { EXIT, ExitError } from '../util/exit-codes.js';
import { filesUnder } from '../util/files.js';
import { GENERATOR_NAME } from '../util/paths.js';
import type { Tree } from './plan-change.js';

// The base of an update: the pack exactly as the kit version that made it makes it, from that
// kit's own CLI (the stable interface between versions). The kit comes from --base-kit, else
// the cache, else the registry npm is set up for (into the cache). Never a guess: a kit of
// another version, or none, stops the update and says how to give the right one.

const KIT_CLI = 'dist/cli/create-khal-pack.js';

export function kitCacheFolder(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(cacheHome, 'khal-pack', 'kits');
}

export interface BaseKit {
  folder: string;
  /** Where it came from, for the report. */
  source: string;
}

/** The kit of `version`: from `--base-kit` (a kit folder or an npm tarball), else the cache, else the registry. */
export async function findBaseKit(version: string, baseKit: string | undefined): Promise<BaseKit> {
  const cached = path.join(kitCacheFolder(), version);
  if (baseKit !== undefined) {
    const given = path.resolve(baseKit);
    const stats = statSync(given, { throwIfNoEntry: false });
    if (!stats) throw new ExitError(EXIT.usage, `--base-kit ${baseKit} does not exist: give a folder holding the kit (package.json, ${KIT_CLI}, templates/) or its npm tarball`);
    if (stats.isDirectory()) return { folder: checkedKit(given, version, `--base-kit ${baseKit}`), source: `--base-kit ${baseKit}` };
    await unpackIntoCache(given, cached, version, `--base-kit ${baseKit}`);
    return { folder: cached, source: `--base-kit ${baseKit} (unpacked into ${cached})` };
  }
  if (existsSync(cached)) return { folder: checkedCachedKit(cached, version), source: `the cache (${cached})` };
  const registry = await npmRegistry();
  const tarball = await fetchFromRegistry(version, registry);
  try {
    await unpackIntoCache(tarball, cached, version, `the tarball of ${GENERATOR_NAME}@${version} from ${registry}`);
  } finally {
    await rm(path.dirname(tarball), { recursive: true, force: true });
  }
  return { folder: cached, source: `the registry npm is set up for (${registry}), cached in ${cached}` };
}

/** The folder, when it is the kit of `version` with a built CLI; else a message saying what it is. */
function checkedKit(folder: string, version: string, label: string): string {
  let manifest: { name?: string; version?: string };
  try {
    manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as typeof manifest;
  } catch {
    throw new ExitError(EXIT.failed, `${label} is not a kit: it has no readable package.json (a kit folder holds package.json, ${KIT_CLI} and templates/)`);
  }
  if (manifest.name !== GENERATOR_NAME || manifest.version !== version)
    throw new ExitError(
      EXIT.failed,
      `${label} is ${manifest.name ?? '(no name)'}@${manifest.version ?? '(no version)'}, but the pack was made by ${GENERATOR_NAME}@${version} (its .khal-pack.json says so): give that version with --base-kit <folder or tarball>, so the base is exactly what made the pack`,
    );
  if (!existsSync(path.join(folder, KIT_CLI)))
    throw new ExitError(EXIT.failed, `${label} has no ${KIT_CLI}: build it first (npm run build in that folder), or give its npm tarball`);
  return folder;
}

/** The cached kit; one that is not the kit of `version` is the cache's fault, and the message says how to mend it. */
function checkedCachedKit(cached: string, version: string): string {
  try {
    return checkedKit(cached, version, `the cached kit ${cached}`);
  } catch (error) {
    if (!(error instanceof ExitError)) throw error;
    const mend = `To mend the cache, delete that folder (the next update fetches the kit from the registry again) or give the kit with --base-kit <folder or tarball> (a tarball is unpacked there anew).`;
    throw new ExitError(error.exitCode, `${error.message}\n${mend}`);
  }
}

/** Unpacks an npm tarball (its files under `package/`) into the cache, whole or not at all. */
async function unpackIntoCache(tarball: string, cached: string, version: string, label: string): Promise<void> {
  await mkdir(path.dirname(cached), { recursive: true });
  await removeAbandonedUnpacks(cached);
  const unpacking = await mkdtemp(`${cached}.unpacking-`);
  try {
    // Both paths are absolute, so neither can be read as an option.
    const run = await execa('tar', ['-x', '-z', '-f', tarball, '-C', unpacking, '--strip-components=1'], { reject: false });
    if (run.exitCode !== 0) throw new ExitError(EXIT.failed, `${label} could not be unpacked as an npm tarball: ${run.stderr.trim() || run.message}`);
    checkedKit(unpacking, version, label);
    await rm(cached, { recursive: true, force: true });
    await rename(unpacking, cached);
  } finally {
    await rm(unpacking, { recursive: true, force: true });
  }
}

/** The registry npm fetches from here (npm config get registry: the user's and the project's .npmrc, npm_config_registry). */
async function npmRegistry(): Promise<string> {
  const run = await execa('npm', ['config', 'get', 'registry'], { reject: false, stdin: 'ignore' });
  return run.exitCode === 0 && run.stdout.trim() ? run.stdout.trim() : '(npm config get registry failed)';
}

/** An unpack older than this was abandoned (its run was killed): another run's is minutes old at most. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Unpack folders of `cached` that a killed run left behind (only `cached` itself is ever looked up). */
async function removeAbandonedUnpacks(cached: string): Promise<void> {
  const prefix = `${path.basename(cached)}.unpacking-`;
  for (const name of await readdir(path.dirname(cached))) {
    if (!name.startsWith(prefix)) continue;
    const folder = path.join(path.dirname(cached), name);
    const stats = await stat(folder).catch(() => undefined);
    if (stats && Date.now() - stats.mtimeMs > ABANDONED_AFTER_MS) await rm(folder, { recursive: true, force: true });
  }
}

/** `npm pack <kit>@<version>` into a new temporary folder: the tarball's path, or why the registry has none. */
async function fetchFromRegistry(version: string, registry: string): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'khal-pack-kit-'));
  const spec = `${GENERATOR_NAME}@${version}`;
  const run = await execa('npm', ['pack', '--json', '--pack-destination', folder, '--', spec], { reject: false, stdin: 'ignore' });
  const packed = run.exitCode === 0 ? packedFile(run.stdout) : undefined;
  if (packed === undefined) {
    await rm(folder, { recursive: true, force: true });
    throw new ExitError(
      EXIT.failed,
      [
        `The kit that made this pack, ${spec}, is neither cached (${path.join(kitCacheFolder(), version)}) nor available from the registry npm is set up for, ${registry} (${npmFailure(run)}), so nothing was changed.`,
        `${GENERATOR_NAME} is not published to a registry yet: give the kit yourself with --base-kit <folder or tarball>, e.g. a checkout of the kit at version ${version} (built with npm run build) or the tarball npm pack makes of it.`,
      ].join('\n'),
    );
  }
  return path.join(folder, packed);
}

/** The file name `npm pack --json` reports, if it reports one. */
function packedFile(stdout: string): string | undefined {
  try {
    const [packed] = JSON.parse(stdout) as { filename?: string }[];
    return packed?.filename;
  } catch {
    return undefined;
  }
}

/** Why npm pack failed, in one line: the error npm --json prints (code and summary), else the telling line of its stderr. */
function npmFailure(run: { exitCode?: number; stdout: string; stderr: string; message?: string }): string {
  try {
    const { error } = JSON.parse(run.stdout) as { error?: { code?: string; summary?: string } };
    if (error?.summary) return `npm pack: ${[error.code, error.summary.replace(/\.$/, '')].filter(Boolean).join(' ')}`;
  } catch {
    // Not npm's JSON error: read stderr.
  }
  const lines = run.stderr.trim().split('\n');
  const line = lines.find((text) => /npm (error|ERR!) (404 |notarget |network |FetchError)/.test(text)) ?? lines.find((text) => /npm (error|ERR!) code /.test(text));
  return (line ?? (lines.at(-1) || run.message || `npm pack exited ${run.exitCode}`)).trim();
}

/** The pack the kit in `kit` makes from the answers in `recordText` (a `.khal-pack.json`), as a tree. */
export async function basePackFrom(kit: string, recordText: string): Promise<Tree> {
  const folder = await mkdtemp(path.join(tmpdir(), 'khal-pack-base-'));
  // An interrupt exits the process at once: the base pack goes with it.
  const cleanUp = () => rmSync(folder, { recursive: true, force: true });
  process.once('exit', cleanUp);
  try {
    const answers = path.join(folder, 'answers.json');
    await writeFile(answers, recordText);
    const pack = path.join(folder, 'pack');
    // The kill tests' pause (KHAL_PACK_TEST_PAUSE_AT) is for this run, not for the kit it runs.
    const env = { NO_COLOR: '1', KHAL_PACK_TEST_PAUSE_AT: '' };
    const run = await execa('node', [path.join(kit, KIT_CLI), '--answers', answers, '--', pack], { reject: false, stdin: 'ignore', env });
    if (run.exitCode !== 0)
      throw new ExitError(
        EXIT.failed,
        `The kit in ${kit} could not remake the pack from its .khal-pack.json (exit ${run.exitCode}), so nothing was changed:\n${run.stderr.trim()}`,
      );
    const tree: Tree = new Map();
    for (const file of filesUnder(pack)) {
      const absolute = path.join(pack, file);
      tree.set(file, { content: await readFile(absolute), mode: (await stat(absolute)).mode & 0o777 });
    }
    return tree;
  } finally {
    process.removeListener('exit', cleanUp);
    await rm(folder, { recursive: true, force: true });
  }
}
