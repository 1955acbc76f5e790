import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { generatorVersion } from '../../src/util/paths.js';
import { REPO_ROOT, tempFolder } from './generate.js';

let packed: Promise<string> | undefined;

/** This build of the kit, packed by `npm pack` (once a run; dist/ must be built): the tarball's path. */
export function kitTarball(): Promise<string> {
  packed ??= (async () => {
    const folder = await tempFolder('khal-pack-tarball-');
    await execa('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', folder], { cwd: REPO_ROOT });
    return path.join(folder, `create-khal-pack-${generatorVersion()}.tgz`);
  })();
  return packed;
}

/**
 * Points a generated pack's pinned development dependency on the kit at this build's tarball,
 * before `bun install`: the kit is not on the registry yet, and a test must run this build.
 */
export async function installKitFromTarball(packFolder: string): Promise<void> {
  const file = path.join(packFolder, 'package.json');
  const rootPackage = JSON.parse(await readFile(file, 'utf8')) as { devDependencies?: Record<string, string> };
  if (rootPackage.devDependencies?.['create-khal-pack'] !== generatorVersion())
    throw new Error(`${file} does not pin create-khal-pack@${generatorVersion()} as a development dependency`);
  rootPackage.devDependencies['create-khal-pack'] = `file:${await kitTarball()}`;
  await writeFile(file, `${JSON.stringify(rootPackage, null, 2)}\n`);
}
