import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { generatorVersion } from '../../src/util/paths.js';
import { REPO_ROOT, generateScenario } from '../support/generate.js';
import { installKitFromTarball } from '../support/kit-tarball.js';

const BUN = path.join(REPO_ROOT, 'node_modules/.bin/bun');
const BUNX = path.join(REPO_ROOT, 'node_modules/.bin/bunx');
const built = existsSync(path.join(REPO_ROOT, 'dist/cli/khal-pack.js'));

describe('the kit as the pack\'s pinned development dependency', () => {
  it.runIf(built && existsSync(BUNX))(
    'installed from the packed tarball into a generated pack, bunx khal-pack check runs it and passes',
    async () => {
      const { folder } = await generateScenario('frontend-only-minimal');
      const rootPackage = JSON.parse(await readFile(path.join(folder, 'package.json'), 'utf8'));
      expect(rootPackage.devDependencies).toEqual({ 'create-khal-pack': generatorVersion() });
      await installKitFromTarball(folder);
      await execa(BUN, ['install'], { cwd: folder, timeout: 240_000 });

      // Only node and the system on PATH: the khal-pack that runs is the pack's own, not the kit's.
      const env = { PATH: [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter), NO_COLOR: '1' };
      const version = await execa(BUNX, ['khal-pack', '--version'], { cwd: folder, env, extendEnv: false, reject: false });
      expect(version.stdout.trim()).toBe(generatorVersion());
      const check = await execa(BUNX, ['khal-pack', 'check'], { cwd: folder, env, extendEnv: false, reject: false });
      expect(check.exitCode, check.stderr).toBe(0);
      expect(check.stdout).toContain('No problems found.');
      expect(existsSync(path.join(folder, 'node_modules/create-khal-pack/templates'))).toBe(true);
    },
    300_000,
  );
});
