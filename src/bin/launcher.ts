#!/usr/bin/env node
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from './code-cache.js';

// The package's bins (dist/cli/<name>.js) are copies of this launcher: each runs the bundled
// program of the same name in dist/bundle/ through the code cache.
const launcher = fileURLToPath(import.meta.url);
runWithCodeCache(path.resolve(path.dirname(launcher), '../bundle', path.basename(launcher)));
