/** The templates failed to render, or the rendered pack failed its own checks. */
export class GenerationError extends Error {
  override name = 'GenerationError';
}
