import { chmodSync, copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { CustomActionConfig, NodePlopAPI } from 'node-plop';
import { COMPILED_TEMPLATES } from './compiled-templates.js';
import { filesUnder } from '../util/files.js';

export const TEMPLATE_TREE_ACTION = 'khal-template-tree';

// Template policy: a file ending in .hbs is rendered by handlebars and loses the suffix;
// every other file (Helm templates, workflows with ${{ }}) is copied byte for byte.
// `_gitignore` becomes `.gitignore` (npm drops .gitignore files from published packages).
const RENAMES: Record<string, string> = { _gitignore: '.gitignore' };

export function outputPathOf(templatePath: string): string {
  const parsed = path.posix.parse(templatePath.replace(/\.hbs$/, ''));
  return path.posix.join(parsed.dir, RENAMES[parsed.base] ?? parsed.base);
}

/** A node-plop action: renders or copies every file of one template folder into `destination`. */
export function templateTreeAction(templatesRoot: string) {
  return async (data: object, config: CustomActionConfig<string>, plop: NodePlopAPI): Promise<string> => {
    const source = path.join(templatesRoot, String(config.template));
    const destination = path.resolve(plop.getDestBasePath(), String(config.destination ?? '.'));
    const written: string[] = [];
    const folders = new Set<string>();
    for (const file of filesUnder(source)) {
      const output = outputPathOf(file);
      const target = path.resolve(destination, output);
      if (!target.startsWith(destination + path.sep))
        throw new Error(`template ${config.template}/${file} would be written outside the pack, at ${target}`);
      if (!folders.has(path.dirname(target))) mkdirSync(path.dirname(target), { recursive: true });
      folders.add(path.dirname(target));
      const templateFile = path.join(source, file);
      if (file.endsWith('.hbs')) writeFileSync(target, renderTemplate(`${config.template}/${file}`, readFileSync(templateFile, 'utf8'), data, plop));
      else copyFileSync(templateFile, target);
      if (statSync(templateFile).mode & 0o111) chmodSync(target, 0o755);
      written.push(output);
    }
    return `${config.template}: ${written.length} files`;
  };
}

/** Renders with the build's precompiled template when it was compiled from this very source, else compiles it now. */
export function renderTemplate(key: string, source: string, data: object, plop: NodePlopAPI): string {
  const compiled = COMPILED_TEMPLATES[key];
  if (compiled && compiled.source === source) return Handlebars.template(compiled.spec)(data);
  return plop.renderString(source, data);
}
