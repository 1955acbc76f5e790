import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { filesUnder } from '../../src/util/files.js';

// vitest's globalSetup: many tests run the bundled bins (dist/cli/) as a user would. npm test
// builds first; a run started another way (npx vitest run <file>) after an edit of src/ or
// templates/ builds here, saying so, instead of testing the last build.
const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD_INPUTS = ['src', 'templates'];
const BUILD_SCRIPTS = ['scripts/precompile-templates.mjs', 'scripts/bundle.mjs', 'tsconfig.json', 'package.json'];

const modified = (file: string) => statSync(file, { throwIfNoEntry: false })?.mtimeMs;

export function staleBuildReason(root = ROOT): string | undefined {
  const built = modified(path.join(root, 'dist/cli/khal-pack.js'));
  if (built === undefined) return 'there is no build (dist/cli/)';
  const inputs = [
    ...BUILD_INPUTS.flatMap((folder) => filesUnder(path.join(root, folder)).map((file) => path.join(folder, file))),
    ...BUILD_SCRIPTS,
  ];
  const newer = inputs.find((file) => (modified(path.join(root, file)) ?? 0) > built);
  return newer === undefined ? undefined : `${newer} changed since the last build`;
}

export default function setup(): void {
  const reason = staleBuildReason();
  if (reason === undefined) return;
  console.log(`${reason}: building the kit first (npm run build), as the tests run its bins`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}
