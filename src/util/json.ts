import { isDeepStrictEqual } from 'node:util';

/** A text parsed (JSON here, YAML in yaml.ts), or why it could not be, as a finding says it. */
export type ParsedText = { ok: true; data: unknown } | { ok: false; reason: string };

/**
 * JSON text parsed, or why it is not JSON with the line and column ("is not valid JSON: line 3,
 * column 1: ..."), the same from every command. A leading byte order mark (some editors save
 * one) is refused, as JSON.parse refuses it, unless `skipByteOrderMark` (a file only this kit reads).
 */
export function parseJson(text: string, { skipByteOrderMark = false } = {}): ParsedText {
  if (text.startsWith('\uFEFF') && !skipByteOrderMark)
    return { ok: false, reason: 'starts with a byte order mark (U+FEFF), which JSON.parse, and so the platform, refuses: save it as UTF-8 without one' };
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `is not valid JSON: ${describeJsonError(body, error as Error)}` };
  }
  // JSON.parse itself takes any depth; a recursive walk after it (zod's, the checks') would not.
  // Looking at the parsed values is linear in their number; the text is scanned for the place only when too deep.
  if (nestedBeyond(data, MAX_JSON_DEPTH))
    return {
      ok: false,
      reason: `is nested more than ${MAX_JSON_DEPTH} levels deep (${lineColumn(body, nestingBeyond(body, MAX_JSON_DEPTH) ?? 0)}): no pack file nests that deep; it is refused before anything walks it`,
    };
  return { ok: true, data };
}

/** Whether a parsed JSON value holds an object or array at nesting level `limit + 1` (the value itself is level 1). */
function nestedBeyond(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, level] = next;
    if (current === null || typeof current !== 'object') continue;
    if (level > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) if (child !== null && typeof child === 'object') pending.push([child, level + 1]);
  }
  return false;
}

/** Deeper than any pack file needs, far shallower than what would overflow the stack of a recursive walk. */
export const MAX_JSON_DEPTH = 100;

/** The offset of the first bracket that opens level `limit + 1`, outside strings, or undefined. */
function nestingBeyond(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      if (++depth > limit) return index;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return undefined;
}

/** "line 3, column 14" of `offset` in `text`. */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * "line 3, column 14: Unexpected token" from V8's message, which gives only a position. V8's
 * quote of the text around the error is left out: the file may be a secret (a .env given by
 * mistake, or a link to one), and the line and column say where to look.
 */
function describeJsonError(text: string, error: Error): string {
  const message = error.message;
  const reported = /line (\d+) column (\d+)/.exec(message);
  if (reported) return `line ${reported[1]}, column ${reported[2]}: ${message.replace(/ in JSON at .*$/, '')}`;
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  const cause = message
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/, ".*$/s, '')
    .replace(/^".*$/s, 'Unexpected text');
  return `${lineColumn(text, offset)}: ${cause}`;
}

/** Every leaf where `actual` differs from `expected`, by dotted path. */
export function jsonDifferences(expected: unknown, actual: unknown, at: string): { path: string; expected: unknown; actual: unknown }[] {
  if (isDeepStrictEqual(expected, actual)) return [];
  const bothObjects =
    typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null && Array.isArray(expected) === Array.isArray(actual);
  if (!bothObjects || Array.isArray(expected)) return [{ path: at, expected, actual }];
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  return keys.flatMap((key) =>
    jsonDifferences((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], `${at}.${key}`),
  );
}
