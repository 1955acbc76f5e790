import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { PackAnswers } from '../answers/schema.js';
import type { KhalAppManifest } from '../manifest/manifest-schema.js';
import { parseJson } from '../util/json.js';
import { conflictMarkerFindings } from './conflict-markers.js';
import type { Finding } from './finding.js';
import { MANIFEST_FILE, NOT_PACK_SOURCES } from './pack-reader.js';
import type { PackRead } from './safe-read.js';
import { findPlaceholder, userTexts } from './verify-pack.js';

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The texts the pack's author typed (name, description, author, env descriptions and defaults),
 * where a placeholder-like text is on purpose: as `.khal-pack.json` records the answers
 * create-khal-pack and add env accepted, else as the manifest says them. A manifest text that
 * is nothing but a placeholder is an unfilled template (the docs' examples), not a typed text.
 */
export function typedTexts(record: Partial<PackAnswers> | undefined, manifest: KhalAppManifest): string[] {
  const source = record ?? { displayName: manifest.name, description: manifest.description, author: manifest.author, env: manifest.env };
  const env = Array.isArray(source.env) ? source.env.filter(isMapping) : [];
  // Records and broken manifests may hold anything; an empty text would match everywhere and hide every placeholder.
  const texts = userTexts({ ...source, env } as Parameters<typeof userTexts>[0]).filter(
    (text): text is string => typeof text === 'string' && text !== '',
  );
  return record ? texts : texts.filter((text) => findPlaceholder(text, [])?.length !== text.length);
}

/**
 * `<name>`-style placeholders outside the texts the pack's author typed (`typed`); in a JSON
 * file each is named by its field, elsewhere by its line.
 */
export function placeholderFindings(file: string, text: string, typed: readonly string[], data?: unknown): Finding[] {
  if (findPlaceholder(text, typed) === undefined) return [];
  const findings: Finding[] = [];
  const finding = (field: string, placeholder: string): Finding => ({
    severity: 'error',
    code: 'placeholder',
    file,
    field,
    problem: `holds the placeholder ${JSON.stringify(placeholder)}`,
    expected: 'the real value (for a generated pack: the pack id, scope or registry it was made with)',
  });
  if (data !== undefined) {
    // Iterative: a file nested thousands of levels deep must not overflow the stack.
    const pending: { value: unknown; at: string }[] = [{ value: data, at: '' }];
    while (pending.length > 0) {
      const { value, at } = pending.pop()!;
      if (typeof value === 'string') {
        const placeholder = findPlaceholder(value, typed);
        if (placeholder !== undefined) findings.push(finding(at || '(value)', placeholder));
      } else if (Array.isArray(value)) for (let index = value.length - 1; index >= 0; index--) pending.push({ value: value[index], at: `${at}[${index}]` });
      else if (isMapping(value)) for (const [key, item] of Object.entries(value).reverse()) pending.push({ value: item, at: at ? `${at}.${key}` : key });
    }
    if (findings.length > 0) return findings;
  }
  text.split('\n').forEach((line, index) => {
    const placeholder = findPlaceholder(line, typed);
    if (placeholder !== undefined) findings.push(finding(`line ${index + 1}`, placeholder));
  });
  return findings;
}

// Binary files a pack may hold: the text checks skip them.
const BINARY_FILE = /\.(png|jpe?g|gif|ico|woff2?|lockb|tgz)$/;

/**
 * The placeholder search over every text file of the pack but its manifest, and the search for
 * conflicts left marked (conflict-markers.ts); how many files it read.
 * Links are read through `read`, which refuses (and reports) one that leads out of the pack.
 */
export function scanPackFiles(folder: string, typed: readonly string[], read: (file: string) => PackRead, add: (finding: Finding) => void): number {
  let searched = 0;
  for (const file of packSourceFiles(folder)) {
    if (file === MANIFEST_FILE || BINARY_FILE.test(file)) continue;
    const content = read(file);
    if (content.kind !== 'text' || content.text.includes('\u0000')) continue;
    const data = file.endsWith('.json') ? parseJson(content.text) : undefined;
    placeholderFindings(file, content.text, typed, data?.ok ? data.data : undefined).forEach(add);
    conflictMarkerFindings(file, content.text).forEach(add);
    searched++;
  }
  return searched;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every file and link of the pack's sources as a posix path, in a stable order; links to folders are not followed. */
function packSourceFiles(folder: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(folder, prefix), { withFileTypes: true }).sort(byName)) {
    if (NOT_PACK_SOURCES.has(entry.name)) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...packSourceFiles(folder, relative));
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(relative);
  }
  return files;
}
