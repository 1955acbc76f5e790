import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

// Node 20 has no compile cache (module.enableCompileCache came in Node 22): every run parsed
// and compiled the bundle again, about a third of a run. This loader compiles the bundle's
// CommonJS chunks with V8 code caches that the build wrote next to them (`<chunk>.cache`),
// made after real runs so they hold the functions a run needs, not only the top level.
// V8 checks a cache against its own version, flags and the source: a cache it rejects costs
// one ordinary compile, nothing else.
//
// KHAL_PACK_CODE_CACHE: unset reads the caches; "write" also rewrites them when the run
// exits (the build does this); "off" loads the bundle without them; "report" reads them and
// prints, on exit, what became of each chunk's cache.

type CodeCacheMode = 'read' | 'write' | 'off' | 'report';

interface CompiledChunk {
  file: string;
  script: vm.Script;
  cache: 'accepted' | 'rejected' | 'missing';
}

export const CACHE_SUFFIX = '.cache';

export function codeCacheMode(value = process.env.KHAL_PACK_CODE_CACHE): CodeCacheMode {
  return value === 'write' || value === 'off' || value === 'report' ? value : 'read';
}

interface NodeModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}
const ModuleClass = Module as unknown as {
  prototype: NodeModule;
  wrap(content: string): string;
  _resolveFilename(request: string, parent: NodeModule, isMain?: boolean, options?: object): string;
  _cache: object;
  _extensions: object;
};

/** Runs the bundled `program`, compiling every chunk of its folder through the code cache. */
export function runWithCodeCache(program: string, mode = codeCacheMode()): void {
  const launch = createRequire(program);
  if (mode === 'off') {
    launch(program);
    return;
  }
  const folder = path.dirname(program) + path.sep;
  const chunks: CompiledChunk[] = [];
  const compile = ModuleClass.prototype._compile;
  ModuleClass.prototype._compile = function (this: NodeModule, content: string, filename: string) {
    if (!filename.startsWith(folder)) return compile.call(this, content, filename);
    const chunk = compileChunk(content, filename);
    chunks.push(chunk);
    const wrapper = chunk.script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this, launch), this, filename, path.dirname(filename));
  };
  if (mode === 'write') process.once('exit', () => chunks.forEach(writeCache));
  if (mode === 'report')
    process.once('exit', () => chunks.forEach((chunk) => process.stderr.write(`code cache ${path.basename(chunk.file)}: ${chunk.cache}\n`)));
  launch(program);
}

function compileChunk(content: string, file: string): CompiledChunk {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(file + CACHE_SUFFIX);
  } catch {
    cachedData = undefined;
  }
  // A shebang is legal only on a file's first line, and the CommonJS wrapper comes before it.
  const source = content.startsWith('#!') ? `//${content}` : content;
  const script = new vm.Script(ModuleClass.wrap(source), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  return { file, script, cache: cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted' };
}

function requireFor(module: NodeModule, launch: NodeJS.Require): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  require.resolve = ((request: string, options?: object) =>
    ModuleClass._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  require.main = launch.main;
  require.cache = ModuleClass._cache as NodeJS.Require['cache'];
  require.extensions = ModuleClass._extensions as NodeJS.Require['extensions'];
  return require;
}

// Written beside the chunk through a temporary file, so a concurrent run never reads half a cache.
function writeCache(chunk: CompiledChunk): void {
  const temporary = `${chunk.file}${CACHE_SUFFIX}.${process.pid}`;
  writeFileSync(temporary, chunk.script.createCachedData());
  renameSync(temporary, chunk.file + CACHE_SUFFIX);
}
