import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { mergeJsonTexts, mergeYamlTexts } from '../../src/update/merge-documents.js';
import { conflictCount, formatParts, parseDiff3 } from '../../src/update/conflict-blocks.js';
import { mergeFile } from '../../src/update/merge-file.js';
import { mergeValues } from '../../src/update/merge-values.js';

describe('the structured merge of values', () => {
  it('applies the change to the user\'s value, keeping the user\'s keys and their order', () => {
    const base = { name: 'a', scripts: { build: 'tsup', test: 'vitest' }, devDependencies: { vitest: '~3.1.0' } };
    const target = { name: 'a', scripts: { build: 'tsup', test: 'vitest run', lint: 'eslint' }, devDependencies: { vitest: '~3.2.4' } };
    const user = { name: 'a', dependencies: { 'date-fns': '^4' }, scripts: { test: 'vitest', build: 'tsup --minify' }, devDependencies: { vitest: '~3.1.0' } };
    const { value, conflicts } = mergeValues(base, target, user);
    expect(conflicts).toEqual([]);
    expect(value).toEqual({ name: 'a', dependencies: { 'date-fns': '^4' }, scripts: { test: 'vitest run', build: 'tsup --minify', lint: 'eslint' }, devDependencies: { vitest: '~3.2.4' } });
    expect(Object.keys(value as object)).toEqual(['name', 'dependencies', 'scripts', 'devDependencies']);
  });

  it('merges lists of entries by their key, and lists of names as sets', () => {
    const base = { env: [{ key: 'A', type: 'string' }, { key: 'B', type: 'number' }], permissions: ['nats:publish'] };
    const target = { env: [{ key: 'A', type: 'url' }, { key: 'C', type: 'string' }], permissions: ['nats:publish', 'http:fetch'] };
    const user = { env: [{ key: 'B', type: 'number' }, { key: 'A', type: 'string', note: 'mine' }], permissions: ['files:read', 'nats:publish'] };
    const merged = { env: [{ key: 'A', type: 'url', note: 'mine' }, { key: 'C', type: 'string' }], permissions: ['files:read', 'nats:publish', 'http:fetch'] };
    // No conflict: all three sides are the one merge.
    expect(mergeValues(base, target, user)).toEqual({ value: merged, conflicts: [], target: merged, base: merged });
  });

  it('names every place both sides changed differently, and keeps the user\'s value there', () => {
    const { value, conflicts } = mergeValues({ port: 8080, image: { tag: '' } }, { port: 9090, image: { tag: 'v2' } }, { port: 8000 });
    expect(value).toEqual({ port: 8000 });
    expect(conflicts).toEqual(['port', 'image (you removed it; the template changed it)']);
  });
});

describe('the structured merge of YAML and JSON files', () => {
  const base = '# Values of the chart.\nreplicaCount: 1\nresources:\n  limits:\n    memory: 128Mi\nenv:\n  config:\n    # Region (string)\n    "REGION": "eu"\n';
  const target = '# Values of the chart.\nreplicaCount: 1\nresources:\n  limits:\n    memory: 256Mi\nenv:\n  config:\n    # Region (string)\n    "REGION": "eu"\n    # Zone (string, optional)\n    "ZONE": ""\n';

  it('YAML: the user\'s comments, quoting and own keys survive; the template\'s new key comes with its comment', () => {
    const user = '# Values of the chart.\n# Tuned for the customer.\nreplicaCount: 3 # HA\npodAnnotations:\n  team: weather\nresources:\n  limits:\n    memory: 128Mi\nenv:\n  config:\n    # Region (string)\n    "REGION": "us"\n';
    const merged = mergeYamlTexts(base, target, user)!;
    expect(merged.conflicts).toEqual([]);
    expect(merged.text).toBe(
      '# Values of the chart.\n# Tuned for the customer.\nreplicaCount: 3 # HA\npodAnnotations:\n  team: weather\nresources:\n  limits:\n    memory: 256Mi\nenv:\n  config:\n    # Region (string)\n    "REGION": "us"\n    # Zone (string, optional)\n    "ZONE": ""\n',
    );
    expect(parseYaml(merged.text).env.config).toEqual({ REGION: 'us', ZONE: '' });
  });

  it('YAML: an alias of the user\'s stays an alias, in a map and in a list', () => {
    const user = `${base}extra:\n  anchor: &a\n    x: 1\n  ref: *a\n  list:\n    - *a\n`;
    const merged = mergeYamlTexts(base, target, user)!;
    expect(merged.conflicts).toEqual([]);
    expect(merged.text).toContain('extra:\n  anchor: &a\n    x: 1\n  ref: *a\n  list:\n    - *a\n');
    expect(parseYaml(merged.text).resources.limits.memory).toBe('256Mi');
  });

  it('JSON: keeps the user\'s indentation', () => {
    const merged = mergeJsonTexts('{\n  "a": 1\n}\n', '{\n  "a": 2\n}\n', '{\n    "a": 1,\n    "mine": true\n}\n')!;
    expect(merged).toEqual({ text: '{\n    "a": 2,\n    "mine": true\n}\n', conflicts: [] });
  });

  it('a structured conflict is marked in the file by a line merge, and named', async () => {
    const merged = await mergeFile('helm/values.yaml', Buffer.from(base), Buffer.from(target), Buffer.from(base.replace('128Mi', '512Mi')));
    expect(merged.conflicts).toEqual(['resources.limits.memory']);
    expect(merged.content.toString()).toContain('<<<<<<< yours\n    memory: 512Mi\n||||||| as generated\n    memory: 128Mi\n=======\n    memory: 256Mi\n>>>>>>> the change\n');
  });

  it('a structured conflict marks only the conflicting value: a key the user added beside it stays outside the markers', async () => {
    const pkg = (vitest: string, extra: Record<string, unknown> = {}) =>
      `${JSON.stringify({ name: '@khal-os/pack-x', devDependencies: { typescript: '~5.9.3', vitest }, ...extra }, null, 2)}\n`;
    const user = pkg('~5.0.3', { dependencies: { 'date-fns': '^3.0.0' } });
    const merged = await mergeFile('package/package.json', Buffer.from(pkg('~5.0.0')), Buffer.from(pkg('~5.1.2')), Buffer.from(user));
    expect(merged.conflicts).toEqual(['devDependencies.vitest']);
    const text = merged.content.toString();
    expect(text).toContain('<<<<<<< yours\n    "vitest": "~5.0.3"\n||||||| as generated\n    "vitest": "~5.0.0"\n=======\n    "vitest": "~5.1.2"\n>>>>>>> the change\n  },\n  "dependencies": {\n    "date-fns": "^3.0.0"\n  }\n}\n');
    // Taking either side leaves the user's own key in place.
    const taking = (side: 'yours' | 'the change') =>
      JSON.parse(text.replace(/<<<<<<< yours\n([^]*?)\|\|\|\|\|\|\| as generated\n[^]*?=======\n([^]*?)>>>>>>> the change\n/, (_all, mine, theirs) => (side === 'yours' ? mine : theirs)));
    expect(taking('the change')).toEqual(JSON.parse(pkg('~5.1.2', { dependencies: { 'date-fns': '^3.0.0' } })));
    expect(taking('yours')).toEqual(JSON.parse(user));
  });

  it('YAML: a conflict beside a key of the user\'s marks only the value', async () => {
    const merged = await mergeFile('helm/values.yaml', Buffer.from(base), Buffer.from(target), Buffer.from(`${base.replace('128Mi', '512Mi')}podAnnotations:\n  team: weather\n`));
    expect(merged.conflicts).toEqual(['resources.limits.memory']);
    expect(merged.content.toString()).toMatch(/>>>>>>> the change\n(?:(?!<<<<<<<)[^])*podAnnotations:\n  team: weather\n$/);
    expect(conflictCount(parseDiff3(merged.content.toString())!)).toBe(1);
  });

  it('a text file: git merge-file, clean where the edits are apart', async () => {
    const merged = await mergeFile('service/src/index.ts', Buffer.from('a\nb\nc\nd\ne\n'), Buffer.from('a\nB\nc\nd\ne\n'), Buffer.from('a\nb\nc\nd\nE\n'));
    expect(merged).toEqual({ content: Buffer.from('a\nB\nc\nd\nE\n'), how: 'lines', conflicts: [] });
  });
});

describe('the line merge of a file of independent lines (service/.env.example, .gitignore)', () => {
  const base = '# Settings\nA=1\nB=2\n\n# Platform\nKHAL_NATS_URL=\n';
  const target = '# Settings\nA=1\nB=2\n# Region (string, optional)\nREGION=eu\n\n# Platform\nKHAL_NATS_URL=\n';
  const merge = (file: string, user: string) => mergeFile(file, Buffer.from(base), Buffer.from(target), Buffer.from(user));

  it('both sides inserted lines at the same place: the user\'s lines, then the change\'s, and the file counts as merged', async () => {
    const user = base.replace('B=2\n', 'B=2\n# local only\nDEBUG=1\n');
    // git alone marks it as a conflict; the line-list file takes both insertions.
    expect((await mergeFile('service/src/notes.txt', Buffer.from(base), Buffer.from(target), Buffer.from(user))).conflicts).toEqual(['1 place']);
    expect(await merge('service/.env.example', user)).toEqual({
      content: Buffer.from('# Settings\nA=1\nB=2\n# local only\nDEBUG=1\n# Region (string, optional)\nREGION=eu\n\n# Platform\nKHAL_NATS_URL=\n'),
      how: 'lines',
      conflicts: [],
    });
  });

  it('a line the user already inserted there is not repeated', async () => {
    const user = base.replace('B=2\n', 'B=2\nDEBUG=1\nREGION=eu\n');
    const merged = await merge('service/.env.example', user);
    expect(merged.conflicts).toEqual([]);
    expect(merged.content.toString()).toBe('# Settings\nA=1\nB=2\nDEBUG=1\nREGION=eu\n# Region (string, optional)\n\n# Platform\nKHAL_NATS_URL=\n');
    expect(merged.content.toString().match(/^REGION=eu$/gm)).toHaveLength(1);
  });

  it('a line the user inserted next to an entry the change rewrites: both kept, no conflict, either side', async () => {
    const generated = '# Region (string, optional)\nREGION=eu\n# Limit (number, optional)\nLIMIT=5\n';
    const described = generated.replace('# Limit (number, optional)', '# Most stations (number, optional)');
    const noted = generated.replace('REGION=eu\n', 'REGION=eu\n# my note: eu-west works best\n');
    // git alone marks the touching edits as a conflict.
    expect((await mergeFile('service/src/notes.txt', Buffer.from(generated), Buffer.from(described), Buffer.from(noted))).conflicts).toEqual(['1 place']);
    const merged = await mergeFile('service/.env.example', Buffer.from(generated), Buffer.from(described), Buffer.from(noted));
    expect(merged).toEqual({
      content: Buffer.from('# Region (string, optional)\nREGION=eu\n# my note: eu-west works best\n# Most stations (number, optional)\nLIMIT=5\n'),
      how: 'lines',
      conflicts: [],
    });
    // The change inserts beside a line the user rewrote.
    const mine = generated.replace('# Limit (number, optional)', '# Limit, at most 10 (number, optional)');
    const added = generated.replace('REGION=eu\n', 'REGION=eu\n# Units (string, optional)\nUNITS=metric\n');
    const other = await mergeFile('service/.env.example', Buffer.from(generated), Buffer.from(added), Buffer.from(mine));
    expect(other.conflicts).toEqual([]);
    expect(other.content.toString()).toBe('# Region (string, optional)\nREGION=eu\n# Units (string, optional)\nUNITS=metric\n# Limit, at most 10 (number, optional)\nLIMIT=5\n');
  });

  it('a true conflict (both sides changed the same generated lines) is still marked, beside a joined insertion', async () => {
    const user = base.replace('B=2\n', 'B=3\n').replace('KHAL_NATS_URL=\n', 'KHAL_NATS_URL=\nMINE=1\n');
    const changed = target.replace('B=2\n', 'B=20\n').replace('KHAL_NATS_URL=\n', 'KHAL_NATS_URL=\nTHEIRS=1\n');
    const merged = await mergeFile('.gitignore', Buffer.from(base), Buffer.from(changed), Buffer.from(user));
    expect(merged.conflicts).toEqual(['1 place']);
    const text = merged.content.toString();
    expect(text).toContain('<<<<<<< yours\nB=3\n||||||| as generated\nB=2\n=======\nB=20\n# Region (string, optional)\nREGION=eu\n>>>>>>> the change\n');
    expect(text.endsWith('KHAL_NATS_URL=\nMINE=1\nTHEIRS=1\n')).toBe(true);
  });
});

describe('the parts of a diff3 merge', () => {
  const marked = 'a\n<<<<<<< yours\nmine\n=======\n||||||| as generated\n=======\ntheirs\n>>>>>>> the change\nz\n';

  it('reads the sides of each conflict (a user line "=======" before the generated part is the user\'s), and writes them back as they were', () => {
    const parts = parseDiff3(marked)!;
    expect(parts).toEqual([['a\n'], { yours: ['mine\n', '=======\n'], base: [], change: ['theirs\n'], eol: '\n' }, ['z\n']]);
    expect(conflictCount(parts)).toBe(1);
    expect(formatParts(parts)).toBe(marked);
  });

  it('markers out of git\'s order (an earlier conflict left in the file) are not read', () => {
    expect(parseDiff3('a\n>>>>>>> the change\n')).toBeUndefined();
    expect(parseDiff3('<<<<<<< yours\nmine\n||||||| as generated\n')).toBeUndefined();
  });
});
