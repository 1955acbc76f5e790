#!/usr/bin/env node
// Build step (after tsc and precompile-templates): bundles each CLI entry in dist/bin/ into
// one module graph in dist/cli/ (the package's bins), so a run loads a few files instead of
// hundreds. BUNDLE_MINIFY=false keeps it readable for profiling. Lazy imports
// stay lazy (their own chunks), so `--help` loads only the argument parser. Entries and
// chunks sit two folders below the root, like the tsc output, so src/util/paths.ts holds.
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist/bin');
const entries = Object.fromEntries(
  ['create-khal-pack', 'khal-pack']
    .filter((name) => existsSync(path.join(bin, `${name}.js`)))
    .map((name) => [name, path.join(bin, `${name}.js`)]),
);

const output = path.join(root, 'dist/cli');
rmSync(output, { recursive: true, force: true });
await build({
  input: entries,
  platform: 'node',
  logLevel: 'warn',
  // node-plop imports inquirer for plop's own prompts; the CLI asks its questions itself.
  resolve: {
    alias: {
      inquirer: path.join(root, 'scripts/inquirer-stub.mjs'),
      'source-map': path.join(root, 'scripts/unused-stub.cjs'),
      resolve: path.join(root, 'scripts/unused-stub.cjs'),
    },
  },
  output: { dir: output, format: 'esm', minify: process.env.BUNDLE_MINIFY !== 'false', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});
// The entries are the package's bins: executable, as npm link and npx run them directly.
for (const name of Object.keys(entries)) chmodSync(path.join(output, `${name}.js`), 0o755);
console.log(`bundled ${Object.keys(entries).join(', ')} into dist/cli/ (${readdirSync(output).length - Object.keys(entries).length} lazy chunks)`);
