import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NodePlopAPI } from 'node-plop';
import type { PackAnswers } from '../answers/schema.js';
import { buildPackModel } from '../generation/pack-model.js';
import { templateFoldersFor } from '../generation/plop-setup.js';
import { listTemplateFiles, outputPathOf } from '../generation/template-tree.js';
import { PATHS } from '../util/paths.js';

// What a generated file of a pack would hold for given answers, rendered from the file's own
// template: `add env` writes it, so it follows the templates.

/** Which template file makes each file of a pack of `kind` (path inside the pack -> template path). */
export async function templateSources(kind: PackAnswers['kind']): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const folder of templateFoldersFor(kind))
    for (const file of await listTemplateFiles(path.join(PATHS.templates, folder)))
      sources.set(outputPathOf(file), path.join(PATHS.templates, folder, file));
  return sources;
}

/** The text the templates give `file` (a path inside the pack) for `answers`; undefined when no template makes it. */
export async function renderPackFile(plop: NodePlopAPI, answers: PackAnswers, file: string): Promise<string | undefined> {
  const source = (await templateSources(answers.kind)).get(file);
  if (source === undefined) return undefined;
  const text = await readFile(source, 'utf8');
  return source.endsWith('.hbs') ? plop.renderString(text, buildPackModel(answers)) : text;
}
