import type { PackAnswers } from '../answers/schema.js';
import { comparePackPaths } from '../util/files.js';
import { buildPackModel } from './pack-model.js';
import { renderTemplate } from './template-engine.js';
import { type TemplateFile, templateBytes, templateFiles, templateText } from './templates.js';

// A pack is a pure function of (answers, templates): planPack renders it in memory. Every
// command plans its whole result this way, checks it, and only then hands it to the writer
// (src/write/pack-write.ts).

export interface PlannedFile {
  /** Posix path inside the pack. */
  path: string;
  /** Rendered text, or a verbatim template's bytes. */
  content: string | Buffer;
  /** 0o755 for an executable file, else 0o644. */
  mode: number;
  /** Made by handlebars from the answers: the files the answers can break, which the verification before writing reads. */
  rendered: boolean;
}

/** Every file of the pack `answers` make, in the order a folder walk lists them (src/util/files.ts). */
export function planPack(answers: PackAnswers): PlannedFile[] {
  const model = buildPackModel(answers);
  return [...templateFiles(answers.kind).values()]
    .map((template) => planFile(template, model))
    .sort((a, b) => comparePackPaths(a.path, b.path));
}

function planFile(template: TemplateFile, model: object): PlannedFile {
  return {
    path: template.output,
    content: template.rendered ? renderTemplate(template.source, templateText(template), model) : templateBytes(template),
    mode: template.executable ? 0o755 : 0o644,
    rendered: template.rendered,
  };
}
