import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// This file is compiled to dist/util/paths.js: the repository root is two folders up.
const root = fileURLToPath(new URL('../../', import.meta.url));

export const PATHS = {
  root,
  templates: `${root}templates`,
  packageJson: `${root}package.json`,
};

let version: string | undefined;
export function generatorVersion(): string {
  version ??= (JSON.parse(readFileSync(PATHS.packageJson, 'utf8')) as { version: string }).version;
  return version;
}

export const GENERATOR_NAME = 'create-khal-pack';
