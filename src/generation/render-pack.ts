import type { PackAnswers } from '../answers/schema.js';
import { PATHS } from '../util/paths.js';
import { PACK_GENERATOR, type PackGeneratorData } from './plop-setup.js';
import { listTemplateFiles } from './template-tree.js';

export class GenerationError extends Error {
  override name = 'GenerationError';
}

/** Renders a pack into `folder` (an empty staging folder) through node-plop; returns the files written. */
export async function renderPack(answers: PackAnswers, folder: string): Promise<string[]> {
  const { default: nodePlop } = await import('node-plop');
  const plop = await nodePlop(PATHS.plopfile, { destBasePath: folder, force: false });
  const data: PackGeneratorData = { answers, destination: '.' };
  const { failures } = await plop.getGenerator(PACK_GENERATOR).runActions(data);
  if (failures.length > 0)
    throw new GenerationError(
      `The templates failed to render:\n${failures.map((failure) => `  - ${failure.type} ${failure.path ?? ''}: ${failure.error}`).join('\n')}`,
    );
  return listTemplateFiles(folder);
}
