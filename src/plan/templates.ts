import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PackKind } from '../answers/rules.js';
import { filesUnder } from '../util/files.js';
import { PATHS } from '../util/paths.js';

// Template policy: a file ending in .hbs is rendered by handlebars and loses the suffix; every
// other file (Helm templates, workflows with ${{ }}) is copied byte for byte. npm leaves
// .gitignore, .npmrc and .npmignore out of a published package, wherever they are: such a
// template is named with "_" for "." (`_gitignore` becomes `.gitignore`), and one named with the
// dot is refused, as the installed kit would silently not make it.
const RENAMES: Record<string, string> = { _gitignore: '.gitignore', _npmrc: '.npmrc', _npmignore: '.npmignore' };
const DROPPED_BY_NPM = new Set(Object.values(RENAMES));

export interface TemplateFile {
  /** Its path under templates/, e.g. `common/README.md.hbs`: the key of its precompiled form. */
  source: string;
  /** The path of the file it makes inside the pack. */
  output: string;
  /** Rendered by handlebars (`*.hbs`); otherwise copied byte for byte. */
  rendered: boolean;
  executable: boolean;
}

/** The template folders a pack of each kind is made of, in order: a later folder's file wins. */
export function templateFoldersFor(kind: PackKind): string[] {
  return kind === 'full-stack' ? ['common', 'full-stack'] : ['common', 'frontend-only'];
}

export function outputPathOf(templatePath: string): string {
  const parsed = path.posix.parse(templatePath.replace(/\.hbs$/, ''));
  return path.posix.join(parsed.dir, RENAMES[parsed.base] ?? parsed.base);
}

/** Why a template (its path under templates/) cannot ship under that name, or undefined. */
export function refusedTemplateName(source: string): string | undefined {
  const base = path.posix.basename(source.replace(/\.hbs$/, ''));
  if (!DROPPED_BY_NPM.has(base)) return undefined;
  const named = source.replace(/(^|\/)\.([^/]*)$/, '$1_$2');
  return `templates/${source}: npm leaves ${base} out of the published kit, so an installed kit would not make it: name it templates/${named} (it becomes ${base} in the pack)`;
}

const filesByKind = new Map<PackKind, Map<string, TemplateFile>>();

/** Every template file of a pack of `kind`, by the path of the file it makes. */
export function templateFiles(kind: PackKind): Map<string, TemplateFile> {
  let files = filesByKind.get(kind);
  if (files) return files;
  files = new Map();
  for (const folder of templateFoldersFor(kind))
    for (const file of filesUnder(path.join(PATHS.templates, folder))) {
      const source = `${folder}/${file}`;
      const refused = refusedTemplateName(source);
      if (refused) throw new Error(refused);
      const output = outputPathOf(file);
      if (path.posix.isAbsolute(output) || output.split('/').includes('..'))
        throw new Error(`templates/${source} would be written outside the pack, at ${output}`);
      const executable = (statSync(path.join(PATHS.templates, source)).mode & 0o111) !== 0;
      files.set(output, { source, output, rendered: file.endsWith('.hbs'), executable });
    }
  filesByKind.set(kind, files);
  return files;
}

const texts = new Map<string, string>();
const bytes = new Map<string, Buffer>();

/** A template's text (for rendering), read once per process. */
export function templateText(template: TemplateFile): string {
  let text = texts.get(template.source);
  if (text === undefined) texts.set(template.source, (text = readFileSync(path.join(PATHS.templates, template.source), 'utf8')));
  return text;
}

/** A verbatim template's bytes, read once per process. */
export function templateBytes(template: TemplateFile): Buffer {
  let content = bytes.get(template.source);
  if (content === undefined) bytes.set(template.source, (content = readFileSync(path.join(PATHS.templates, template.source))));
  return content;
}
