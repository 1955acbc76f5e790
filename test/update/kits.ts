import { cp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT, SCENARIOS_DIR, tempFolder } from '../support/generate.js';

// Two real builds of the kit: this repository's build (dist/, run by the tests as the running
// kit) and an older one: a copy of that build with its templates as they were before a change
// and its version set back, whose templates are then precompiled and bundled again by the
// build's own scripts (the bins render only what their build precompiled). Both run as shipped:
// node <kit>/dist/cli/*.js.

export const OLD_VERSION = '0.0.9';

/** The template change between the two kits: each old text, the current text it became. */
export const TEMPLATE_CHANGE = [
  { file: 'full-stack/service/src/index.ts', current: 'const RECONNECT_DELAY_MS = 2000;', old: 'const RECONNECT_DELAY_MS = 5000;' },
  { file: 'full-stack/helm/values.yaml.hbs', current: '  limits:\n    memory: 256Mi', old: '  limits:\n    memory: 128Mi' },
  { file: 'common/package/package.json.hbs', current: '"vitest": "~5.1.2"', old: '"vitest": "~5.0.0"' },
  { file: 'common/README.md.hbs', current: 'A Khal OS pack by {{md author}}:', old: 'A pack for Khal OS, by {{md author}}:' },
] as const;

/** A file the current kit has and the old one did not. */
export const NEW_TEMPLATE_FILE = { template: 'common/package/vitest.config.ts', output: 'package/vitest.config.ts' };

/** The old kit, in a folder of its own: package.json (version OLD_VERSION), dist/ and templates/. */
export async function buildOldKit(): Promise<string> {
  const kit = path.join(await tempFolder('khal-pack-old-kit-'), 'create-khal-pack');
  await cp(path.join(REPO_ROOT, 'dist'), path.join(kit, 'dist'), { recursive: true });
  await cp(path.join(REPO_ROOT, 'templates'), path.join(kit, 'templates'), { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  await writeFile(path.join(kit, 'package.json'), `${JSON.stringify({ ...manifest, version: OLD_VERSION }, null, 2)}\n`);
  for (const { file, current, old } of TEMPLATE_CHANGE) {
    const template = path.join(kit, 'templates', file);
    const text = await readFile(template, 'utf8');
    if (!text.includes(current)) throw new Error(`templates/${file} no longer holds ${JSON.stringify(current)}: update TEMPLATE_CHANGE in test/update/kits.ts`);
    await writeFile(template, text.replace(current, old));
  }
  await rm(path.join(kit, 'templates', NEW_TEMPLATE_FILE.template));
  await rebuild(kit);
  return kit;
}

/** The build's last two steps (precompiled templates, the bundle and bins) run again in `kit`, with this repository's scripts and packages. */
async function rebuild(kit: string): Promise<void> {
  const borrowed = ['scripts', 'node_modules'].map((part) => path.join(kit, part));
  await cp(path.join(REPO_ROOT, 'scripts'), borrowed[0]!, { recursive: true });
  await symlink(path.join(REPO_ROOT, 'node_modules'), borrowed[1]!);
  try {
    for (const script of ['scripts/precompile-templates.mjs', 'scripts/bundle.mjs']) await execa('node', [script], { cwd: kit });
  } finally {
    for (const part of borrowed) await rm(part, { recursive: true, force: true });
  }
}

/** The kit as npm packs it: a gzipped tar with everything under `package/`. */
export async function packKit(kit: string): Promise<string> {
  const folder = await tempFolder('khal-pack-kit-tgz-');
  const staged = path.join(folder, 'package');
  await cp(kit, staged, { recursive: true });
  const tarball = path.join(folder, `create-khal-pack-${OLD_VERSION}.tgz`);
  await execa('tar', ['-c', '-z', '-f', tarball, '-C', folder, 'package']);
  await rm(staged, { recursive: true });
  return tarball;
}

/** A pack made by `kit`'s own CLI from a scenario's answers, in a new temporary parent folder, committed to a new git repository. */
export async function packMadeBy(kit: string, scenario: string): Promise<string> {
  const folder = path.join(await tempFolder('khal-pack-upd-'), `pack-${scenario}`);
  const run = await execa('node', [path.join(kit, 'dist/cli/create-khal-pack.js'), folder, '--answers', path.join(SCENARIOS_DIR, scenario, 'answers.json')], { stdin: 'ignore' });
  if (run.exitCode !== 0) throw new Error(run.stderr);
  await git(folder, 'init', '-q');
  await git(folder, 'add', '-A');
  await git(folder, 'commit', '-q', '-m', 'made by the old kit');
  return folder;
}

export const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Ana', GIT_AUTHOR_EMAIL: 'ana@example.com', GIT_COMMITTER_NAME: 'Ana', GIT_COMMITTER_EMAIL: 'ana@example.com' };

export function git(folder: string, ...args: string[]) {
  return execa('git', args, { cwd: folder, env: GIT_ENV });
}
