// Files a user keeps with CRLF line ends (an editor on Windows): the kit reads them as LF, the
// way it writes its own, and gives what it changes in them back their CRLF.

/** Every line of `text` ends in CRLF, and it has at least one line end. */
export function endsLinesWithCrlf(text: string): boolean {
  const lineEnds = text.split('\n').length - 1;
  return lineEnds > 0 && text.split('\r\n').length - 1 === lineEnds;
}

export const toLf = (text: string): string => text.replaceAll('\r\n', '\n');

/** `text` (LF line ends) with CRLF ones. */
export const toCrlf = (text: string): string => text.replaceAll('\n', '\r\n');

/** `change` applied to `text` as LF, with `text`'s CRLF line ends kept where every line had one. */
export function keepingLineEnds(text: string, change: (lf: string) => string): string {
  return endsLinesWithCrlf(text) ? toCrlf(change(toLf(text))) : change(text);
}
