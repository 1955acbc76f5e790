import { describe, expect, it } from 'vitest';
import { generateScenario, readJson, readText, scenarioNames } from '../support/generate.js';

/** The ```sh blocks of a Markdown text, each as its command lines, comments dropped. */
function shellBlocks(markdown: string): string[][] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) =>
    match[1]!.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter(Boolean),
  );
}

// The pack's README, followed step by step on a fresh machine, reaches a running service: every
// tool it needs says where it comes from, and every command it gives exists.
describe.each(await scenarioNames())("the pack README's steps, scenario %s", async (scenario) => {
  const { folder, answers } = await generateScenario(scenario);
  const fullStack = answers.kind === 'full-stack';
  const readme = await readText(folder, 'README.md');
  const blocks = shellBlocks(readme);
  const commands = blocks.flat();

  it("names the frontend's build tool as package/package.json runs it", async () => {
    const build = (await readJson(folder, 'package/package.json')).scripts.build as string;
    const tool = build.split(' ')[0]!;
    const line = readme.split('\n').find((text) => text.startsWith('- `package/`'))!;
    expect(line).toContain(`built with ${tool} `);
    for (const other of ['tsup', 'tsdown', 'vite', 'rollup'].filter((name) => name !== tool)) expect(readme).not.toContain(`built with ${other}`);
  });

  it('says how to get Bun, and that a clone of the kit has one', () => {
    expect(readme).toContain('`npm install -g bun`');
    expect(readme).toContain('`node_modules/.bin/bun`');
  });

  it('makes a git repository and a first commit before the first push', () => {
    const order = ['git init', 'git add -A', 'git commit', 'git remote add origin', 'git push'].map((start) =>
      commands.findIndex((command) => command.startsWith(start)),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('runs only scripts the workspace it runs in has (each block starts at the pack root)', async () => {
    const scripts = async (where: string) => Object.keys((await readJson(folder, `${where}/package.json`)).scripts);
    let checked = 0;
    for (const block of blocks) {
      let workspace = '.';
      for (const command of block.flatMap((line) => line.split('&&').map((part) => part.trim()))) {
        if (command.startsWith('cd ')) workspace = `${workspace}/${command.slice(3).trim()}`;
        const script = /^bun run (\S+)/.exec(command)?.[1];
        if (!script) continue;
        expect(await scripts(workspace), `bun run ${script} in ${workspace}`).toContain(script);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(fullStack ? 5 : 3);
  });

  it.runIf(fullStack)('gives a local NATS server, the URL the service uses, and the ping command', async () => {
    expect(readme).toContain('apt-get install nats-server');
    const localUrl = /export const LOCAL_NATS_URL = '([^']+)';/.exec(await readText(folder, 'service/src/config.ts'))?.[1];
    expect(localUrl).toBeDefined();
    expect(readme).toContain(`\`${localUrl}\``);
    const example = await readText(folder, 'service/.env.example');
    expect(example).toContain(`\nKHAL_NATS_URL=${localUrl}\n`);
    expect(example).toMatch(/\nKHAL_ORG_ID=\n/);
    expect(commands).toContain('nats-server &');
    expect(commands).toContain('cd service && bun run ping');
    expect(commands).toContain(`curl http://127.0.0.1:${answers.port}/readyz`);
  });

  it.runIf(fullStack)('says where helm comes from before it runs helm', () => {
    expect(readme).toMatch(/\[Helm\]\(https:\/\/helm\.sh\/[^)]*\)/);
    expect(readme.indexOf('[Helm](')).toBeLessThan(readme.indexOf('helm lint'));
  });
});
