import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYaml, yamlStreamProblem } from '../../src/util/yaml.js';

// The kit checks repeated mapping keys itself, in linear time (yaml's own check is quadratic in
// a mapping's size); it must say what yaml says, where yaml says it.
const TEXTS = [
  'a: 1\nb: 2\n',
  'a: 1\nb: 2\na: 3\n',
  'a: 1\n"a": 2\n',
  "x:\n  y: 1\n  'y': 2\n",
  '{ a: 1, a: 2 }\n',
  '1: one\n1: uno\n',
  '1: one\n"1": uno\n',
  'true: yes\n"true": no\n',
  '- a: 1\n  b: 2\n- a: 3\n',
  '? [a]\n: 1\n? [a]\n: 2\n',
  'list: [ { k: 1 }, { k: 2, k: 3 } ]\n',
];

describe('repeated mapping keys', () => {
  it.each(TEXTS)('%j: found exactly when yaml finds it, at the same line and column', (text) => {
    const yamlsOwn = parseDocument(text).errors.find((error) => error.code === 'DUPLICATE_KEY');
    const ours = yamlStreamProblem(text);
    if (!yamlsOwn) expect(ours).toBeUndefined();
    else expect(ours).toBe(`is not valid YAML: Map keys must be unique at line ${yamlsOwn.linePos![0].line}, column ${yamlsOwn.linePos![0].col}`);
  });

  it('in any document of a stream, and not across documents', () => {
    expect(yamlStreamProblem('a: 1\n---\na: 2\n')).toBeUndefined();
    expect(yamlStreamProblem('a: 1\n---\nb: 1\nb: 2\n')).toBe('is not valid YAML: Map keys must be unique at line 4, column 1');
  });

  it("a syntax error is yaml's first error, on one line", () => {
    expect(parseYaml('a: [\n')).toMatchObject({ ok: false, reason: expect.stringMatching(/^is not valid YAML: [^\n]+ at line \d+, column \d+$/) });
  });

  it('parses one document to plain data, refusing a repeated key as yaml would', () => {
    expect(parseYaml('a: 1\nb: [x, y]\n')).toEqual({ ok: true, data: { a: 1, b: ['x', 'y'] } });
    expect(parseYaml('a: 1\nb: 2\na: 3\n')).toEqual({ ok: false, reason: 'is not valid YAML: Map keys must be unique at line 3, column 1' });
  });
});
