import { parseAllDocuments } from 'yaml';
import type { PackAnswers } from '../answers/schema.js';
import { checkManifest } from '../manifest/manifest-schema.js';
import { dotenvEscape } from '../util/dotenv.js';
import { markdownCellCode, markdownCode, markdownText } from '../util/markdown.js';
import { escapeXml } from '../util/xml.js';
import { parseJson } from '../util/json.js';
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

// Each typed text (as typed, and as JSON, XML, .env files and Markdown write it) becomes a NUL, which no placeholder holds:
// removing it outright could join its neighbours into one.
function withoutUserTexts(text: string, texts: readonly string[]): string {
  let rest = text;
  // Longest first: a short text inside a longer one must not break the longer one's match.
  // An empty text would match between every two characters and hide everything.
  const longestFirst = texts.filter((typed) => typed !== '').sort((a, b) => b.length - a.length);
  for (const typed of longestFirst) for (const form of writtenForms(typed)) rest = rest.replaceAll(form, '\u0000');
  return rest;
}

function writtenForms(typed: string): string[] {
  return [typed, JSON.stringify(typed).slice(1, -1), escapeXml(typed), dotenvEscape(typed), markdownText(typed), markdownCode(typed), markdownCellCode(typed)];
}

/** The first placeholder in `text` outside the texts the user typed, or undefined. */
export function findPlaceholder(text: string, typed: readonly string[]): string | undefined {
  return PLACEHOLDER.exec(withoutUserTexts(text, typed))?.[0];
}

/**
 * Checks freshly rendered files, in memory, before anything is written: each parses, the
 * manifest passes, and no placeholder is left (outside the texts the user typed, `typed`).
 */
export function verifyRenderedFiles(files: readonly { path: string; content: string | Buffer }[], typed: string[] = []): Finding[] {
  const findings: Finding[] = [];
  const add = (file: string, problem: string, field?: string) =>
    findings.push({ severity: 'error', code: 'rendered-file', file, ...(field === undefined ? {} : { field }), problem });
  for (const { path: file, content } of files) {
    const text = content.toString();
    const placeholder = findPlaceholder(text, typed);
    if (placeholder) add(file, `holds the placeholder ${JSON.stringify(placeholder)}`);
    if (file.endsWith('.json')) {
      const parsed = parseJson(text);
      if (!parsed.ok) add(file, parsed.reason);
      else if (file === 'khal-app.json') for (const problem of checkManifest(parsed.data)) add(file, problem.reason, problem.field);
    } else if (/\.ya?ml$/.test(file) && !file.startsWith('helm/templates/')) {
      const broken = parseAllDocuments(text).flatMap((document) => ('errors' in document ? document.errors : []));
      if (broken.length > 0) add(file, `is not valid YAML: ${broken[0]!.message}`);
    }
  }
  return findings;
}
