import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomActionConfig, NodePlopAPI } from 'node-plop';
import { Pair, Scalar, type YAMLMap, type YAMLSeq, isMap, isSeq, parseDocument } from 'yaml';
import type { EnvEntryAnswer, PackAnswers } from '../answers/schema.js';
import { findEnvSpecs } from '../checks/check-pack.js';
import { renderPackFile, templateSources } from './template-render.js';
import { handoffMarkdown, handoffSheet } from '../handoff/handoff-sheet.js';
import { buildManifest, manifestEnvEntries } from '../manifest/build-manifest.js';
import { sourceCommentText } from '../util/source-comment.js';
import { buildPackModel } from './pack-model.js';

export const ADD_ENV_GENERATOR = 'add-env';
const UPDATE_FILE_ACTION = 'khal-add-env-update-file';

/** What `khal-pack add env` hands the generator: the pack's answers before and after, and the new entry. */
export interface AddEnvGeneratorData {
  before: PackAnswers;
  after: PackAnswers;
  entry: EnvEntryAnswer;
  /** The pack files to look at (addEnvFiles). */
  files: string[];
  /** Filled in by the actions: what happened to each file. */
  report: FileUpdate[];
}

/** One file's fate, reported back to the command. */
export interface FileUpdate {
  file: string;
  outcome: 'updated' | 'unchanged' | 'edited-by-hand';
}

export const HANDOFF_START = '<!-- khal-pack:handoff';
export const HANDOFF_END = '<!-- /khal-pack:handoff -->';

type Updater = (current: string, data: AddEnvGeneratorData, plop: NodePlopAPI) => Promise<string> | string;

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
  'service/.env.example': async (current, data, plop) => {
    const [before, after] = await renderBoth(plop, data, 'service/.env.example');
    if (current === before) return after;
    // Edited by hand: keep it, and append the lines the new entry adds.
    const known = new Set(before.split('\n'));
    const added = after.split('\n').filter((line) => line !== '' && !known.has(line));
    return `${current.replace(/\n*$/, '\n')}${added.join('\n')}\n`;
  },
  'service/src/config.ts': async (current, data, plop) => {
    const [before, after] = await renderBoth(plop, data, 'service/src/config.ts');
    if (current === before) return after;
    return patchServiceConfig(current, data);
  },
};

async function renderBoth(plop: NodePlopAPI, data: AddEnvGeneratorData, file: string): Promise<[string, string]> {
  const before = renderPackFile(plop, data.before, file);
  const after = renderPackFile(plop, data.after, file);
  if (before === undefined || after === undefined) throw new Error(`no template makes ${file}`);
  return [before, after];
}

/** A hand-edited service config: the new spec joins ENV_SPECS and the new key joins `Settings`. */
function patchServiceConfig(current: string, { after, entry }: AddEnvGeneratorData): string {
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

function updateFileAction() {
  return async (data: object, config: CustomActionConfig<string>, plop: NodePlopAPI): Promise<string> => {
    const generatorData = data as AddEnvGeneratorData;
    const file = String(config.file);
    const target = path.join(plop.getDestBasePath(), file);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    const { report } = generatorData;
    if (current === undefined) {
      if (config.mustExist) throw new Error(`${file} is missing from the pack: run khal-pack check, restore it, then add the entry`);
      return `${file}: not in the pack`;
    }
    let next: string;
    const updater = UPDATERS[file];
    if (updater) next = await updater(current, generatorData, plop);
    else {
      // A generated file without an updater: re-rendered only while nobody has edited it.
      const [before, after] = await renderBoth(plop, generatorData, file);
      if (before === after) next = current;
      else if (current === before) next = after;
      else {
        report.push({ file, outcome: 'edited-by-hand' });
        return `${file}: edited by hand, left as is`;
      }
    }
    if (next === current) {
      report.push({ file, outcome: 'unchanged' });
      return `${file}: unchanged`;
    }
    await writeFile(target, next);
    report.push({ file, outcome: 'updated' });
    return `${file}: updated`;
  };
}

const MUST_EXIST = new Set(['khal-app.json', 'helm/values.yaml', 'helm/values.schema.json', 'service/src/config.ts']);

/** The files `add-env` looks at: every file the templates make for the pack's kind, and every file it knows how to update. */
export async function addEnvFiles(kind: PackAnswers['kind']): Promise<string[]> {
  const files = [...templateSources(kind).keys()];
  for (const file of Object.keys(UPDATERS)) if (!files.includes(file)) files.push(file);
  return files;
}

/** Registers the `add-env` generator: it updates, under plop's destination folder, every file an env entry lives in. */
export function setUpAddEnvGenerator(plop: NodePlopAPI): void {
  plop.setActionType(UPDATE_FILE_ACTION, updateFileAction());
  plop.setGenerator(ADD_ENV_GENERATOR, {
    description: 'Add one env entry to an existing full-stack pack (run it with `khal-pack add env`)',
    prompts: [],
    actions: (data) =>
      (data as AddEnvGeneratorData).files.map((file) => ({
        type: UPDATE_FILE_ACTION,
        file,
        mustExist: MUST_EXIST.has(file),
        abortOnFail: true,
      })),
  });
}
