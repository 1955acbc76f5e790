const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one argument for a POSIX shell, only when it needs it. */
export function shellQuote(argument: string): string {
  if (argument !== '' && SAFE.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}
