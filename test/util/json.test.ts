import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseJson } from '../../src/util/json.js';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('parseJson: nesting', () => {
  it(`takes ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}, at the bracket that opens the level beyond`, () => {
    expect(parseJson(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(parseJson(`{\n  "a": ${nested(MAX_JSON_DEPTH + 1)}\n}`)).toEqual({
      ok: false,
      reason: `is nested more than ${MAX_JSON_DEPTH} levels deep (line 2, column ${7 + MAX_JSON_DEPTH}): no pack file nests that deep; it is refused before anything walks it`,
    });
  });

  it('counts objects and arrays, not brackets inside strings', () => {
    expect(parseJson(JSON.stringify({ text: '['.repeat(500), list: [{ a: [1] }] })).ok).toBe(true);
    const deepObjects = `${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`;
    expect(parseJson(deepObjects)).toMatchObject({ ok: false, reason: expect.stringContaining(`(line 1, column ${5 * MAX_JSON_DEPTH + 1})`) });
  });

  it('a million levels: a message, not a stack overflow', () => {
    expect(parseJson(nested(1_000_000))).toMatchObject({ ok: false, reason: expect.stringMatching(/^is nested more than 100 levels deep/) });
  });

  it('a syntax error is reported before the depth', () => {
    expect(parseJson('[[1,]]')).toMatchObject({ ok: false, reason: expect.stringMatching(/^is not valid JSON: line 1, column \d+/) });
  });
});
