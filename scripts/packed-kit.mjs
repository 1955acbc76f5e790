// The kit as its users install it: `npm pack` of the built kit, installed with
// `npm install --global --prefix`. Shared by the installed-kit test and the bench.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Packs the built kit into `destination`; returns the tarball's path. */
export function packKit(destination, env = process.env) {
  // --ignore-scripts: `prepare` would rebuild dist/, which the caller has just built (and tests may be reading).
  const output = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], { cwd: root, encoding: 'utf8', env });
  return path.join(destination, JSON.parse(output)[0].filename);
}

/** Installs `tarball` under `prefix` as `npm i -g --prefix` does (from npm's cache when it can); returns where things went. */
export function installKit(tarball, prefix, env = process.env) {
  execFileSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const packageFolder = path.join(prefix, 'lib/node_modules/create-khal-pack');
  return { binFolder: path.join(prefix, 'bin'), packageFolder };
}

/** The installed kit's size (bytes of its files, and on disk as `du` counts) and its package count, itself included. */
export function installedFootprint(packageFolder) {
  let bytes = 0;
  let diskBytes = 0;
  let packages = 1;
  for (const entry of readdirSync(packageFolder, { recursive: true, withFileTypes: true })) {
    const folder = entry.parentPath ?? entry.path;
    const stats = statSync(path.join(folder, entry.name));
    diskBytes += stats.blocks * 512;
    if (entry.isFile()) bytes += stats.size;
    const parent = path.basename(folder);
    const isPackage = entry.isDirectory() && !entry.name.startsWith('.') && (parent === 'node_modules' ? !entry.name.startsWith('@') : parent.startsWith('@') && path.basename(path.dirname(folder)) === 'node_modules');
    if (isPackage && existsSync(path.join(folder, entry.name, 'package.json'))) packages += 1;
  }
  return { bytes, diskBytes, packages };
}
