import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateScenario, readJson, readText, scenarioNames } from '../support/generate.js';

/** A Dockerfile as stages of [instruction, arguments] lines (continuations are not used in ours). */
function dockerStages(text: string): [string, string][][] {
  const stages: [string, string][][] = [];
  for (const line of text.split('\n')) {
    const match = /^([A-Z]+)\s+(.*)$/.exec(line.trim());
    if (!match) continue;
    if (match[1] === 'FROM') stages.push([]);
    stages.at(-1)?.push([match[1]!, match[2]!]);
  }
  return stages;
}

describe.each(await scenarioNames())('pack files of scenario %s', async (scenario) => {
  const { folder, answers } = await generateScenario(scenario);
  const fullStack = answers.kind === 'full-stack';
  const workspaces = fullStack ? ['package', 'service'] : ['package'];

  it('root scripts build, typecheck and test run the same script in every workspace', async () => {
    const root = await readJson(folder, 'package.json');
    expect(root.private).toBe(true);
    expect(root.workspaces).toEqual(workspaces);
    for (const script of ['build', 'typecheck', 'test']) {
      expect(root.scripts[script]).toBe(`bun run --filter '*' ${script}`);
      for (const workspace of workspaces) expect((await readJson(folder, `${workspace}/package.json`)).scripts[script]).toBeTruthy();
    }
  });

  it('package/ builds ESM, CJS and types with tsdown, React as a peer, and no @khal-os package to install', async () => {
    const frontend = await readJson(folder, 'package/package.json');
    expect(frontend.version).toBe(answers.version);
    expect(frontend.peerDependencies).toHaveProperty('react');
    expect(frontend.scripts.build).toBe('tsdown');
    expect(frontend.exports['.'].import.default).toBe('./dist/index.js');
    expect(frontend.exports['.'].require.default).toBe('./dist/index.cjs');
    expect(frontend.devDependencies).toHaveProperty('tsdown');
    expect(frontend.devDependencies).not.toHaveProperty('tsup');
    const installed = Object.keys({ ...frontend.dependencies, ...frontend.devDependencies, ...frontend.peerDependencies });
    expect(installed.filter((name) => name.startsWith(`${answers.scope}/`) || name.startsWith('@khal-os/'))).toEqual([]);
    expect(existsSync(path.join(folder, 'package/tsup.config.ts'))).toBe(false);
    const config = await readText(folder, 'package/tsdown.config.ts');
    // react, react-dom and every @khal-os package (the shell provides them), plus a custom scope (the contract).
    const externals = answers.scope === '@khal-os' ? '' : `, ${JSON.stringify(answers.scope)}`;
    expect(config).toContain(`const PROVIDED_BY_THE_SHELL = ['react', 'react-dom', '@khal-os'${externals}];`);
    expect(config).toMatch(/neverBundle: \(id\) => PROVIDED_BY_THE_SHELL\.some/);
    expect(config).toMatch(/format: \['esm', 'cjs'\]/);
    expect(config).toMatch(/dts: true/);
  });

  it.runIf(fullStack)('the Dockerfile builds the service in one stage and runs the bundle as a non-root user in another', async () => {
    const stages = dockerStages(await readText(folder, 'service/Dockerfile'));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const run = stages.at(-1)!;
    expect(run[0]![1]).toMatch(/^oven\/bun:/);
    const user = run.find(([instruction]) => instruction === 'USER')?.[1];
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/); // numeric and not 0: Kubernetes can verify runAsNonRoot
    expect(run.find(([instruction]) => instruction === 'EXPOSE')?.[1]).toBe(String(answers.port));
    // Every file copied from the build context exists in the pack (the context is the pack's root).
    for (const [instruction, args] of stages.flat()) {
      if (instruction !== 'COPY' || args.startsWith('--from')) continue;
      const sources = args.split(/\s+/).filter((word) => !word.startsWith('--')).slice(0, -1);
      for (const source of sources) expect(existsSync(path.join(folder, source)), `${source} is in the pack`).toBe(true);
    }
    // The run stage runs what the build stage's `bun run build` writes.
    const service = await readJson(folder, 'service/package.json');
    expect(service.scripts.build).toContain('--outfile dist/index.js');
    expect(run.some(([instruction, args]) => instruction === 'COPY' && args.startsWith('--from=build /app/dist/index.js'))).toBe(true);
    expect(run.find(([instruction]) => instruction === 'HEALTHCHECK')?.[1]).toContain('/app/healthcheck.sh');
    expect(statSync(path.join(folder, 'service/healthcheck.sh')).mode & 0o111).not.toBe(0);
  });

  it.runIf(fullStack)('the service answers ping on khal.<orgId>.<id>.ping and has tests of its config and HTTP endpoints', async () => {
    const index = await readText(folder, 'service/src/index.ts');
    // No org id is guessed: without KHAL_ORG_ID the service answers every org's ping.
    expect(index).toContain("return `khal.${orgId ?? '*'}.${PACK_ID}.ping`;");
    expect(await readText(folder, 'service/src/config.ts')).toContain(`export const PACK_ID = ${JSON.stringify(answers.name)};`);
    for (const test of ['service/src/config.test.ts', 'service/src/http.test.ts']) expect(existsSync(path.join(folder, test))).toBe(true);
  });

  it.runIf(fullStack)('the service talks to NATS with the v3 client, not the legacy nats package', async () => {
    const service = await readJson(folder, 'service/package.json');
    expect(service.dependencies).toHaveProperty('@nats-io/transport-node');
    expect(service.dependencies).not.toHaveProperty('nats');
    expect(await readText(folder, 'service/src/index.ts')).toMatch(/from '@nats-io\/transport-node';/);
  });
});
