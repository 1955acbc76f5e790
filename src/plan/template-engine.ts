import type Handlebars from 'handlebars';
import { HandlebarsRuntime } from './handlebars-runtime.js';
import { COMPILED_TEMPLATES } from './compiled-templates.js';
import { compileTemplate } from './template-compiler.js';
import { TEMPLATE_HELPERS } from './template-helpers.js';

// The one handlebars instance that renders packs, with the helpers registered here and nowhere
// else. Templates may use only these helpers: the compiler (template-compiler.ts), at build time
// or at run time, refuses any other, so a template cannot work in one and fail in the other.
const engine = HandlebarsRuntime.create();
for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) engine.registerHelper(name, helper as Handlebars.HelperDelegate);

const compiled = new Map<string, { source: string; render: Handlebars.TemplateDelegate }>();

/**
 * Renders a template (`key`: its path under templates/). Uses the build's precompiled form when
 * it was compiled from this very source, else compiles it now (an edited template, or the
 * source tree, where nothing is precompiled).
 */
export function renderTemplate(key: string, source: string, data: object): string {
  let entry = compiled.get(key);
  if (entry?.source !== source) {
    const precompiled = COMPILED_TEMPLATES[key];
    const render = engine.template(precompiled?.source === source ? precompiled.spec : compileTemplate(key, source));
    compiled.set(key, (entry = { source, render }));
  }
  return entry.render(data);
}
