import path from 'node:path';

// The errors of a write, apart from write-pack.ts: the exit-code mapping (src/bin/run.ts)
// needs them on every path, and write-pack's file system modules are not needed on most.

/** The target folder cannot take the pack: the user chooses another, nothing was written. */
export class TargetError extends Error {
  override name = 'TargetError';
}

/** The templates failed to render, or the rendered pack failed its own checks. */
export class GenerationError extends Error {
  override name = 'GenerationError';
}

/** A folder the user may not write in, said so they can act on it (`why`: what the kit makes there); undefined for any other failure. */
export function refusalToWrite(error: unknown, why: string): TargetError | undefined {
  const { code, path: failed } = error as NodeJS.ErrnoException;
  const reason = code === 'EROFS' ? 'it is on a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'you have no permission to' : undefined;
  if (!reason || !failed) return undefined;
  return new TargetError(`Cannot write in ${path.dirname(failed)}: ${reason} (${code}). ${why} Nothing was written.`);
}
