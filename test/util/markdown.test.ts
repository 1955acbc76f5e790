import { type Token, marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { markdownText } from '../../src/util/markdown.js';
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
];

describe('markdownText', () => {
  it.each(TEXTS)('%s reads back as itself, one paragraph', (text) => {
    const tokens = marked.lexer(markdownText(text));
    expect(tokens.map((token: Token) => token.type)).toEqual(['paragraph']);
    expect(inlineText((tokens[0] as { tokens?: Token[] }).tokens)).toBe(text);
  });

  it('leaves plain punctuation alone', () => {
    expect(markdownText('Orders (all of them), at 10.30: done!')).toBe('Orders (all of them), at 10.30: done!');
  });
});
