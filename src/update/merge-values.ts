import { isDeepStrictEqual } from 'node:util';

// The structured 3-way merge of parsed JSON or YAML values: the change from `base` to `target`
// is applied to `user`, keeping the user's own keys and their order. Where both sides changed
// the same value differently, the user's value is kept and the place is named as a conflict.

export interface ValueMerge {
  value: unknown;
  /** Where both sides changed the same value differently, e.g. `dependencies.react`. */
  conflicts: string[];
  /** The merge with the change's value at each conflict (`value` has the user's), for marking the conflicts in the file. */
  target: unknown;
  /** The merge with the base's value at each conflict. */
  base: unknown;
}

type Plain = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);
const settled = (value: unknown): ValueMerge => ({ value, conflicts: [], target: value, base: value });

/** `undefined` stands for "absent" on any side. */
export function mergeValues(base: unknown, target: unknown, user: unknown, at = ''): ValueMerge {
  if (same(base, target) || same(user, target)) return settled(user);
  if (same(user, base)) return settled(target);
  if (isPlainObject(base) && isPlainObject(target) && isPlainObject(user)) return mergeObjects(base, target, user, at);
  if (Array.isArray(base) && Array.isArray(target) && Array.isArray(user)) {
    if ([base, target, user].every(isKeyedList)) return mergeKeyedLists(base as Keyed[], target as Keyed[], user as Keyed[], at);
    if ([base, target, user].every(isScalarList)) return settled(mergeScalarLists(base, target, user));
  }
  return { value: user, conflicts: [at || '(the whole file)'], target, base };
}

const SIDE_NAMES = ['value', 'target', 'base'] as const;

function mergeObjects(base: Plain, target: Plain, user: Plain, at: string): ValueMerge {
  const conflicts: string[] = [];
  const merged = { value: new Map<string, unknown>(), target: new Map<string, unknown>(), base: new Map<string, unknown>() };
  for (const key of Object.keys(user)) {
    const result = mergeValues(base[key], target[key], user[key], join(at, key));
    conflicts.push(...result.conflicts);
    for (const side of SIDE_NAMES) if (result[side] !== undefined) merged[side].set(key, result[side]);
  }
  for (const key of Object.keys(target)) {
    if (key in user) continue;
    // Deleted by the user and left as it was by the template: it stays deleted.
    if (key in base && same(base[key], target[key])) continue;
    if (key in base) {
      conflicts.push(`${join(at, key)} (you removed it; the template changed it)`);
      insertAfterSibling(merged.target, key, target[key], Object.keys(target));
      insertAfterSibling(merged.base, key, base[key], Object.keys(target));
    } else for (const side of SIDE_NAMES) insertAfterSibling(merged[side], key, target[key], Object.keys(target));
  }
  return { value: Object.fromEntries(merged.value), conflicts, target: Object.fromEntries(merged.target), base: Object.fromEntries(merged.base) };
}

/** Puts a key the template added after the key it follows in the template, else first. */
function insertAfterSibling<V>(map: Map<string, V>, key: string, value: V, templateOrder: string[]): void {
  const previous = templateOrder
    .slice(0, templateOrder.indexOf(key))
    .reverse()
    .find((sibling) => map.has(sibling));
  const entries = [...map];
  const index = previous === undefined ? 0 : entries.findIndex(([name]) => name === previous) + 1;
  entries.splice(index, 0, [key, value]);
  map.clear();
  for (const [name, item] of entries) map.set(name, item);
}

// Lists of objects named by a `key` field (env[], values.yaml env.secrets): merged item by item.
type Keyed = { key: string } & Plain;
const isKeyedList = (list: unknown[]) => list.every((item) => isPlainObject(item) && typeof item.key === 'string');
const isScalarList = (list: unknown[]) => list.every((item) => item === null || typeof item !== 'object');

function mergeKeyedLists(base: Keyed[], target: Keyed[], user: Keyed[], at: string): ValueMerge {
  const byKey = (list: Keyed[]) => Object.fromEntries(list.map((item) => [item.key, item]));
  const result = mergeObjects(byKey(base), byKey(target), byKey(user), at);
  return { value: Object.values(result.value as Plain), conflicts: result.conflicts, target: Object.values(result.target as Plain), base: Object.values(result.base as Plain) };
}

/** Lists of strings or numbers (permissions, workspaces): a set, in the user's order. */
function mergeScalarLists(base: unknown[], target: unknown[], user: unknown[]): unknown[] {
  const dropped = base.filter((item) => !target.includes(item));
  const merged = user.filter((item) => !dropped.includes(item));
  for (const item of target) if (!base.includes(item) && !merged.includes(item)) merged.push(item);
  return merged;
}

const join = (at: string, key: string) => (at ? `${at}.${key}` : key);
