export type JsonRead = { ok: true; data: unknown } | { ok: false; reason: string };

/**
 * JSON text parsed, or why it is not JSON with the line and column ("is not valid JSON: line 3,
 * column 1: ..."), the same from every command. A leading byte order mark (some editors save
 * one) is refused, as JSON.parse refuses it, unless `skipByteOrderMark` (a file only this kit reads).
 */
export function parseJson(text: string, { skipByteOrderMark = false } = {}): JsonRead {
  if (text.startsWith('\uFEFF') && !skipByteOrderMark)
    return { ok: false, reason: 'starts with a byte order mark (U+FEFF), which JSON.parse, and so the platform, refuses: save it as UTF-8 without one' };
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { ok: true, data: JSON.parse(body) as unknown };
  } catch (error) {
    return { ok: false, reason: `is not valid JSON: ${describeJsonError(body, error as Error)}` };
  }
}

/** "line 3, column 14: Unexpected token" from V8's message, which gives only a position. */
function describeJsonError(text: string, error: Error): string {
  const message = error.message;
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}: ${message.replace(/ in JSON at .*$/, '')}`;
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  const cause = message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)/, '');
  return `line ${line}, column ${column}: ${cause}`;
}
