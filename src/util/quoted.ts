// What JSON.stringify leaves as it is and a terminal does not show as itself: format characters
// (bidi controls, zero-width spaces, the byte order mark), line and paragraph separators, and code
// points with no character (noncharacters such as U+FFFE, and unassigned ones). The joiners U+200C
// and U+200D stay: emoji and several scripts are written with them.
const UNSHOWN = /(?![\u200C\u200D])[\p{Cf}\p{Cn}\p{Zl}\p{Zp}]/gu;

/**
 * A value as a message shows it: JSON (quotes, escaped control characters and lone surrogates),
 * with every character a terminal would not show as itself written as its `\uXXXX` escape(s), so
 * that the user can find it in what they typed.
 */
export function quoted(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  // Nearly every value is printable ASCII: the Unicode classes above cost about 0.5 ms to build on first use.
  if (!/[^\x20-\x7e]/.test(json)) return json;
  return json.replace(UNSHOWN, (character) => {
    let escaped = '';
    for (let index = 0; index < character.length; index++) escaped += `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}
