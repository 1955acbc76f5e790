import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { afterAll, it } from 'vitest';
import { type ResultPromise, execa } from 'execa';
import { CLI, REPO_ROOT } from '../support/generate.js';
import { packNodeFolder } from './pack-node.js';

export const BUN = path.join(REPO_ROOT, 'node_modules/.bin/bun');
/** One Bun download cache for every variant and every run (the repo ignores .tools/). */
export const BUN_CACHE = path.join(REPO_ROOT, '.tools/bun-cache');

/** The environment a pack's commands run in: ours, with the repo's Bun and Node 24 (the pack CI's) first on PATH, and the shared cache. */
export function packEnv(): NodeJS.ProcessEnv {
  mkdirSync(BUN_CACHE, { recursive: true });
  return {
    ...process.env,
    PATH: [path.dirname(BUN), packNodeFolder(), process.env.PATH ?? ''].join(path.delimiter),
    BUN_INSTALL_CACHE_DIR: BUN_CACHE,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
}

/** Runs a command to the end; on a non-zero exit, throws with the tail of its output. */
export async function run(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }) {
  const result = await execa(file, args, {
    cwd: options.cwd,
    env: options.env ?? packEnv(),
    extendEnv: false,
    all: true,
    reject: false,
    timeout: options.timeoutMs ?? 5 * 60_000,
    stdin: 'ignore',
  });
  if (result.exitCode !== 0 || result.timedOut)
    throw new Error(
      `\`${[file, ...args].join(' ')}\` in ${options.cwd} ${result.timedOut ? 'timed out' : `exited ${result.exitCode}`}:\n${result.all.slice(-4000)}`,
    );
  return result;
}

/** Generates a pack with the CLI, as a user would, into `parent`. */
export function generateWithCli(parent: string, args: string[]) {
  return run(process.execPath, [CLI, ...args], { cwd: parent, env: { ...packEnv(), CI: 'true' } });
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s (last: ${last})`);
}

export async function httpStatus(url: string): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.arrayBuffer();
  return response.status;
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** A real nats-server (the Debian package) on a free loopback port. */
export async function startNatsServer(): Promise<{ url: string; process: ResultPromise }> {
  const port = await freePort();
  const server = execa('nats-server', ['-a', '127.0.0.1', '-p', String(port)], { reject: false, all: true, stdin: 'ignore' });
  let ended: string | undefined;
  void server.then((result) => {
    ended = result.failed ? result.shortMessage : `exited ${result.exitCode}: ${result.all}`;
  });
  const url = `nats://127.0.0.1:${port}`;
  await waitFor(`nats-server listening on ${url}`, 10_000, async () => {
    if (ended) throw new Error(`nats-server ${ended}`);
    return (await tcpOpen(port)) ? true : undefined;
  }).catch((error: Error) => {
    throw new Error(`${error.message}. Is nats-server installed? (apt-get install -y nats-server)`);
  });
  return { url, process: server };
}

/** The minimal NATS client surface the test uses, from the NATS client the generated service installed. */
export interface NatsClient {
  request(subject: string, data?: string, options?: { timeout: number }): Promise<{ string(): string }>;
  close(): Promise<void>;
}

export async function connectWithPackClient(servicePackageJson: string, url: string): Promise<NatsClient> {
  const nats = createRequire(servicePackageJson)('@nats-io/transport-node') as { connect(options: { servers: string }): Promise<NatsClient> };
  return nats.connect({ servers: url });
}

export interface StepTiming {
  variant: string;
  step: string;
  seconds: number;
  result: 'passed' | 'failed' | 'skipped';
}

const timings: StepTiming[] = [];

/**
 * A test that is one step of a variant: timed, and skipped once an earlier step of the
 * same variant failed (the later steps need what it made).
 */
export function stepsOf(variant: string) {
  let broken: string | undefined;
  afterAll(() => {
    const rows = timings.filter((timing) => timing.variant === variant);
    const width = Math.max(...rows.map((row) => row.step.length));
    const lines = rows.map((row) => `  ${row.step.padEnd(width)}  ${row.seconds.toFixed(1).padStart(6)} s  ${row.result}`);
    const total = rows.reduce((sum, row) => sum + row.seconds, 0);
    console.log(`\n${variant}: step timings\n${lines.join('\n')}\n  ${'total'.padEnd(width)}  ${total.toFixed(1).padStart(6)} s\n`);
  });
  /** `checkOnly`: nothing later needs what this step makes, so its failure skips nothing. */
  return function step(name: string, body: () => Promise<void>, options: { checkOnly?: boolean; timeoutMs?: number } = {}) {
    it(name, async (context) => {
      if (broken) {
        timings.push({ variant, step: name, seconds: 0, result: 'skipped' });
        context.skip(`an earlier step failed: ${broken}`);
      }
      const started = performance.now();
      try {
        await body();
        timings.push({ variant, step: name, seconds: (performance.now() - started) / 1000, result: 'passed' });
      } catch (error) {
        if (!options.checkOnly) broken = name;
        timings.push({ variant, step: name, seconds: (performance.now() - started) / 1000, result: 'failed' });
        throw error;
      }
    }, options.timeoutMs ?? 5 * 60_000);
  };
}
