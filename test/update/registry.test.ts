import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scenarioAnswers, tempFolder } from '../support/generate.js';
import { editText, folderState } from '../commands/support.js';
import { OLD_VERSION, buildOldKit, packKit, packMadeBy } from './kits.js';
import { type LocalRegistry, startLocalRegistry } from './local-registry.js';
import { expectFreshGeneration, khalPackWithCache } from './support.js';

// The third way to the base kit: the registry the user's npm is set up for. A local registry
// (node:http on 127.0.0.1) serves the older kit build as npm would get it from a real one.

const SCENARIO = 'full-stack-four-env';
let oldKit: string;
let oldKitTarball: string;
let registry: LocalRegistry | undefined;

beforeAll(async () => {
  oldKit = await buildOldKit();
  oldKitTarball = await packKit(oldKit);
});

afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

/** khal-pack with the kit cache in `cache` and npm set up for `registry` (its own, empty npm cache too). */
async function khalPack(args: string[], cache: string, registryUrl: string) {
  const npmCache = await tempFolder('khal-pack-npm-cache-');
  return khalPackWithCache(args, { cache, env: { npm_config_registry: registryUrl, npm_config_cache: npmCache, npm_config_update_notifier: 'false' } });
}

/** What the kit cache holds: the kit folders (and any half-unpacked one) under khal-pack/kits. */
async function cachedKits(cache: string): Promise<string[]> {
  const kits = path.join(cache, 'khal-pack/kits');
  return existsSync(kits) ? (await readdir(kits)).sort() : [];
}

describe('khal-pack update: the base kit from the registry npm is set up for', () => {
  it('fetches the kit of the recorded version, caches it, and the next update and update --check use the cache without asking the registry', async () => {
    registry = await startLocalRegistry('create-khal-pack', { [OLD_VERSION]: oldKitTarball });
    const cache = await tempFolder('khal-pack-cache-');
    const folder = await packMadeBy(oldKit, SCENARIO);

    const run = await khalPack(['update', folder], cache, registry.url);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    const cached = path.join(cache, 'khal-pack/kits', OLD_VERSION);
    expect(run.stdout).toContain(`The base (the pack as create-khal-pack@${OLD_VERSION} made it) was remade by that kit, from the registry npm is set up for (${registry.url}), cached in ${cached}.`);
    expect(new Set(registry.requests)).toEqual(new Set(['GET /create-khal-pack', `GET /create-khal-pack/-/create-khal-pack-${OLD_VERSION}.tgz`]));
    const requestsOfTheFirstUpdate = registry.requests.length;
    await expectFreshGeneration(folder, await scenarioAnswers(SCENARIO));
    expect(await cachedKits(cache)).toEqual([OLD_VERSION]);
    expect(JSON.parse(await readFile(path.join(cached, 'package.json'), 'utf8')).version).toBe(OLD_VERSION);
    expect(existsSync(path.join(cached, 'dist/cli/create-khal-pack.js'))).toBe(true);

    const second = await packMadeBy(cached, 'full-stack-no-env');
    const check = await khalPack(['update', second, '--check', '--json'], cache, registry.url);
    expect(check.exitCode, check.stderr).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ upToDate: false, baseKit: `the cache (${cached})` });
    const update = await khalPack(['update', second, '--json'], cache, registry.url);
    expect(update.exitCode, update.stderr).toBe(0);
    expect(JSON.parse(update.stdout).baseKit).toBe(`the cache (${cached})`);
    expect(registry.requests).toHaveLength(requestsOfTheFirstUpdate);
    await expectFreshGeneration(second, await scenarioAnswers('full-stack-no-env'));
  });

  it.each([
    ['has no such package (404)', 'some-other-package', `E404 Not Found - GET {registry}create-khal-pack - Not found`],
    ['has the package but not that version', 'create-khal-pack', `ETARGET No matching version found for create-khal-pack@${OLD_VERSION}`],
  ])('a registry that %s: says the kit is not published and how to give it, exit 1, the pack and the cache untouched', async (_name, served, reason) => {
    registry = await startLocalRegistry(served, {});
    const cache = await tempFolder('khal-pack-cache-');
    const folder = await packMadeBy(oldKit, SCENARIO);
    const before = await folderState(folder);

    const run = await khalPack(['update', folder], cache, registry.url);
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.stderr).toContain(
      `The kit that made this pack, create-khal-pack@${OLD_VERSION}, is neither cached (${path.join(cache, 'khal-pack/kits', OLD_VERSION)}) nor available from the registry npm is set up for, ${registry.url} (npm pack: ${reason.replace('{registry}', registry.url)}), so nothing was changed.`,
    );
    expect(run.stderr).toContain('is not published to a registry yet: give the kit yourself with --base-kit <folder or tarball>');
    expect(new Set(registry.requests)).toEqual(new Set(['GET /create-khal-pack']));
    expect(await folderState(folder)).toEqual(before);
    expect(await cachedKits(cache)).toEqual([]);
  });

  it('a tarball whose package.json has another version than the one asked for: refused, exit 1, nothing cached, the pack untouched', async () => {
    // The registry says 0.0.8 is this tarball; the kit inside is OLD_VERSION.
    registry = await startLocalRegistry('create-khal-pack', { '0.0.8': oldKitTarball });
    const cache = await tempFolder('khal-pack-cache-');
    const folder = await packMadeBy(oldKit, SCENARIO);
    await editText(folder, '.khal-pack.json', (text) => text.replace(`create-khal-pack@${OLD_VERSION}`, 'create-khal-pack@0.0.8'));
    const before = await folderState(folder);

    const run = await khalPack(['update', folder], cache, registry.url);
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.stderr).toContain(`the tarball of create-khal-pack@0.0.8 from ${registry.url} is create-khal-pack@${OLD_VERSION}, but the pack was made by create-khal-pack@0.0.8`);
    expect(registry.requests).toContain('GET /create-khal-pack/-/create-khal-pack-0.0.8.tgz');
    expect(await folderState(folder)).toEqual(before);
    expect(await cachedKits(cache)).toEqual([]);
  });

  it('a broken cached kit (no built CLI): refused with how to mend the cache, exit 1, the pack untouched, the registry not asked', async () => {
    registry = await startLocalRegistry('create-khal-pack', { [OLD_VERSION]: oldKitTarball });
    const cache = await tempFolder('khal-pack-cache-');
    const cached = path.join(cache, 'khal-pack/kits', OLD_VERSION);
    await mkdir(cached, { recursive: true });
    await writeFile(path.join(cached, 'package.json'), JSON.stringify({ name: 'create-khal-pack', version: OLD_VERSION }));
    const folder = await packMadeBy(oldKit, SCENARIO);
    const before = await folderState(folder);

    const run = await khalPack(['update', folder], cache, registry.url);
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.stderr).toContain(`the cached kit ${cached} has no dist/cli/create-khal-pack.js`);
    expect(run.stderr).toContain('To mend the cache, delete that folder (the next update fetches the kit from the registry again)');
    expect(registry.requests).toEqual([]);
    expect(await folderState(folder)).toEqual(before);
  });
});
