import Handlebars from 'handlebars';
import { COMPILED_TEMPLATES } from './compiled-templates.js';
import { TEMPLATE_HELPERS } from './template-helpers.js';

// The one handlebars instance that renders packs, with the helpers registered here and nowhere
// else. Templates may use only these helpers: the build's precompiler and this runtime
// compiler refuse any other, so a template cannot work in one and fail in the other.
const engine = Handlebars.create();
for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) engine.registerHelper(name, helper as Handlebars.HelperDelegate);

export const KNOWN_HELPERS = Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((name) => [name, true]));

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
    const render =
      precompiled?.source === source
        ? engine.template(precompiled.spec)
        : engine.compile(source, { knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true });
    compiled.set(key, (entry = { source, render }));
  }
  return entry.render(data);
}
