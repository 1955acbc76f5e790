import { type Token, type Tokens, marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { markdownCellCode, markdownText } from '../../src/util/markdown.js';
import { inlineText } from '../input/support.js';

// What markdownText writes reads back as the very text, as one paragraph: no heading, list,
// quote, table, link, emphasis, code or HTML; and plain punctuation stays unescaped.
const TEXTS = [
  '# not a heading',
  '- not a list',
  '+ not a list',
  '1. not a list',
  '2) not a list',
  '> not a quote',
  '===',
  '  - indented',
  'a | b | c',
  '*stars* and _underscores_ and ~~strike~~',
  '[link](https://example.com) and ![image](x.png)',
  '`code` and <b>html</b> and &amp; and &copy;',
  'back\\slash and \\* escaped',
  'Omni API key (omni_sk_…). Done!',
  'https://example.com/a_b and www.example.com/c_d and WWW.X.COM',
  'mail a_b@example.com',
  ': #',
  '* # ##',
  'price $5 and $6',
];

describe('markdownText', () => {
  it.each(TEXTS)('%s reads back as itself, one paragraph, and as a heading', (text) => {
    // (A heading drops leading spaces; the answer rules refuse them in a one-line text anyway.)
    const heading = marked.lexer(`# ${markdownText(text)}`);
    expect(heading.map((token: Token) => token.type)).toEqual(['heading']);
    expect(inlineText((heading[0] as { tokens?: Token[] }).tokens)).toBe(text.trimStart());
    const tokens = marked.lexer(markdownText(text));
    expect(tokens.map((token: Token) => token.type)).toEqual(['paragraph']);
    expect(inlineText((tokens[0] as { tokens?: Token[] }).tokens)).toBe(text);
  });

  it('leaves plain punctuation alone', () => {
    expect(markdownText('Orders (all of them), at 10.30: done!')).toBe('Orders (all of them), at 10.30: done!');
  });

  it.each(['\\|', 'a \\| b', '\\\\|', 'a|b', '`|`', 'x\\'])('%s in a table cell as code reads back as itself, in its own cell', (text) => {
    const table = marked.lexer(`| value | next |\n| --- | --- |\n| ${markdownCellCode(text)} | end |\n`)[0] as Tokens.Table;
    expect(table.rows[0]!.map((cell) => inlineText(cell.tokens))).toEqual([text, 'end']);
  });
});
