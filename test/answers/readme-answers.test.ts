import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Tokens, marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { ANSWER_NAMES, FIELDS } from '../../src/answers/fields.js';
import { REPO_ROOT } from '../support/generate.js';
import { inlineText } from '../input/support.js';

// The README's answers table and its sentence on the order of the questions are copies of the
// table of answers (src/answers/fields.ts): an answer added, moved or given another flag or
// default there fails here until the README says so too.
const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const table = marked
  .lexer(readme)
  .find((token): token is Tokens.Table => token.type === 'table' && inlineText(token.header[0]!.tokens) === 'Answer')!;
const rows = table.rows.map((row) => ({ answer: inlineText(row[0]!.tokens), flag: inlineText(row[1]!.tokens), fallback: inlineText(row[3]!.tokens) }));

describe("the README's answers table follows the table of answers", () => {
  it('one row per answer, in the table\'s order, each naming its flag', () => {
    expect(rows).toHaveLength(ANSWER_NAMES.length);
    ANSWER_NAMES.forEach((name, index) => expect(rows[index]!.flag, name).toContain(FIELDS[name].flag));
  });

  it("each row's default says the field's default", () => {
    for (const [index, name] of ANSWER_NAMES.entries()) {
      const defaultHelp = (FIELDS[name] as { defaultHelp?: string }).defaultHelp;
      if (defaultHelp === undefined) continue;
      expect(rows[index]!.fallback, name).toContain(defaultHelp.replace(/^(default|with --yes): /, ''));
    }
  });

  it('the order of the questions is the table\'s, the advanced settings last', () => {
    const sentence = /Interactive runs ask in this order,([^]*?)The kind question/.exec(readme)![1]!.replace(/\s+/g, ' ');
    const [plain, advanced] = sentence.split('advanced settings (') as [string, string];
    const positions = (text: string, names: typeof ANSWER_NAMES) =>
      names.map((name) => {
        const label = FIELDS[name].summary.label;
        const at = text.search(new RegExp(`\\b${label}\\b`));
        expect(at, `"${label}" in: ${text}`).toBeGreaterThanOrEqual(0);
        return at;
      });
    const asked = positions(plain, ANSWER_NAMES.filter((name) => !FIELDS[name].advanced));
    expect(asked).toEqual([...asked].sort((a, b) => a - b));
    positions(advanced, ANSWER_NAMES.filter((name) => FIELDS[name].advanced));
  });
});
