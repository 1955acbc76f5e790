import { type Document, type YAMLMap, isMap, isPair, isScalar, isSeq, visit } from 'yaml';

// An env entry renamed (`khal-pack env rename`) is renamed in the base and in the user's own
// version of each structured file before the three are merged: what the user wrote on the
// entry (a comment, a value, a schema keyword) then stays with the entry under its new name,
// and only the change's other edits are merged. A name is renamed only where these files hold
// env keys: a key of a `config` or `properties` mapping (env.config.KEY, the schema's
// properties.KEY), the `key` of an item (env[], env.secrets[]) and an item of a `required`
// list. A mapping that already holds the new name keeps both as they are, for the merge to judge.

export type EnvRenames = ReadonlyMap<string, string>;

/** A change that renames nothing. */
export const NO_RENAMES: EnvRenames = new Map();

/** Mappings whose keys are env keys. */
const KEYED_BY_ENV = new Set(['config', 'properties']);

/** The plain JSON value with each old name in those places given its new one; key order kept. */
export function renamePlain(value: unknown, renames: EnvRenames, parentKey?: string): unknown {
  if (renames.size === 0) return value;
  if (Array.isArray(value))
    return value.map((item) => (parentKey === 'required' && typeof item === 'string' ? (renames.get(item) ?? item) : renamePlain(item, renames)));
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  const renamedKey = (key: string) => {
    const next = renames.get(key);
    return next !== undefined && KEYED_BY_ENV.has(parentKey ?? '') && !(next in object) ? next : key;
  };
  return Object.fromEntries(
    Object.entries(object).map(([key, item]) => [renamedKey(key), key === 'key' && typeof item === 'string' ? (renames.get(item) ?? item) : renamePlain(item, renames, key)]),
  );
}

/** The same renaming in a YAML document, in place: the nodes, with their comments and quoting, stay. */
export function renameYamlKeys(document: Document, renames: EnvRenames): void {
  if (renames.size === 0) return;
  const keyName = (node: unknown) => (isPair(node) && isScalar(node.key) ? node.key.value : undefined);
  const rename = (scalar: unknown) => {
    if (isScalar(scalar) && typeof scalar.value === 'string' && renames.has(scalar.value)) scalar.value = renames.get(scalar.value)!;
  };
  const holds = (map: YAMLMap, name: string) => map.items.some((item) => keyName(item) === name);
  visit(document, {
    Pair(_, pair, path) {
      const map = path.at(-1);
      if (keyName(pair) === 'key') rename(pair.value);
      const next = isScalar(pair.key) && typeof pair.key.value === 'string' ? renames.get(pair.key.value) : undefined;
      if (next !== undefined && isMap(map) && KEYED_BY_ENV.has(String(keyName(path.at(-2)))) && !holds(map, next)) rename(pair.key);
    },
    Seq(_, seq, path) {
      if (isSeq(seq) && keyName(path.at(-1)) === 'required') for (const item of seq.items) rename(item);
    },
  });
}
