import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { mergeJsonTexts, mergeYamlTexts } from '../../src/update/merge-documents.js';
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
    expect(mergeValues(base, target, user)).toEqual({
      value: { env: [{ key: 'A', type: 'url', note: 'mine' }, { key: 'C', type: 'string' }], permissions: ['files:read', 'nats:publish', 'http:fetch'] },
      conflicts: [],
    });
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

  it('JSON: keeps the user\'s indentation', () => {
    const merged = mergeJsonTexts('{\n  "a": 1\n}\n', '{\n  "a": 2\n}\n', '{\n    "a": 1,\n    "mine": true\n}\n')!;
    expect(merged).toEqual({ text: '{\n    "a": 2,\n    "mine": true\n}\n', conflicts: [] });
  });

  it('a structured conflict is marked in the file by a line merge, and named', async () => {
    const merged = await mergeFile('helm/values.yaml', Buffer.from(base), Buffer.from(target), Buffer.from(base.replace('128Mi', '512Mi')));
    expect(merged.conflicts).toEqual(['resources.limits.memory']);
    expect(merged.content.toString()).toContain('<<<<<<< yours\n    memory: 512Mi\n||||||| as generated\n    memory: 128Mi\n=======\n    memory: 256Mi\n>>>>>>> the change\n');
  });

  it('a text file: git merge-file, clean where the edits are apart', async () => {
    const merged = await mergeFile('service/src/index.ts', Buffer.from('a\nb\nc\nd\ne\n'), Buffer.from('a\nB\nc\nd\ne\n'), Buffer.from('a\nb\nc\nd\nE\n'));
    expect(merged).toEqual({ content: Buffer.from('a\nB\nc\nd\nE\n'), how: 'lines', conflicts: [] });
  });
});
