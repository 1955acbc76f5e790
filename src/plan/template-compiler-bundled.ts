import { EXIT, ExitError } from '../util/exit-codes.js';
import type { TemplateSpecification } from './compiled-templates.js';

// In the bundled bins, in template-compiler.ts's place (scripts/bundle.mjs): they carry only
// handlebars' runtime, and render only the templates their build precompiled.

export function compileTemplate(key: string, _source: string): TemplateSpecification {
  throw new ExitError(
    EXIT.failed,
    `templates/${key} has changed since this kit was built: run \`npm run build\` (the bundled bins render only the templates their build precompiled)`,
  );
}
