#!/usr/bin/env node
// Times whole processes side by side on this machine: the kit as installed from its packed
// tarball (`npm pack`, `npm i -g --prefix`), on this Node and on Node 24 (scripts/fetch-node.mjs),
// against create-vite and an empty Node start on the same Node, all interleaved run by run; the
// build tree's full-stack scaffold too, for comparison. The day-two commands (env add, update,
// release, real and --dry-run) are timed on a fresh copy of a pack, against create; create and
// check with 10 and 1,000 env entries show how the work grows. Prints the installed size and
// package count, the ratios and their targets (issue #16), peak memory, and the floor of five
// commands (their chunks loaded, not run: what a ratio cannot go below). `--quick`: one run
// each (CI keeps it working; ratios are not asserted).
// Usage: npm run bench [-- --quick] [-- --runs N] [-- --json FILE]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** An answers file for a full-stack pack with `count` env entries (the scaling benchmarks). */
function answersWithEnv(count) {
  const env = Array.from({ length: count }, (_, index) => ({ key: `SETTING_${index}`, description: `Setting number ${index}`, type: 'string', required: false, default: `value-${index}` }));
  const file = path.join(work, `answers-${count}.json`);
  writeFileSync(file, JSON.stringify({ name: `scale-${count}`, author: 'Bench', description: 'Benchmark pack', kind: 'full-stack', env }));
  return file;
}

/** A fresh copy of `pack` for a command that changes it (made before the clock starts). */
const copyOf = (pack) => {
  const copy = fresh('pack-copy');
  cpSync(pack, copy, { recursive: true });
  return copy;
};

/** The benchmarks for one Node; the installed bins are run as `node <bin>`, so each Node runs the same files. */
function benchmarksOn(node, installed, packs) {
  const createCli = path.join(installed.packageFolder, 'dist/cli/create-khal-pack.js');
  const khalPackCli = path.join(installed.packageFolder, 'dist/cli/khal-pack.js');
  const on = (id, name, argv) => ({ key: `${node.label} #${id}`, id, node, name, argv });
  const envAdd = ['env', 'add', 'REGION', '--type', 'string', '--description', 'Region of the provider', '--default', 'eu'];
  const release = (pack) => ['release', 'patch', pack, '--since', path.join(packs.checked, 'khal-app.json'), '--date', '2026-12-01'];
  return [
    on(1, 'create-khal-pack full-stack, 4 env', () => [createCli, fresh('pack-fs'), ...common, '--kind', 'full-stack', ...fourEnv]),
    on(2, 'create-khal-pack frontend-only', () => [createCli, fresh('pack-fe'), ...common, '--kind', 'frontend-only']),
    on(3, 'khal-pack check (full-stack pack)', () => [khalPackCli, 'check', packs.checked]),
    on(4, 'create-khal-pack --help', () => [createCli, '--help']),
    on(5, 'create-vite react-ts', () => [createVite, fresh('vite'), '--template', 'react-ts', '--no-interactive']),
    on(6, "node -e ''", () => ['-e', '']),
    on(7, 'khal-pack handoff', () => [khalPackCli, 'handoff', packs.checked]),
    on(8, 'khal-pack env diff', () => [khalPackCli, 'env', 'diff', path.join(packs.other, 'khal-app.json'), path.join(packs.checked, 'khal-app.json'), '--allow-breaking']),
    on(9, 'khal-pack env add', () => [khalPackCli, ...envAdd, '--dir', copyOf(packs.checked)]),
    on(10, 'khal-pack env add --dry-run', () => [khalPackCli, ...envAdd, '--dir', packs.checked, '--dry-run']),
    on(11, 'khal-pack update', () => [khalPackCli, 'update', copyOf(packs.checked), '--yes']),
    on(12, 'khal-pack update --dry-run', () => [khalPackCli, 'update', packs.checked, '--dry-run']),
    on(13, 'khal-pack release patch', () => [khalPackCli, ...release(copyOf(packs.checked))]),
    on(14, 'khal-pack release patch --dry-run', () => [khalPackCli, ...release(packs.checked), '--dry-run']),
    on(15, 'create-khal-pack, 10 env', () => [createCli, '--answers', packs.answers10, '--', fresh('pack-10')]),
    on(16, 'create-khal-pack, 1,000 env', () => [createCli, '--answers', packs.answers1000, '--', fresh('pack-1000')]),
    on(17, 'khal-pack check, 10 env', () => [khalPackCli, 'check', packs.ten]),
    on(18, 'khal-pack check, 1,000 env', () => [khalPackCli, 'check', packs.thousand]),
  ];
}

// The floor of a command: a process that loads every chunk of dist/bundle/ the command loads
// (recorded by one run with a --require hook), with the compile cache as the bins turn it on, and
// does nothing else. floor ÷ empty start is the least a ratio can be without loading less code.
const FLOOR_IDS = [1, 3, 4, 7, 8];
const recorder = path.join(work, 'record-chunks.cjs');
writeFileSync(recorder, "process.on('exit', () => require('node:fs').writeFileSync(process.env.KHAL_PACK_BENCH_CHUNKS, JSON.stringify(Object.keys(require.cache).filter((file) => file.includes('/dist/bundle/')))));\n");

/** A loader made from the installed bin itself, so that it turns the compile cache on as the bin does: its program's require gives way to the list's. */
function loaderFor(bin) {
  const loader = path.join(work, `load-${path.basename(bin, '.js')}.cjs`);
  const text = readFileSync(bin, 'utf8');
  const programRequire = `require('../bundle/${path.basename(bin)}');`;
  if (!text.includes(programRequire)) throw new Error(`${bin} no longer ends in ${programRequire}: update the floors in scripts/bench.mjs`);
  writeFileSync(loader, text.replace(/^#!.*\n/, '').replace(programRequire, "for (const file of JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'))) require(file);"));
  return loader;
}

/** The load-only benchmark of `benchmark`: the chunks it loads, minus its program's entry (which would run it). */
function floorOf(benchmark) {
  const list = path.join(work, `chunks-${benchmark.key.replace(/\W+/g, '-')}.json`);
  const argv = benchmark.argv();
  const recorded = spawnSync(benchmark.node.binary, ['--require', recorder, ...argv], { cwd: work, stdio: 'ignore', env: { ...process.env, KHAL_PACK_BENCH_CHUNKS: list } });
  if (recorded.status !== 0) throw new Error(`recording the chunks of ${benchmark.name} failed`);
  const entry = path.join(path.dirname(argv[0]), '../bundle', path.basename(argv[0]));
  writeFileSync(list, JSON.stringify(JSON.parse(readFileSync(list, 'utf8')).filter((file) => file !== entry)));
  const loader = loaderFor(argv[0]);
  return { ...benchmark, key: `${benchmark.key} floor`, id: `${benchmark.id}f`, name: `load only: ${benchmark.name}`, argv: () => [loader, list] };
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
  const make = (folder, ...args) => execFileSync(process.execPath, [path.join(installed.packageFolder, 'dist/cli/create-khal-pack.js'), ...args, '--', folder], { stdio: 'ignore' });
  const packs = { checked: path.join(work, 'pack-checked'), other: path.join(work, 'pack-other'), ten: path.join(work, 'pack-ten'), thousand: path.join(work, 'pack-thousand'), answers10: answersWithEnv(10), answers1000: answersWithEnv(1000) };
  make(packs.checked, ...common, '--kind', 'full-stack', ...fourEnv);
  make(packs.other, ...common, '--kind', 'full-stack', ...fourEnv.slice(0, 4), '--env', 'REGION:string=eu#Region');
  make(packs.ten, '--answers', packs.answers10);
  make(packs.thousand, '--answers', packs.answers1000);
  const nodes = nodeVersions();
  const buildTree = { key: 'build tree', id: 0, node: nodes[0], name: 'build tree: create-khal-pack full-stack, 4 env', argv: () => [path.join(root, 'dist/cli/create-khal-pack.js'), fresh('pack-tree'), ...common, '--kind', 'full-stack', ...fourEnv] };
  const benchmarks = nodes.flatMap((node) => benchmarksOn(node, installed, packs));
  const floors = benchmarks.filter((benchmark) => FLOOR_IDS.includes(benchmark.id)).map(floorOf);
  results = measureInterleaved([buildTree, ...benchmarks, ...floors]);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const row = (cells) => `| ${cells.join(' | ')} |`;
const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
console.log(`\n${runs} run(s) each after ${warmups} warm-up(s), interleaved; ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`Installed from the packed tarball: ${footprint.packages} packages, ${megabytes(footprint.bytes)} in files (${megabytes(footprint.diskBytes)} on disk)`);
// Node 20 reads NODE_EXTRA_CA_CERTS at every start (Node 22 and later when TLS is first used): it lengthens Node 20's empty start, and so every Node 20 ratio.
console.log(`NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? `is set (${process.env.NODE_EXTRA_CA_CERTS}): Node 20 reads it at every start` : 'is not set'}\n`);
console.log(row(['Node', '#', 'command', 'median ms', 'min–max ms', 'peak MiB']));
console.log(row(['---', '---', '---', '---:', '---:', '---:']));
for (const r of results) console.log(row([r.node.label, r.id || '–', r.name, r.median.toFixed(0), `${r.min.toFixed(0)}–${r.max.toFixed(0)}`, r.peakMiB.toFixed(1)]));

// [numerator, denominator, target] by benchmark number (#16's targets; none for frontend-only).
const RATIOS = [[1, 5, 1.3], [2, 5], [3, 6, 1.5], [4, 6, 1.5], [7, 6, 1.5], [8, 6, 1.5], [9, 1, 2], [10, 1, 2], [11, 1, 2], [12, 1, 2], [13, 1, 2], [14, 1, 2], [16, 15, 3], [18, 17, 3]];
console.log(`\n${row(['Node', 'ratio', 'what', 'value', 'target'])}\n${row(['---', '---', '---', '---:', '---:'])}`);
for (const label of new Set(results.filter((r) => r.id).map((r) => r.node.label))) {
  const byId = Object.fromEntries(results.filter((r) => r.node.label === label && typeof r.id === 'number' && r.id).map((r) => [r.id, r]));
  for (const [a, b, target] of RATIOS) {
    const value = byId[a].median / byId[b].median;
    console.log(row([label, `${a}/${b}`, `${byId[a].name} ÷ ${byId[b].name}`, `${value.toFixed(2)}×`, target ? `≤ ${target}×${value <= target ? ' ✓' : ' ✗'}` : '']));
  }
}
console.log(`\nFloors (the chunks a command loads, loaded and not run) ÷ ${"node -e ''"}: a ratio cannot go below its floor without loading less code.`);
console.log(`${row(['Node', 'command', 'floor ms', 'command ms', 'floor ratio', 'ratio', 'target'])}\n${row(['---', '---', '---:', '---:', '---:', '---:', '---:'])}`);
for (const floor of results.filter((r) => String(r.id).endsWith('f'))) {
  const own = (id) => results.find((r) => r.node.label === floor.node.label && r.id === id);
  const command = own(Number.parseInt(floor.id, 10));
  const [, base, target] = RATIOS.find(([a]) => a === command.id);
  const ratio = (value) => `${(value / own(base).median).toFixed(2)}×`;
  console.log(row([floor.node.label, command.name, floor.median.toFixed(0), command.median.toFixed(0), ratio(floor.median), ratio(command.median), `≤ ${target}× (÷ ${own(base).name})`]));
}
const tree = results.find((r) => r.id === 0);
const installedFirst = results.find((r) => r.id === 1);
console.log(`\nInstalled ÷ build tree, full-stack scaffold on ${tree.node.label}: ${(installedFirst.median / tree.median).toFixed(2)}×`);
const heaviest = Math.max(...results.filter((r) => typeof r.id === 'number' && r.id !== 5 && r.id !== 6).map((r) => r.peakMiB));
console.log(`Peak memory of our commands: ${heaviest.toFixed(1)} MiB (target < 100 MiB${heaviest < 100 ? ' ✓' : ' ✗'})`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ runs, footprint, results: results.map(({ argv, node, ...r }) => ({ ...r, node: node.label })) }, null, 2));
