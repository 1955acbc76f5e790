// .env files as Bun reads them: a pack's service runs on Bun, which loads .env by itself.
// What Bun does, measured with the bun binary this kit installs (test/util/dotenv.test.ts):
// an unquoted value ends at "#"; inside '...' or `...` every character stands for itself,
// except that $NAME and ${NAME} are expanded and \$ stands for "$"; inside "..." \n is also a
// line break and \" keeps its backslash; a value ending in "\" escapes its closing quote.

const BARE = /^[A-Za-z0-9_./:@+-]*$/;

/** The inside of a quoted .env value: "$" escaped, so Bun expands nothing. */
export const dotenvEscape = (value: string) => value.replaceAll('$', '\\$');

/** `value` written for a .env file so that Bun reads it back exactly, or undefined when no quoting can. */
export function dotenvValue(value: string): string | undefined {
  if (BARE.test(value)) return value;
  if (/[\r\n\0]/.test(value) || value.endsWith('\\')) return undefined;
  const quote = ["'", '`'].find((candidate) => !value.includes(candidate));
  return quote === undefined ? undefined : quote + dotenvEscape(value) + quote;
}

/**
 * An env entry's line in .env.example: `written` is the text after "=", `read` what Bun reads
 * from it. Empty for a secret, for an entry without a default, and for a default no quoting can
 * hold (the service applies the default anyway).
 */
export function envExampleLine(entry: { key: string; type: string; default?: string }): { written: string; read: string } {
  const written = entry.type === 'secret' || entry.default === undefined ? undefined : dotenvValue(entry.default);
  return written === undefined ? { written: '', read: '' } : { written, read: entry.default! };
}

/** `KEY=value` lines of a .env file, each value read as Bun reads it (variables are not expanded). */
export function parseDotenv(text: string): Map<string, { value: string; line: number }> {
  const result = new Map<string, { value: string; line: number }>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(raw);
    if (!match) return;
    result.set(match[1]!, { value: readValue(match[2]!.trim()), line: index + 1 });
  });
  return result;
}

function readValue(written: string): string {
  const quote = written[0];
  const end = quote === "'" || quote === '`' || quote === '"' ? written.lastIndexOf(quote) : -1;
  if (end <= 0) return written.split('#')[0]!.trim();
  const inner = written.slice(1, end);
  return quote === '"' ? inner.replaceAll('\\n', '\n').replaceAll('\\$', '$') : inner.replaceAll('\\$', '$');
}
