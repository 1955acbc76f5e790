import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installKit, packKit } from '../../scripts/packed-kit.mjs';

// The kit as its users get it: `npm pack` of the built kit, installed with `npm i -g --prefix`
// into a folder made read-only, and both bins run from there by a user who is not root (CI runs
// as root, so the bins run as "nobody"). Once with the Node that runs the tests, once with Node
// 24 from scripts/fetch-node.mjs; and through `npm exec --package <tarball>`, as npx runs it.
// Needs the npm registry (or npm's cache) for the kit's dependencies.
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const SLOW = 5 * 60_000;
const NOBODY = 65534;
const runAsNobody = process.getuid?.() === 0;

/** Why the bins cannot run as a user other than root here; undefined when they can. */
function nonRootUnavailable(): string | undefined {
  if (!runAsNobody) return undefined;
  const probe = spawnSync(process.execPath, ['-e', ''], { uid: NOBODY, gid: NOBODY });
  return probe.error || probe.status !== 0 ? `cannot start a process as uid ${NOBODY} (nobody): ${probe.error?.message ?? `exit ${probe.status}`}` : undefined;
}

/** The folder of Node 24's binary, fetched and hash-checked by scripts/fetch-node.mjs; or why not. */
function fetchNode24(): { nodeBinFolder?: string; unavailable?: string } {
  const fetched = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/fetch-node.mjs'), '24'], { encoding: 'utf8' });
  if (fetched.status !== 0) return { unavailable: `scripts/fetch-node.mjs 24 failed: ${fetched.stderr.trim()}` };
  return { nodeBinFolder: path.dirname(fetched.stdout.trim()) };
}

type Variant = { label: string; nodeBinFolder?: string; unavailable?: string };
const unavailable = nonRootUnavailable();
const variants: Variant[] = [{ label: `Node ${process.version} (running the tests)`, nodeBinFolder: path.dirname(process.execPath) }];
if (!process.versions.node.startsWith('24.')) variants.push({ label: 'Node 24 (scripts/fetch-node.mjs)', ...fetchNode24() });

let work: string; // world-readable: the tarball, the install prefixes, nobody's home, cache and packs
let tarball: string;

// npm finds its global npmrc (registry, cafile, proxy) beside the Node running it: keep this one for every Node.
const npmGlobalConfig = execFileSync('npm', ['config', 'get', 'globalconfig'], { encoding: 'utf8' }).trim();

/** An environment without npm's and vitest's own variables and bins, with `pathFolders` first on PATH. */
function cleanEnvironment(pathFolders: string[], extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(([key]) => !/^(npm_|vitest|node_options$|node_env$|init_cwd$)/i.test(key));
  const systemPath = (process.env.PATH ?? '').split(path.delimiter).filter((folder) => folder && !folder.includes('node_modules'));
  return {
    ...Object.fromEntries(kept),
    PATH: [...pathFolders, ...systemPath].join(path.delimiter),
    npm_config_globalconfig: npmGlobalConfig,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  };
}

/** A folder holding `node` that the bins' user can run: the given one, else a copy (a clone may sit in a folder only root enters). */
function nodeFolderForUser(nodeBinFolder: string, copyTo: string): string {
  if (!runAsNobody || spawnSync(path.join(nodeBinFolder, 'node'), ['-e', ''], { uid: NOBODY, gid: NOBODY }).status === 0) return nodeBinFolder;
  mkdirSync(copyTo);
  copyFileSync(path.join(nodeBinFolder, 'node'), path.join(copyTo, 'node'));
  chmodSync(path.join(copyTo, 'node'), 0o755);
  return copyTo;
}

/** A folder the bins' user may write to. */
function userFolder(name: string): string {
  const folder = path.join(work, name);
  mkdirSync(folder, { recursive: true });
  if (runAsNobody) chownSync(folder, NOBODY, NOBODY);
  return folder;
}

/** Runs `command` as the bins' user (nobody when the tests run as root); fails with its output unless it exits 0. */
function runAsUser(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', ...(runAsNobody ? { uid: NOBODY, gid: NOBODY } : {}) });
  const output = `${command} ${args.join(' ')} → exit ${result.status}${result.error ? ` (${result.error.message})` : ''}\n${result.stdout}\n${result.stderr}`;
  expect(result.status, output).toBe(0);
  return result.stdout;
}

beforeAll(() => {
  if (!existsSync(path.join(REPO_ROOT, 'dist/cli/create-khal-pack.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does) before this test');
  work = mkdtempSync(path.join(tmpdir(), 'installed-kit-'));
  chmodSync(work, 0o755);
  tarball = packKit(work, cleanEnvironment([]));
}, SLOW);

afterAll(() => {
  if (!work) return;
  // The prefixes are read-only; make them writable again so that a non-root user can remove them.
  execFileSync('chmod', ['-R', 'u+w', work]);
  rmSync(work, { recursive: true, force: true });
});

describe.each(variants)('the kit installed from its packed tarball, on $label', (variant) => {
  const skipReason = unavailable ?? variant.unavailable;
  const index = variants.indexOf(variant);
  let prefix: string;
  let nodeFolder: string;

  beforeAll(() => {
    if (skipReason) return;
    prefix = path.join(work, `prefix-${index}`);
    nodeFolder = nodeFolderForUser(variant.nodeBinFolder!, path.join(work, `node-${index}`));
    installKit(tarball, prefix, cleanEnvironment([nodeFolder]));
    execFileSync('chmod', ['-R', 'a-w', prefix]);
  }, SLOW);

  it.skipIf(skipReason)(`create-khal-pack and khal-pack run from the read-only install folder as a non-root user${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
    const env = cleanEnvironment([path.join(prefix, 'bin'), nodeFolder], { HOME: userFolder('home') });
    const packs = userFolder(`packs-${index}`);
    const nodeVersion = runAsUser('node', ['-p', 'process.version'], env, packs).trim();
    expect(nodeVersion).toBe(execFileSync(path.join(nodeFolder, 'node'), ['-p', 'process.version'], { encoding: 'utf8' }).trim());
    const installedFiles = readdirSync(prefix, { recursive: true }).length;

    const created = runAsUser('create-khal-pack', ['pack-weather', '--yes', '--kind', 'full-stack', '--author', 'A'], env, packs);
    expect(created).toContain('Next steps');
    // An installed kit is the version the registry has: no steps to install the pack's pin of it from a build.
    expect(created).not.toContain('npm pkg set');
    expect(readdirSync(path.join(packs, 'pack-weather'))).toEqual(expect.arrayContaining(['khal-app.json', 'package', 'service', 'helm']));
    expect(runAsUser('khal-pack', ['check', 'pack-weather'], env, packs)).toContain('No problems found');
    expect(readdirSync(prefix, { recursive: true }).length, 'the install folder is unchanged').toBe(installedFiles);

    // A folder this user may not write in (the read-only install folder): said so, with what to do.
    const refused = spawnSync('create-khal-pack', ['pack-here', '--yes', '--kind', 'frontend-only', '--author', 'A'], { cwd: prefix, env, encoding: 'utf8', ...(runAsNobody ? { uid: NOBODY, gid: NOBODY } : {}) });
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`Cannot write in ${prefix}: you have no permission to (EACCES).`);
    expect(refused.stderr).toContain('choose a folder you can write in');
    expect(refused.stderr).not.toContain('.khal-pack-');
    expect(readdirSync(prefix, { recursive: true }).length, 'nothing was written').toBe(installedFiles);
  }, SLOW);
});

describe(`the kit run through npm exec, on Node ${process.version}`, () => {
  it.skipIf(unavailable)(`npm exec --package <tarball> -- create-khal-pack (what npx does), as a non-root user${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const nodeFolder = nodeFolderForUser(path.dirname(process.execPath), path.join(work, 'node-npm-exec'));
    const env = cleanEnvironment([nodeFolder], { HOME: userFolder('home'), npm_config_cache: userFolder('npm-cache') });
    const packs = userFolder('npx-packs');
    const created = runAsUser('npm', ['exec', '--yes', '--package', tarball, '--', 'create-khal-pack', 'pack-npx', '--yes', '--kind', 'full-stack', '--author', 'A'], env, packs);
    expect(created).toContain('Next steps');
    expect(runAsUser('npm', ['exec', '--yes', '--package', tarball, '--', 'khal-pack', 'check', 'pack-npx'], env, packs)).toContain('No problems found');
  }, SLOW);
});
