/** The exit codes every command uses; the README lists them. */
export const EXIT = {
  ok: 0,
  /** A command found problems, or failed. */
  failed: 1,
  /** Bad usage or bad answers: nothing was written. */
  usage: 2,
  /** `update --check` could not tell (no base kit, no .khal-pack.json, a pack made by a newer kit): nothing was changed. */
  undecided: 3,
  /** Interrupted (Ctrl-C, SIGTERM): nothing was written. */
  interrupted: 130,
} as const;

export class ExitError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExitError';
  }
}
