import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodePlopAPI } from 'node-plop';
import type { PackAnswers } from '../answers/schema.js';
import { PATHS } from '../util/paths.js';
import { buildPackModel } from './pack-model.js';
import { outputPathOf, renderTemplate } from './template-tree.js';
import { filesUnder } from '../util/files.js';

// Which template makes each file of a pack, and what it holds for given answers: `add env`
// writes files with it, and create checks only the files a template renders.

/** The template folders a pack of each kind is made of, in order. */
export function templateFoldersFor(kind: PackAnswers['kind']): string[] {
  return kind === 'full-stack' ? ['common', 'full-stack'] : ['common', 'frontend-only'];
}

/** Which template file makes each file of a pack of `kind` (path inside the pack -> template path). */
export function templateSources(kind: PackAnswers['kind']): Map<string, string> {
  const sources = new Map<string, string>();
  for (const folder of templateFoldersFor(kind))
    for (const file of filesUnder(path.join(PATHS.templates, folder)))
      sources.set(outputPathOf(file), path.join(PATHS.templates, folder, file));
  return sources;
}

/**
 * The files of a pack of `kind` that handlebars renders (from `*.hbs`); every other file is a
 * byte-for-byte copy of its template, which the tests check once for all packs.
 */
export function renderedPackFiles(kind: PackAnswers['kind']): Set<string> {
  return new Set([...templateSources(kind)].filter(([, source]) => source.endsWith('.hbs')).map(([file]) => file));
}

/** The text the templates give `file` (a path inside the pack) for `answers`; undefined when no template makes it. */
export function renderPackFile(plop: NodePlopAPI, answers: PackAnswers, file: string): string | undefined {
  const source = templateSources(answers.kind).get(file);
  if (source === undefined) return undefined;
  const text = readFileSync(source, 'utf8');
  return source.endsWith('.hbs') ? renderTemplate(path.relative(PATHS.templates, source), text, buildPackModel(answers), plop) : text;
}
