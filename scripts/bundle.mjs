#!/usr/bin/env node
// Build step (after tsc and precompile-templates): bundles each CLI program in dist/bin/ into
// CommonJS chunks in dist/bundle/, and writes the package's bins in dist/cli/: a launcher that
// runs the program of its name through V8 code caches (src/bin/code-cache.ts; the caches come
// from scripts/warm-code-cache.mjs). CommonJS because Node 20 can only cache scripts, not ES
// modules, and loads them faster. BUNDLE_MINIFY=false keeps it readable for profiling. Lazy
// imports stay lazy (their own chunks), so `--help` loads only the argument parser. Both
// folders sit two folders below the root, like the tsc output, so src/util/paths.ts holds.
import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist/bin');
const programs = ['create-khal-pack', 'khal-pack'].filter((name) => existsSync(path.join(bin, `${name}.js`)));
const minify = process.env.BUNDLE_MINIFY !== 'false';
const bundleFolder = path.join(root, 'dist/bundle');

// commander requires child_process (and with it net, dgram and streams, about 2 ms) only to
// run external subcommands, which these CLIs have none of: load it on first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process-in-commander',
  transform(code, id) {
    if (!id.includes(`${path.sep}commander${path.sep}lib${path.sep}command.js`)) return null;
    const eager = "const childProcess = require('node:child_process');";
    if (!code.includes(eager)) throw new Error(`${id} no longer holds "${eager}": update scripts/bundle.mjs`);
    return code.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
  },
};
const cliFolder = path.join(root, 'dist/cli');

for (const folder of [bundleFolder, cliFolder]) {
  rmSync(folder, { recursive: true, force: true });
  await build({
    input:
      folder === bundleFolder
        ? Object.fromEntries(programs.map((name) => [name, path.join(bin, `${name}.js`)]))
        : { launcher: path.join(bin, 'launcher.js') },
    platform: 'node',
    logLevel: 'warn',
    plugins: [lazyChildProcess],
    // node-plop imports inquirer for plop's own prompts; the CLI asks its questions itself.
    resolve: {
      alias: {
        inquirer: path.join(root, 'scripts/inquirer-stub.mjs'),
        'source-map': path.join(root, 'scripts/unused-stub.cjs'),
        resolve: path.join(root, 'scripts/unused-stub.cjs'),
      },
    },
    output: { dir: folder, format: 'cjs', dynamicImportInCjs: false, minify, entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
  });
  // The code-cache loader compiles chunks as scripts, where import() has no loader to call:
  // dynamicImportInCjs turns every import() into require(), and this makes sure none is left.
  // (Only in minified output: a readable build keeps comments, where commander's JSDoc says import(...).)
  for (const file of minify ? readdirSync(folder).filter((name) => name.endsWith('.js')) : [])
    if (readFileSync(path.join(folder, file), 'utf8').includes('import('))
      throw new Error(`dist/${path.basename(folder)}/${file} holds an import(), which the code-cache loader cannot run`);
  // The package is "type": "module"; these folders hold CommonJS.
  writeFileSync(path.join(folder, 'package.json'), '{ "type": "commonjs" }\n');
}

// The bins: one launcher under each program's name, executable, as npm link and npx run them.
for (const name of programs) {
  copyFileSync(path.join(cliFolder, 'launcher.js'), path.join(cliFolder, `${name}.js`));
  chmodSync(path.join(cliFolder, `${name}.js`), 0o755);
}
rmSync(path.join(cliFolder, 'launcher.js'));
const chunks = readdirSync(bundleFolder).filter((file) => file.endsWith('.js')).length - programs.length;
console.log(`bundled ${programs.join(', ')} into dist/bundle/ (${chunks} lazy chunks), launchers in dist/cli/`);
