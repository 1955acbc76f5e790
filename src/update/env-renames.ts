import { type Document, isPair, isScalar, isSeq, visit } from 'yaml';

// An env entry renamed (`khal-pack env rename`) is renamed in the base and in the user's own
// version of each structured file before the three are merged: what the user wrote on the
// entry (a comment, a value, a schema keyword) then stays with the entry under its new name,
// and only the change's other edits are merged. A name is renamed where these files hold env
// keys: as a mapping key (env.config.KEY, properties.KEY), as the `key` of an item (env[],
// env.secrets) and as an item of a list of names (a schema's `required`).

export type EnvRenames = ReadonlyMap<string, string>;

/** The plain JSON value with each old name in those places given its new one; key order kept. */
export function renamePlain(value: unknown, renames: EnvRenames): unknown {
  if (renames.size === 0) return value;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? (renames.get(item) ?? item) : renamePlain(item, renames)));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [renames.get(key) ?? key, key === 'key' && typeof item === 'string' ? (renames.get(item) ?? item) : renamePlain(item, renames)]),
  );
}

/** The same renaming in a YAML document, in place: the nodes, with their comments and quoting, stay. */
export function renameYamlKeys(document: Document, renames: EnvRenames): void {
  if (renames.size === 0) return;
  const renamed = (scalar: unknown) => {
    if (isScalar(scalar) && typeof scalar.value === 'string' && renames.has(scalar.value)) scalar.value = renames.get(scalar.value)!;
  };
  visit(document, {
    Pair(_, pair) {
      const keyName = isScalar(pair.key) ? pair.key.value : undefined;
      renamed(pair.key);
      if (keyName === 'key') renamed(pair.value);
    },
    Seq(_, seq) {
      if (isSeq(seq)) for (const item of seq.items) if (!isPair(item)) renamed(item);
    },
  });
}
