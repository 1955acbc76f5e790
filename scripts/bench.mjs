#!/usr/bin/env node
// Times whole processes side by side on this machine: the kit as installed from its packed
// tarball (`npm pack`, `npm i -g --prefix`), on this Node and on Node 24 (scripts/fetch-node.mjs),
// against create-vite and an empty Node start on the same Node, all interleaved run by run; the
// build tree's full-stack scaffold too, for comparison. Prints the installed size and package
// count. `--quick`: one run each (CI keeps it working; ratios are not asserted).
// Usage: npm run bench [-- --quick] [-- --runs N] [-- --json FILE]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedFootprint, installKit, packKit } from './packed-kit.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runs = quick ? 1 : Number(args[args.indexOf('--runs') + 1] || 0) || 15;
const warmups = quick ? 0 : 2;
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;

const TIME = '/usr/bin/time';
if (!existsSync(TIME)) {
  console.error(`${TIME} is missing: install Debian's "time" package (apt-get install time) to measure peak memory.`);
  process.exit(1);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'khal-pack-bench-'));
const createVite = path.join(root, 'node_modules/create-vite/index.js');
const fourEnv = [
  '--env', 'WEATHER_API_KEY:secret#API key of the weather provider',
  '--env', 'FEATURE_BETA_UI:boolean=false#Enable the beta UI',
  '--env', 'PROVIDER_URL:url#Base URL of the provider',
  '--env', 'POLL_SECONDS:number=30#Seconds between two readings',
];
const common = ['--yes', '--author', 'Bench', '--description', 'Benchmark pack'];
let counter = 0;
const fresh = (name) => path.join(work, `${name}-${counter++}`);

/** This Node, and Node 24 unless this is it; a Node that cannot be fetched is left out, saying why. */
function nodeVersions() {
  const nodes = [{ label: `Node ${process.versions.node.split('.')[0]}`, binary: process.execPath }];
  if (process.versions.node.startsWith('24.')) return nodes;
  const fetched = spawnSync(process.execPath, [path.join(root, 'scripts/fetch-node.mjs'), '24'], { encoding: 'utf8' });
  if (fetched.status === 0) nodes.push({ label: 'Node 24', binary: fetched.stdout.trim() });
  else console.log(`bench: without Node 24, as scripts/fetch-node.mjs 24 failed: ${fetched.stderr.trim()}`);
  return nodes;
}

/** The benchmarks for one Node; the installed bins are run as `node <bin>`, so each Node runs the same files. */
function benchmarksOn(node, installed, checkedPack) {
  const createCli = path.join(installed.packageFolder, 'dist/cli/create-khal-pack.js');
  const khalPackCli = path.join(installed.packageFolder, 'dist/cli/khal-pack.js');
  const on = (id, name, argv) => ({ key: `${node.label} #${id}`, id, node, name, argv });
  return [
    on(1, 'create-khal-pack full-stack, 4 env', () => [createCli, fresh('pack-fs'), ...common, '--kind', 'full-stack', ...fourEnv]),
    on(2, 'create-khal-pack frontend-only', () => [createCli, fresh('pack-fe'), ...common, '--kind', 'frontend-only']),
    on(3, 'khal-pack check (full-stack pack)', () => [khalPackCli, 'check', checkedPack]),
    on(4, 'create-khal-pack --help', () => [createCli, '--help']),
    on(5, 'create-vite react-ts', () => [createVite, fresh('vite'), '--template', 'react-ts', '--no-interactive']),
    on(6, "node -e ''", () => ['-e', '']),
  ];
}

function runOnce(nodeBinary, argv) {
  const file = path.join(work, 'time.txt');
  const started = process.hrtime.bigint();
  const result = spawnSync(TIME, ['-f', '%e %M', '-o', file, nodeBinary, ...argv], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${nodeBinary} ${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  const [, kilobytes] = readFileSync(file, 'utf8').trim().split('\n').at(-1).split(' ');
  return { ms, kilobytes: Number(kilobytes) };
}

/** Every benchmark once per round, so that a noisy moment of the machine spreads over all of them. */
function measureInterleaved(benchmarks) {
  const samples = new Map(benchmarks.map((benchmark) => [benchmark.key, { times: [], peak: 0 }]));
  for (let round = 0; round < warmups + runs; round++) {
    for (const benchmark of benchmarks) {
      const { ms, kilobytes } = runOnce(benchmark.node.binary, benchmark.argv());
      if (round < warmups) continue;
      const sample = samples.get(benchmark.key);
      sample.times.push(ms);
      sample.peak = Math.max(sample.peak, kilobytes);
    }
  }
  return benchmarks.map((benchmark) => {
    const { times, peak } = samples.get(benchmark.key);
    times.sort((a, b) => a - b);
    return { ...benchmark, median: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1), peakMiB: peak / 1024 };
  });
}

let results;
let footprint;
try {
  const installed = installKit(packKit(work), path.join(work, 'prefix'));
  footprint = installedFootprint(installed.packageFolder);
  const checkedPack = path.join(work, 'pack-checked');
  execFileSync(process.execPath, [path.join(installed.packageFolder, 'dist/cli/create-khal-pack.js'), checkedPack, ...common, '--kind', 'full-stack', ...fourEnv], { stdio: 'ignore' });
  const nodes = nodeVersions();
  const buildTree = { key: 'build tree', id: 0, node: nodes[0], name: 'build tree: create-khal-pack full-stack, 4 env', argv: () => [path.join(root, 'dist/cli/create-khal-pack.js'), fresh('pack-tree'), ...common, '--kind', 'full-stack', ...fourEnv] };
  results = measureInterleaved([buildTree, ...nodes.flatMap((node) => benchmarksOn(node, installed, checkedPack))]);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const row = (cells) => `| ${cells.join(' | ')} |`;
const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
console.log(`\n${runs} run(s) each after ${warmups} warm-up(s), interleaved; ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`Installed from the packed tarball: ${footprint.packages} packages, ${megabytes(footprint.bytes)} in files (${megabytes(footprint.diskBytes)} on disk)\n`);
console.log(row(['Node', '#', 'command', 'median ms', 'min–max ms', 'peak MiB']));
console.log(row(['---', '---', '---', '---:', '---:', '---:']));
for (const r of results) console.log(row([r.node.label, r.id || '–', r.name, r.median.toFixed(0), `${r.min.toFixed(0)}–${r.max.toFixed(0)}`, r.peakMiB.toFixed(1)]));

const ratios = [
  ['1/5', 'full-stack scaffold ÷ create-vite', 1, 5, 1.3],
  ['2/5', 'frontend-only scaffold ÷ create-vite', 2, 5, undefined],
  ['3/6', 'check ÷ empty Node start', 3, 6, 1.5],
  ['4/6', '--help ÷ empty Node start', 4, 6, 1.5],
];
console.log(`\n${row(['Node', 'ratio', 'what', 'value', 'target'])}\n${row(['---', '---', '---', '---:', '---:'])}`);
for (const label of new Set(results.filter((r) => r.id).map((r) => r.node.label))) {
  const byId = Object.fromEntries(results.filter((r) => r.node.label === label && r.id).map((r) => [r.id, r]));
  for (const [name, what, a, b, target] of ratios) {
    const value = byId[a].median / byId[b].median;
    console.log(row([label, name, what, `${value.toFixed(2)}×`, target ? `≤ ${target}×${value <= target ? ' ✓' : ' ✗'}` : '']));
  }
}
const tree = results.find((r) => r.id === 0);
const installedFirst = results.find((r) => r.id === 1);
console.log(`\nInstalled ÷ build tree, full-stack scaffold on ${tree.node.label}: ${(installedFirst.median / tree.median).toFixed(2)}×`);
const heaviest = Math.max(...results.filter((r) => r.id <= 4).map((r) => r.peakMiB));
console.log(`Peak memory of our commands: ${heaviest.toFixed(1)} MiB (target < 100 MiB${heaviest < 100 ? ' ✓' : ' ✗'})`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ runs, footprint, results: results.map(({ argv, node, ...r }) => ({ ...r, node: node.label })) }, null, 2));
