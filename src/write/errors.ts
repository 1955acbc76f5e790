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
