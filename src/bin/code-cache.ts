import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

// Node 20 has no compile cache (module.enableCompileCache came in Node 22): every run parsed
// and compiled the bundle again, about a third of a run. This loader compiles the bundle's
// CommonJS chunks with V8 code caches that the build wrote next to them (`<chunk>.cache`),
// made after real runs so they hold the functions a run needs, not only the top level.
// V8 checks a cache against its own version and flags but, of the source, only its length:
// so a cache older than its chunk (the chunk was edited after the build) is not used either.
// A cache left out costs one ordinary compile, nothing else.
//
// KHAL_PACK_CODE_CACHE: unset reads the caches; "write" also rewrites them when the run
// exits (the build does this); "off" loads the bundle without them; "report" reads them and
// prints, on exit, what became of each chunk's cache (accepted, rejected, missing or stale).

type CodeCacheMode = 'read' | 'write' | 'off' | 'report';

interface CompiledChunk {
  file: string;
  script: vm.Script;
  cache: 'accepted' | 'rejected' | 'missing' | 'stale';
}

const CACHE_SUFFIX = '.cache';

export function codeCacheMode(value = process.env.KHAL_PACK_CODE_CACHE): CodeCacheMode {
  return value === 'write' || value === 'off' || value === 'report' ? value : 'read';
}

interface ChunkModule {
  exports: unknown;
}

// The CommonJS wrapper, kept on the chunk's first line so that stack traces keep their lines.
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_END = '\n})';

/**
 * Runs the bundled `program`. Its chunks, and only they, are loaded here rather than by Node's
 * module loader: a chunk asks for another by a relative path ("./render-pack-<hash>.js"),
 * and for nothing else but Node's built-in modules.
 */
export function runWithCodeCache(program: string, mode = codeCacheMode()): void {
  const nodeRequire = createRequire(program);
  if (mode === 'off') {
    nodeRequire(program);
    return;
  }
  const folder = path.dirname(program);
  const loaded = new Map<string, ChunkModule>();
  const chunks: CompiledChunk[] = [];
  const load = (file: string): unknown => {
    const known = loaded.get(file);
    if (known) return known.exports;
    const module: ChunkModule = { exports: {} };
    loaded.set(file, module);
    const chunk = compileChunk(readFileSync(file, 'utf8'), file);
    chunks.push(chunk);
    const run = chunk.script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
    const require = (id: string) => (id.startsWith('./') ? load(path.join(folder, id)) : nodeRequire(id));
    run.call(module.exports, module.exports, require, module, file, folder);
    return module.exports;
  };
  if (mode === 'write') process.once('exit', () => chunks.forEach(writeCache));
  if (mode === 'report')
    process.once('exit', () => chunks.forEach((chunk) => process.stderr.write(`code cache ${path.basename(chunk.file)}: ${chunk.cache}\n`)));
  load(program);
}

function compileChunk(content: string, file: string): CompiledChunk {
  const cacheStats = statSync(file + CACHE_SUFFIX, { throwIfNoEntry: false });
  // npm gives every file of a package one date, so a cache is never older than its chunk unless the chunk was edited.
  const stale = cacheStats !== undefined && cacheStats.mtimeMs < statSync(file).mtimeMs;
  const cachedData = cacheStats && !stale ? readFileSync(file + CACHE_SUFFIX) : undefined;
  // A shebang is legal only on a file's first line, and the wrapper comes before it.
  const source = content.startsWith('#!') ? `//${content}` : content;
  // No importModuleDynamically: the bundle holds no import() (scripts/bundle.mjs sees to it).
  // The column offset keeps stack traces' columns on line 1 (most of a minified chunk) true.
  const script = new vm.Script(WRAPPER_START + source + WRAPPER_END, { filename: file, cachedData, columnOffset: -WRAPPER_START.length });
  const cache = stale ? 'stale' : cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return { file, script, cache };
}

// Written beside the chunk through a temporary file, so a concurrent run never reads half a cache.
function writeCache(chunk: CompiledChunk): void {
  const temporary = `${chunk.file}${CACHE_SUFFIX}.${process.pid}`;
  writeFileSync(temporary, chunk.script.createCachedData());
  renameSync(temporary, chunk.file + CACHE_SUFFIX);
}
