import { isDeepStrictEqual } from 'node:util';
import { type Document, type Node, Pair, YAMLMap, YAMLSeq, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { NO_RENAMES, renamePlain, renameYamlKeys } from './env-renames.js';
import { mergeValues } from './merge-values.js';

// The structured merges of whole files: JSON (the manifest, the package.json files, the values
// schema) and YAML (values.yaml, Chart.yaml). The merged values are computed on plain data
// (merge-values.ts); a YAML result is then written into the user's own document, node by node,
// so the user's comments, quoting and order survive.

export interface TextMerge {
  text: string;
  conflicts: string[];
  /** With conflicts: the same text with the change's value (`target`) and the base's (`base`) at each, for a line merge to mark only those. */
  sides?: { target: string; base: string };
}

/** Undefined when one of the three is not valid JSON: the caller falls back to a line merge. `renames` are env entries the change renames (env-renames.ts). */
export function mergeJsonTexts(base: string, target: string, user: string, renames = NO_RENAMES): TextMerge | undefined {
  const parsed = [base, target, user].map(parseJsonOrUndefined);
  if (parsed.some((value) => value === undefined)) return undefined;
  const [baseValue, targetValue, userValue] = parsed;
  const merged = mergeValues(renamePlain(baseValue, renames), targetValue, renamePlain(userValue, renames));
  const indent = /^[{[]\r?\n([ \t]+)/.exec(user)?.[1] ?? '  ';
  const text = (value: unknown) => `${JSON.stringify(value, null, indent)}\n`;
  return { text: text(merged.value), conflicts: merged.conflicts, ...(merged.conflicts.length > 0 ? { sides: { target: text(merged.target), base: text(merged.base) } } : {}) };
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Undefined when one of the three is not a single valid YAML document, or when the merge would
 * lose a comment the user wrote (on an entry the change removes or moves): the caller's line
 * merge then marks that place as a conflict, so no comment of the user's goes unseen.
 */
export function mergeYamlTexts(base: string, target: string, user: string, renames = NO_RENAMES): TextMerge | undefined {
  const userParsed = () => {
    const document = parseDocument(user);
    renameYamlKeys(document, renames);
    return document;
  };
  const documents = [parseDocument(base), parseDocument(target), userParsed()];
  if (documents.some((document) => document.errors.length > 0)) return undefined;
  const [baseDocument, targetDocument, userDocument] = documents as [Document, Document, Document];
  renameYamlKeys(baseDocument, renames);
  const usersOwnComments = subtractLines(commentLines(userDocument), commentLines(baseDocument));
  const merged = mergeValues(baseDocument.toJS(), targetDocument.toJS(), userDocument.toJS());
  // The user's document, made to hold `value` (a fresh parse of it for each side of a conflict).
  const written = (value: unknown, document: Document = userParsed()) => {
    document.contents = rewrite(document, document.contents as Node | null, targetDocument.contents as Node | null, value) as never;
    takeKitComments(document, baseDocument, targetDocument);
    followKitComments(document.contents, baseDocument.contents, targetDocument.contents);
    return document.toString();
  };
  const text = written(merged.value, userDocument);
  if (subtractLines(usersOwnComments, commentLines(userDocument)).length > 0) return undefined;
  return { text, conflicts: merged.conflicts, ...(merged.conflicts.length > 0 ? { sides: { target: written(merged.target), base: written(merged.base) } } : {}) };
}

/** Every line of every comment in the document. */
function commentLines(document: Document): string[] {
  const lines: string[] = [];
  const add = (comment: string | null | undefined) => {
    for (const line of comment?.split('\n') ?? []) if (line.trim() !== '') lines.push(line.trim());
  };
  add(document.commentBefore);
  add(document.comment);
  visit(document, {
    Node(_, node) {
      add(node.commentBefore);
      add(node.comment);
    },
  });
  return lines;
}

/** `lines` without one of each line of `taken` (a multiset difference). */
function subtractLines(lines: readonly string[], taken: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const line of taken) left.set(line, (left.get(line) ?? 0) + 1);
  return lines.filter((line) => {
    const count = left.get(line) ?? 0;
    if (count > 0) left.set(line, count - 1);
    return count === 0;
  });
}

interface Commented {
  commentBefore?: string | null;
  comment?: string | null;
}

/**
 * A comment the user left as the kit wrote it is the kit's, so it becomes the template's; one the
 * user wrote or changed stays. Where the user added lines beside the kit's, the kit's lines among
 * them become the template's.
 */
function takeKitComments(user: Commented, base: Commented, template: Commented, which: readonly ('commentBefore' | 'comment')[] = ['commentBefore', 'comment']): void {
  for (const key of which) {
    const [mine, was, next] = [user[key], base[key], template[key]].map((comment) => comment ?? undefined);
    if (mine === was) user[key] = next;
    else if (mine !== undefined && was !== undefined && was !== next) user[key] = replacedLines(mine, was, next) ?? mine;
  }
}

/** `text` with the lines of `block`, where they stand together in it, replaced by those of `replacement`; undefined where they do not. */
function replacedLines(text: string, block: string, replacement: string | undefined): string | undefined {
  const lines = text.split('\n');
  const wanted = block.split('\n');
  for (let at = 0; at + wanted.length <= lines.length; at++) {
    if (!wanted.every((line, offset) => lines[at + offset] === line)) continue;
    return [...lines.slice(0, at), ...(replacement === undefined ? [] : replacement.split('\n')), ...lines.slice(at + wanted.length)].join('\n');
  }
  return undefined;
}

/**
 * The kit's comments follow the template through the maps the three documents share: an env
 * entry's comment in values.yaml says its new description or type, and goes with the entry when
 * it is removed (the first entry's comment belongs to its map, in yaml's reading).
 */
function followKitComments(user: unknown, base: unknown, template: unknown): void {
  if (!isMap(user) || !isMap(base) || !isMap(template)) return;
  takeKitComments(user, base, template);
  for (const pair of user.items) {
    const [was, next] = [base, template].map((map) => map.items.find((item) => keyOf(item) === keyOf(pair)));
    if (!was || !next) continue;
    if (isScalar(pair.key) && isScalar(was.key) && isScalar(next.key)) takeKitComments(pair.key, was.key, next.key, ['commentBefore']);
    if (isScalar(pair.value) && isScalar(was.value) && isScalar(next.value)) takeKitComments(pair.value, was.value, next.value, ['comment']);
    followKitComments(pair.value, was.value, next.value);
  }
}

const keyOf = (pair: Pair) => String(jsOf(pair.key));

/** A node's plain value; with the user's document, an alias (`*a`) reads as what it names, so it is kept, not copied out. */
const jsOf = (node: unknown, document?: Document): unknown => {
  if (!node || typeof (node as Node).toJSON !== 'function') return node;
  return document ? (node as Node).toJS(document) : (node as Node).toJSON();
};

/** The user's node made to hold `wanted`, reusing the user's nodes where they hold it, the template's where they do. */
function rewrite(document: Document, user: Node | null, template: Node | null, wanted: unknown): Node | null {
  if (isDeepStrictEqual(jsOf(user, document), wanted)) return user;
  if (isMap(user) && isPlainObject(wanted)) return rewriteMap(document, user, isMap(template) ? template : undefined, wanted);
  if (isSeq(user) && Array.isArray(wanted)) return rewriteSeq(document, user, isSeq(template) ? template : undefined, wanted);
  const replacement = isDeepStrictEqual(jsOf(template), wanted) ? (template!.clone() as Node) : (document.createNode(wanted) as Node);
  // The user's own comment on a value stays with the value that replaces it.
  if (user && replacement) {
    replacement.comment = user.comment ?? replacement.comment;
    replacement.commentBefore = user.commentBefore ?? replacement.commentBefore;
    if (isScalar(user) && isScalar(replacement) && !isDeepStrictEqual(jsOf(template), wanted)) replacement.type = user.type;
  }
  return replacement;
}

function rewriteMap(document: Document, user: YAMLMap, template: YAMLMap | undefined, wanted: Record<string, unknown>): YAMLMap {
  const kept: Pair[] = [];
  for (const pair of user.items) {
    const key = keyOf(pair);
    if (!(key in wanted)) continue;
    const fromTemplate = template?.items.find((item) => keyOf(item) === key);
    pair.value = rewrite(document, pair.value as Node | null, (fromTemplate?.value as Node | null) ?? null, wanted[key]);
    kept.push(pair);
  }
  const order = Object.keys(wanted);
  for (const key of order) {
    if (kept.some((pair) => keyOf(pair) === key)) continue;
    const fromTemplate = template?.items.find((item) => keyOf(item) === key);
    const pair = fromTemplate && isDeepStrictEqual(jsOf(fromTemplate.value), wanted[key]) ? (fromTemplate.clone() as Pair) : new Pair(document.createNode(key), document.createNode(wanted[key]));
    const previous = order.slice(0, order.indexOf(key)).reverse().find((name) => kept.some((item) => keyOf(item) === name));
    kept.splice(previous === undefined ? 0 : kept.findIndex((item) => keyOf(item) === previous) + 1, 0, pair);
  }
  user.items = kept;
  // `{}` would stay flow style once it has items; one item per line, like the templates.
  if (kept.length > 0) user.flow = false;
  return user;
}

function rewriteSeq(document: Document, user: YAMLSeq, template: YAMLSeq | undefined, wanted: unknown[]): YAMLSeq {
  const identity = (value: unknown) => (isPlainObject(value) && typeof value.key === 'string' ? `key:${value.key}` : JSON.stringify(value));
  const find = (seq: YAMLSeq | undefined, value: unknown) => seq?.items.find((item) => identity(jsOf(item, seq === user ? document : undefined)) === identity(value)) as Node | undefined;
  user.items = wanted.map((value) => {
    const mine = find(user, value);
    if (mine && !isPair(mine)) return rewrite(document, mine, find(template, value) ?? null, value);
    const theirs = find(template, value);
    return theirs && isDeepStrictEqual(jsOf(theirs), value) ? (theirs.clone() as Node) : (document.createNode(value) as Node);
  });
  if (user.items.length > 0) user.flow = false;
  return user;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
