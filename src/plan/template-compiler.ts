import Handlebars from 'handlebars';
import type { TemplateSpecification } from './compiled-templates.js';
import { KNOWN_HELPERS } from './template-helpers.js';

// handlebars' compiler, two thirds of the library. The build precompiles every template with it
// (scripts/precompile-templates.mjs); src/ and the tsc build (plop) compile at run time a
// template that nothing precompiled, or that changed since the build. The bundled bins carry only
// handlebars' runtime: scripts/bundle.mjs puts template-compiler-bundled.ts in this module's place.

/** A template's source compiled to the JavaScript of its specification; only the helpers of template-helpers.ts are allowed. */
export function precompileTemplate(source: string): string {
  return Handlebars.precompile(source, { knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true }) as unknown as string;
}

/** A template compiled now, to the specification the runtime takes, as the build would have compiled it. */
export function compileTemplate(_key: string, source: string): TemplateSpecification {
  return new Function(`return ${precompileTemplate(source)};`)() as TemplateSpecification;
}
