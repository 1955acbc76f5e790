import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { PackAnswers } from '../answers/schema.js';
import { checkManifest } from '../manifest/manifest-schema.js';
import { dotenvEscape } from '../util/dotenv.js';
import { markdownCellCode, markdownCode, markdownText } from '../util/markdown.js';
import { escapeXml } from '../util/xml.js';
import { parseJson } from '../util/json.js';

export interface PackFinding {
  file: string;
  field?: string;
  severity: 'error' | 'warning';
  message: string;
}

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
 * Checks freshly rendered files before they are written: each parses, the manifest passes,
 * and no placeholder is left (outside the texts the user typed, `typed`).
 */
export async function verifyRenderedFiles(folder: string, files: string[], typed: string[] = []): Promise<PackFinding[]> {
  const findings: PackFinding[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(folder, file), 'utf8');
    const placeholder = findPlaceholder(text, typed);
    if (placeholder) findings.push({ file, severity: 'error', message: `holds the placeholder ${JSON.stringify(placeholder)}` });
    if (file.endsWith('.json')) {
      const parsed = parseJson(text);
      if (!parsed.ok) findings.push({ file, severity: 'error', message: parsed.reason });
      else if (file === 'khal-app.json')
        for (const problem of checkManifest(parsed.data)) findings.push({ file, field: problem.field, severity: 'error', message: problem.reason });
    } else if (/\.ya?ml$/.test(file) && !file.startsWith('helm/templates/')) {
      const broken = parseAllDocuments(text).flatMap((document) => ('errors' in document ? document.errors : []));
      if (broken.length > 0) findings.push({ file, severity: 'error', message: `is not valid YAML: ${broken[0]!.message}` });
    }
  }
  return findings;
}
