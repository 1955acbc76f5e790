import type { PackAnswers } from '../answers/schema.js';
import { checkManifest } from '../manifest/manifest-schema.js';
import { dotenvEscape } from '../util/dotenv.js';
import { markdownCellCode, markdownCode, markdownText } from '../util/markdown.js';
import { sourceCommentText } from '../util/source-comment.js';
import { escapeXml } from '../util/xml.js';
import { parseJson } from '../util/json.js';
import { yamlStreamProblem } from '../util/yaml.js';
import type { Finding } from './finding.js';

// Placeholders a template may leave when a value was forgotten; any letter case (`<Name>`).
export const PLACEHOLDER = /<(?:name|id|pack|scope|registry|version|org)>|\[object Object\]/i;

/** The texts a user typed: they may say "<name>" on purpose, so the placeholder scan looks past them. */
export function userTexts(
  answers: Pick<PackAnswers, 'displayName' | 'description' | 'author'> & { env: readonly { description: string; default?: string }[] },
): string[] {
  return [
    answers.displayName,
    answers.description,
    answers.author,
    ...answers.env.flatMap((entry) => [entry.description, ...(entry.default === undefined ? [] : [entry.default])]),
  ];
}

// The scan looks at each placeholder-like match and excuses it when a typed text (as typed, or
// as JSON, XML, .env files, Markdown and source comments write it) covers any of its
// characters. Most files hold no match, so the typed texts are looked at only around a match:
// the scan stays linear in the size of the pack, however many texts there are.

const FORMS = new WeakMap<readonly string[], string[]>();

/** Every written form of every typed text, once per list of texts; an empty one would cover everything. */
function formsOf(typed: readonly string[]): string[] {
  let forms = FORMS.get(typed);
  if (!forms) {
    forms = [...new Set(typed.flatMap(writtenForms))].filter((form) => form !== '');
    FORMS.set(typed, forms);
  }
  return forms;
}

function writtenForms(typed: string): string[] {
  return [typed, JSON.stringify(typed).slice(1, -1), escapeXml(typed), dotenvEscape(typed), markdownText(typed), markdownCode(typed), markdownCellCode(typed), sourceCommentText(typed)];
}

/** Whether an occurrence of `form` in `text` covers a character of [start, end). */
function covers(text: string, form: string, start: number, end: number): boolean {
  return text.slice(Math.max(0, start - form.length + 1), end + form.length - 1).includes(form);
}

/** The first placeholder in `text` outside the texts the user typed, or undefined. */
export function findPlaceholder(text: string, typed: readonly string[]): string | undefined {
  for (const match of text.matchAll(PLACEHOLDERS)) {
    const start = match.index;
    const end = start + match[0].length;
    if (!formsOf(typed).some((form) => covers(text, form, start, end))) return match[0];
  }
  return undefined;
}

const PLACEHOLDERS = new RegExp(PLACEHOLDER.source, 'gi');

/**
 * Checks freshly rendered files, in memory, before anything is written: each parses, the
 * manifest passes, and no placeholder is left (outside the texts the user typed, `typed`).
 */
export function verifyRenderedFiles(files: readonly { path: string; content: string | Buffer }[], typed: readonly string[] = []): Finding[] {
  return files.flatMap((file) => verifyRenderedText(file.path, file.content.toString(), typed));
}

/** The verification of one rendered file, from its text (a plan in memory needs no folder). */
export function verifyRenderedText(file: string, text: string, typed: readonly string[] = []): Finding[] {
  const findings: Finding[] = [];
  const error = (code: string, problem: string, field?: string) => findings.push({ severity: 'error', code, file, ...(field ? { field } : {}), problem });
  const placeholder = findPlaceholder(text, typed);
  if (placeholder) error('placeholder', `holds the placeholder ${JSON.stringify(placeholder)}`);
  if (file.endsWith('.json')) {
    const parsed = parseJson(text);
    if (!parsed.ok) error('file-unreadable', parsed.reason);
    else if (file === 'khal-app.json') for (const problem of checkManifest(parsed.data)) error('contract', problem.reason, problem.field);
  } else if (/\.ya?ml$/.test(file) && !file.startsWith('helm/templates/')) {
    const problem = yamlStreamProblem(text);
    if (problem) error('file-unreadable', problem);
  }
  return findings;
}
