#!/usr/bin/env node
// Build step (after tsc and precompile-templates): bundles each CLI program in dist/bin/ into
// CommonJS chunks in dist/bundle/, and writes the package's bins in dist/cli/: each turns on
// Node's compile cache where Node has it (22 and later), then loads its program. CommonJS
// because Node 20 loads it faster than ES modules (no async linking). BUNDLE_MINIFY=false keeps
// it readable for profiling. Lazy imports stay lazy (their own chunks), so `--help` loads only
// the argument parser. dist/bundle/ sits two folders below the root, like the tsc output, so
// src/util/paths.ts holds.
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
// The bins carry handlebars' runtime only, and render the templates this build precompiled: the
// compiler (two thirds of handlebars) gives way to a refusal that says to rebuild.
const runtimeOnlyTemplates = {
  name: 'runtime-only-templates',
  resolveId(source, importer) {
    if (!importer || !source.endsWith('/template-compiler.js')) return null;
    return path.join(path.dirname(importer), 'template-compiler-bundled.js');
  },
};
// Node 20 compiles a function when it is first called, after a quick pre-parse of it with the
// rest of its file: a CommonJS module's wrapper (commander's, handlebars') is read twice, each
// run. A function in parentheses, `(function`, V8 takes for one called at once, and compiles it
// with its file, reading it once; rolldown (and its minifier, after renderChunk) writes each
// wrapper as an arrow, which that heuristic does not see. So the written chunks get functions:
// a wrapper is the argument of the one runtime helper called with an arrow, annotated pure. Its
// `this` is an argument (rolldown renames it), so the function does what the arrow did. A
// wrapper runs when its chunk loads or soon after: a chunk holds what its commands need.
const eagerModuleWrappers = {
  name: 'eager-module-wrappers',
  generateBundle(_, bundle) {
    let rewritten = 0;
    for (const chunk of Object.values(bundle)) {
      const runtime = chunk.type === 'chunk' && /([\w$]+)\s*=\s*require\("\.\/rolldown-runtime-[\w-]+\.js"\)/.exec(chunk.code)?.[1];
      if (!runtime) continue;
      const helper = `/\\* @__PURE__ \\*/\\s*${runtime.replaceAll('$', '\\$')}\\.[\\w$]+\\(`;
      // The wrapper in its own parentheses: `helper(((a,b)=>{` or `helper((a=>{`.
      const wrapper = new RegExp(`(${helper})\\((?:\\(([\\w$,\\s]*)\\)|([\\w$]+))\\s*=>\\s*\\{`, 'g');
      chunk.code = chunk.code.replace(wrapper, (_, call, parameters, parameter) => {
        rewritten += 1;
        return `${call}(function(${parameters ?? parameter}){`;
      });
      // Any other arrow given to the helper is a form this rewrite does not know: stop, rather than guess.
      const left = new RegExp(`${helper}\\(*[\\w$,\\s]*\\)?\\s*=>`).exec(chunk.code);
      if (left) throw new Error(`${chunk.fileName}: a module wrapper of a form eagerModuleWrappers does not rewrite (${left[0]}): update it in scripts/bundle.mjs`);
    }
    if (rewritten === 0) throw new Error('no CommonJS module wrapper found in the bundle: update eagerModuleWrappers in scripts/bundle.mjs');
  },
};
const cliFolder = path.join(root, 'dist/cli');

rmSync(bundleFolder, { recursive: true, force: true });
await build({
  input: Object.fromEntries(programs.map((name) => [name, path.join(bin, `${name}.js`)])),
  platform: 'node',
  logLevel: 'warn',
  plugins: [lazyChildProcess, runtimeOnlyTemplates, eagerModuleWrappers],
  // node-plop imports inquirer for plop's own prompts; the CLI asks its questions itself.
  resolve: {
    alias: {
      inquirer: path.join(root, 'scripts/inquirer-stub.mjs'),
      'source-map': path.join(root, 'scripts/unused-stub.cjs'),
      resolve: path.join(root, 'scripts/unused-stub.cjs'),
      // yaml's ES-module build (the same code as its CommonJS one for Node, but for warnings:
      // console.warn, not process.emitWarning): an ES module can be scope-hoisted and
      // tree-shaken; the CommonJS build is carried and initialised whole.
      yaml: path.join(root, 'node_modules/yaml/browser/dist/index.js'),
    },
  },
  // import() becomes require(): a lazy chunk then loads as CommonJS too.
  output: { dir: bundleFolder, format: 'cjs', dynamicImportInCjs: false, minify, entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});

// The bins: one small file a program, executable, as npm link and npx run them. Each names its
// own program, so a bin keeps working under any name npm gives it.
rmSync(cliFolder, { recursive: true, force: true });
mkdirSync(cliFolder);
for (const folder of [bundleFolder, cliFolder]) writeFileSync(path.join(folder, 'package.json'), '{ "type": "commonjs" }\n');
for (const name of programs) {
  const file = path.join(cliFolder, `${name}.js`);
  writeFileSync(
    file,
    `#!/usr/bin/env node
// Generated by scripts/bundle.mjs. Node's compile cache (Node 22 and later) keeps the compiled
// bundle between runs, keyed by each file's contents (NODE_COMPILE_CACHE chooses the folder).
// It holds what was compiled when the file was: with the cache on, V8 compiles every function up
// front (--no-lazy), so the cache holds them all and later runs compile none. Without the cache
// (Node 20, or NODE_DISABLE_COMPILE_CACHE) functions stay lazy, as most of them never run.
// --optimize-for-size: Node 22 and later grow the heap of a large pack (1,000 env entries) past
// 100 MiB; with it they stay near 85 MiB, for about 1% more time.
const nodeModule = require('node:module');
const cache = nodeModule.enableCompileCache?.();
const status = nodeModule.constants?.compileCacheStatus;
if (cache && (cache.status === status.ENABLED || cache.status === status.ALREADY_ENABLED)) require('node:v8').setFlagsFromString('--no-lazy --optimize-for-size');
require('../bundle/${name}.js');
`,
  );
  chmodSync(file, 0o755);
}
const chunks = readdirSync(bundleFolder).filter((file) => file.endsWith('.js')).length - programs.length;
console.log(`bundled ${programs.join(', ')} into dist/bundle/ (${chunks} lazy chunks), bins in dist/cli/`);
