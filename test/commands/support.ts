import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { checkPack } from '../../src/checks/check-pack.js';
import { locatePack } from '../../src/checks/pack-reader.js';
import { REPO_ROOT, generateScenario, tempFolder } from '../support/generate.js';

export const KHAL_PACK = path.join(REPO_ROOT, 'dist/cli/khal-pack.js');
export const EXAMPLES = path.resolve(REPO_ROOT, 'test/fixtures/examples');

/** Runs the built `khal-pack` CLI without a terminal; never throws on a non-zero exit. */
export function khalPack(args: string[], cwd = REPO_ROOT) {
  return execa('node', [KHAL_PACK, ...args], { cwd, reject: false, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

/** A fresh copy of a generated scenario pack, in its own temporary parent folder (so stray staging folders show). */
export async function scenarioCopy(name: string, cache = new Map<string, string>()): Promise<string> {
  let source = cache.get(name);
  if (!source) {
    source = (await generateScenario(name)).folder;
    cache.set(name, source);
  }
  const folder = path.join(await tempFolder('khal-pack-cmd-'), `pack-${name}`);
  await cp(source, folder, { recursive: true });
  return folder;
}

export async function checkFolder(folder: string) {
  return checkPack(await locatePack(folder));
}

/** Every file under `folder` with its content, and the entries of its parent: to prove nothing changed. */
export async function folderState(folder: string): Promise<Record<string, string>> {
  const state: Record<string, string> = { '..': (await readdir(path.dirname(folder))).sort().join(',') };
  const walk = async (prefix: string) => {
    for (const entry of await readdir(path.join(folder, prefix), { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(relative);
      else state[relative] = await readFile(path.join(folder, relative), 'utf8');
    }
  };
  await walk('');
  return state;
}

export async function editJson(folder: string, file: string, edit: (data: any) => void) {
  const data = JSON.parse(await readFile(path.join(folder, file), 'utf8'));
  edit(data);
  await writeFile(path.join(folder, file), `${JSON.stringify(data, null, 2)}\n`);
}

export async function editText(folder: string, file: string, edit: (text: string) => string) {
  const target = path.join(folder, file);
  await writeFile(target, edit(await readFile(target, 'utf8')));
}
