import type Handlebars from 'handlebars';
import runtime from 'handlebars/runtime.js';

/** handlebars without its compiler (see template-compiler.ts); the package's types for it are empty, so they are borrowed from the whole library. */
export const HandlebarsRuntime = runtime as unknown as Pick<typeof Handlebars, 'create' | 'SafeString' | 'template'>;
