#!/usr/bin/env node
// Times whole processes side by side on this machine: create-khal-pack against create-vite and
// an empty Node start. `--quick`: one run each (CI keeps it working; ratios are not asserted).
// Usage: npm run bench [-- --quick] [-- --runs N] [-- --json FILE]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

const createCli = path.join(root, 'dist/cli/create-khal-pack.js');
const khalPackCli = path.join(root, 'dist/cli/khal-pack.js');
const createVite = path.join(root, 'node_modules/create-vite/index.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'khal-pack-bench-'));
const fourEnv = [
  '--env', 'WEATHER_API_KEY:secret#API key of the weather provider',
  '--env', 'FEATURE_BETA_UI:boolean=false#Enable the beta UI',
  '--env', 'PROVIDER_URL:url#Base URL of the provider',
  '--env', 'POLL_SECONDS:number=30#Seconds between two readings',
];
const common = ['--yes', '--author', 'Bench', '--description', 'Benchmark pack'];

// A pack for `khal-pack check` to read.
execFileSync('node', [createCli, path.join(work, 'pack-checked'), ...common, '--kind', 'full-stack', ...fourEnv], { stdio: 'ignore' });

let counter = 0;
const fresh = (name) => path.join(work, `${name}-${counter++}`);
const benchmarks = [
  { id: 1, name: 'create-khal-pack full-stack, 4 env', argv: () => [createCli, fresh('pack-fs'), ...common, '--kind', 'full-stack', ...fourEnv] },
  { id: 2, name: 'create-khal-pack frontend-only', argv: () => [createCli, fresh('pack-fe'), ...common, '--kind', 'frontend-only'] },
  { id: 3, name: 'khal-pack check (full-stack pack)', argv: () => [khalPackCli, 'check', path.join(work, 'pack-checked')], needs: khalPackCli },
  { id: 4, name: 'create-khal-pack --help', argv: () => [createCli, '--help'] },
  { id: 5, name: 'create-vite react-ts', argv: () => [createVite, fresh('vite'), '--template', 'react-ts', '--no-interactive'] },
  { id: 6, name: "node -e ''", argv: () => ['-e', ''] },
];

function runOnce(argv) {
  const file = path.join(work, 'time.txt');
  const result = spawnSync(TIME, ['-f', '%e %M', '-o', file, 'node', ...argv], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  const [, kilobytes] = readFileSync(file, 'utf8').trim().split('\n').at(-1).split(' ');
  return { kilobytes: Number(kilobytes) };
}

function measure(benchmark) {
  const times = [];
  let peak = 0;
  for (let i = 0; i < warmups + runs; i++) {
    const argv = benchmark.argv();
    const started = process.hrtime.bigint();
    const { kilobytes } = runOnce(argv);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (i >= warmups) {
      times.push(ms);
      peak = Math.max(peak, kilobytes);
    }
  }
  times.sort((a, b) => a - b);
  return { ...benchmark, median: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1), peakMiB: peak / 1024 };
}

const results = [];
try {
  for (const benchmark of benchmarks) {
    if (benchmark.needs && !existsSync(benchmark.needs)) {
      console.log(`skip ${benchmark.id}. ${benchmark.name}: ${benchmark.needs} is not built`);
      continue;
    }
    results.push(measure(benchmark));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const byId = Object.fromEntries(results.map((result) => [result.id, result]));
const row = (cells) => `| ${cells.join(' | ')} |`;
console.log(`\n${runs} run(s) each after ${warmups} warm-up(s); ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log(row(['#', 'command', 'median ms', 'min–max ms', 'peak MiB']));
console.log(row(['---', '---', '---:', '---:', '---:']));
for (const r of results)
  console.log(row([r.id, r.name, r.median.toFixed(0), `${r.min.toFixed(0)}–${r.max.toFixed(0)}`, r.peakMiB.toFixed(1)]));

const ratios = [
  ['1/5', 'full-stack scaffold ÷ create-vite', 1, 5, 1.5],
  ['2/5', 'frontend-only scaffold ÷ create-vite', 2, 5, undefined],
  ['3/6', 'check ÷ empty Node start', 3, 6, 2],
  ['4/6', '--help ÷ empty Node start', 4, 6, 2],
];
console.log(`\n${row(['ratio', 'what', 'value', 'target'])}\n${row(['---', '---', '---:', '---:'])}`);
for (const [label, what, a, b, target] of ratios) {
  if (!byId[a] || !byId[b]) continue;
  const value = byId[a].median / byId[b].median;
  console.log(row([label, what, `${value.toFixed(2)}×`, target ? `≤ ${target}×${value <= target ? ' ✓' : ' ✗'}` : '']));
}
const heaviest = Math.max(...results.filter((r) => r.id <= 4).map((r) => r.peakMiB));
console.log(`\nPeak memory of our commands: ${heaviest.toFixed(1)} MiB (target < 100 MiB${heaviest < 100 ? ' ✓' : ' ✗'})`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ runs, results }, null, 2));
