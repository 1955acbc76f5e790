import { Pair, Scalar, type YAMLMap, type YAMLSeq, isMap, isSeq, parseDocument } from 'yaml';
import type { EnvEntry, PackAnswers } from '../answers/schema.js';
import { findEnvSpecs } from '../checks/check-pack.js';
import { packFileText } from './plan-pack.js';
import { templateFiles } from './templates.js';
import { handoffMarkdown, handoffSheet } from '../handoff/handoff-sheet.js';
import { buildManifest, manifestEnvEntries } from '../manifest/build-manifest.js';
import { sourceCommentText } from '../util/source-comment.js';
import { buildPackModel } from './pack-model.js';

// What `khal-pack add env` changes, planned in memory from the pack's files as they are.

/** The pack's answers before and after, and the new entry. */
export interface AddEnvChange {
  before: PackAnswers;
  after: PackAnswers;
  entry: EnvEntry;
}

/** One file's fate, reported back to the command. */
export interface FileUpdate {
  file: string;
  outcome: 'updated' | 'unchanged' | 'edited-by-hand';
}

export const HANDOFF_START = '<!-- khal-pack:handoff';
export const HANDOFF_END = '<!-- /khal-pack:handoff -->';

type Updater = (current: string, change: AddEnvChange) => string;

// Files a user may edit, or that only partly come from env[]: each is updated in place,
// keeping everything else in it. Every other generated file that depends on env[] is
// re-rendered from its template when it is still as generated.
const UPDATERS: Record<string, Updater> = {
  'khal-app.json': (current, { entry }) => {
    const manifest = JSON.parse(current) as { env?: unknown[] };
    manifest.env = [...(manifest.env ?? []), ...manifestEnvEntries({ env: [entry] })];
    return `${JSON.stringify(manifest, null, 2)}\n`;
  },
  '.khal-pack.json': (current, { entry }) => {
    const record = JSON.parse(current) as { env?: unknown[] };
    record.env = [...(record.env ?? []), entry];
    return `${JSON.stringify(record, null, 2)}\n`;
  },
  'helm/values.yaml': (current, { entry }) => {
    const document = parseDocument(current);
    if (document.errors.length > 0) throw new Error(`helm/values.yaml is not valid YAML: ${document.errors[0]!.message}`);
    const collection = (at: string[], empty: unknown) => {
      if (!document.hasIn(at) || document.getIn(at) === null) document.setIn(at, document.createNode(empty));
      const node = document.getIn(at);
      const wanted = Array.isArray(empty) ? 'list' : 'map';
      if (!(wanted === 'list' ? isSeq(node) : isMap(node)))
        throw new Error(`helm/values.yaml ${at.join('.')} is not a ${wanted}: make it one (see the values contract in the README), then add the entry`);
      // `{}` and `[]` would stay flow style; one item per line, like the template.
      (node as YAMLMap | YAMLSeq).flow = false;
      return node;
    };
    if (entry.type === 'secret') {
      const item = document.createNode({ key: entry.key, required: entry.required });
      (item.get('key', true) as Scalar).type = 'QUOTE_DOUBLE';
      (collection(['env', 'secrets'], []) as YAMLSeq).add(item);
      if (!document.hasIn(['env', 'secretName'])) document.setIn(['env', 'secretName'], '');
    } else {
      // As the template writes it: a comment, then the quoted key and its default (or "").
      const key = new Scalar(entry.key);
      key.type = 'QUOTE_DOUBLE';
      key.commentBefore = ` ${sourceCommentText(entry.description)} (${entry.type}, ${entry.required ? 'required' : 'optional'})`;
      const value = new Scalar(entry.default ?? '');
      value.type = 'QUOTE_DOUBLE';
      (collection(['env', 'config'], {}) as YAMLMap).add(new Pair(key, value));
    }
    return document.toString();
  },
  'helm/values.schema.json': (current, { after }) => {
    const schema = JSON.parse(current) as { properties?: Record<string, unknown> };
    // The template is `{{json helmValuesSchema}}`: the model gives the same without rendering it.
    const expected = buildPackModel(after).helmValuesSchema as { properties?: Record<string, unknown> };
    schema.properties = { ...schema.properties, env: expected.properties?.env };
    return `${JSON.stringify(schema, null, 2)}\n`;
  },
  'README.md': (current, { after }) => replaceHandoffSection(current, handoffMarkdown(handoffSheet(buildManifest(after)), '##')),
  'service/.env.example': (current, change) => {
    const [before, after] = renderBoth(change, 'service/.env.example');
    if (current === before) return after;
    // Edited by hand: keep it, and append the lines the new entry adds.
    const known = new Set(before.split('\n'));
    const added = after.split('\n').filter((line) => line !== '' && !known.has(line));
    return `${current.replace(/\n*$/, '\n')}${added.join('\n')}\n`;
  },
  'service/src/config.ts': (current, change) => {
    const [before, after] = renderBoth(change, 'service/src/config.ts');
    if (current === before) return after;
    return patchServiceConfig(current, change);
  },
};

function renderBoth(change: AddEnvChange, file: string): [string, string] {
  const before = packFileText(change.before, file);
  const after = packFileText(change.after, file);
  if (before === undefined || after === undefined) throw new Error(`no template makes ${file}`);
  return [before, after];
}

/** A hand-edited service config: the new spec joins ENV_SPECS and the new key joins `Settings`. */
function patchServiceConfig(current: string, { after, entry }: AddEnvChange): string {
  const found = findEnvSpecs(current);
  if (!found)
    throw new Error(
      'service/src/config.ts was edited and has no `export const ENV_SPECS = [...]` JSON array: add the entry to it by hand, or restore the generated file',
    );
  const spec = buildPackModel(after).envSpecs.find((item) => item.key === entry.key)!;
  const specs = [...(found.specs as unknown[]), spec];
  let patched = `${current.slice(0, found.start)}${JSON.stringify(specs, null, 2)}${current.slice(found.end)}`;
  const settings = /(export interface Settings \{\n)([\s\S]*?)(\n?\}\n)/.exec(patched);
  if (settings) {
    const field = buildPackModel(after).env.find((item) => item.key === entry.key)!;
    const line = `  /** ${sourceCommentText(entry.description)} */\n  ${entry.key}${field.optional ? '?' : ''}: ${field.tsType};`;
    const body = settings[2]!.replace(/\n*$/, '');
    const insertAt = settings.index + settings[1]!.length;
    patched = `${patched.slice(0, insertAt)}${body ? `${body}\n` : ''}${line}${patched.slice(insertAt + settings[2]!.length)}`;
  }
  return patched;
}

/** The README with its hand-off section replaced (between markers, else from its heading to the next `## `), or appended. */
export function replaceHandoffSection(readme: string, handoff: string): string {
  const start = readme.indexOf(HANDOFF_START);
  const end = readme.indexOf(HANDOFF_END);
  if (start !== -1 && end > start) {
    const afterStartMarker = readme.indexOf('\n', start) + 1;
    return `${readme.slice(0, afterStartMarker)}${handoff}${readme.slice(end)}`;
  }
  const lines = readme.split('\n');
  const heading = lines.findIndex((line) => /^##\s+Customer hand-off\s*$/.test(line));
  if (heading === -1) return `${readme.replace(/\n*$/, '\n\n')}${handoff}`;
  const next = lines.findIndex((line, index) => index > heading && /^##\s/.test(line));
  const tail = next === -1 ? '' : `\n${lines.slice(next).join('\n')}`;
  return `${lines.slice(0, heading).join('\n')}\n${handoff}${tail}`.replace(/^\n/, '');
}

const MUST_EXIST = new Set(['khal-app.json', 'helm/values.yaml', 'helm/values.schema.json', 'service/src/config.ts']);

/** The files add env looks at: every file the templates make for the pack's kind, and every file it knows how to update. */
export function addEnvFiles(kind: PackAnswers['kind']): string[] {
  const files = [...templateFiles(kind).keys()];
  for (const file of Object.keys(UPDATERS)) if (!files.includes(file)) files.push(file);
  return files;
}

/**
 * What becomes of each file (`read` gives a file's current text, undefined when it is not in
 * the pack): the new text of each file to update, and each file's fate. Throws, naming the
 * file, when a file it must update is missing or cannot be updated.
 */
export function planAddEnv(change: AddEnvChange, read: (file: string) => string | undefined): { updates: Map<string, string>; report: FileUpdate[] } {
  const updates = new Map<string, string>();
  const report: FileUpdate[] = [];
  for (const file of addEnvFiles(change.after.kind)) {
    const current = read(file);
    if (current === undefined) {
      if (MUST_EXIST.has(file)) throw new Error(`${file} is missing from the pack: run khal-pack check, restore it, then add the entry`);
      continue;
    }
    const next = nextText(file, current, change);
    if (next === undefined) report.push({ file, outcome: 'edited-by-hand' });
    else if (next === current) report.push({ file, outcome: 'unchanged' });
    else {
      updates.set(file, next);
      report.push({ file, outcome: 'updated' });
    }
  }
  return { updates, report };
}

/** A file's new text; undefined for a generated file without an updater that was edited by hand (it is left as is). */
function nextText(file: string, current: string, change: AddEnvChange): string | undefined {
  const updater = UPDATERS[file];
  if (updater) return updater(current, change);
  const [before, after] = renderBoth(change, file);
  if (before === after) return current;
  return current === before ? after : undefined;
}
