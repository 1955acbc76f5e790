import type { PackAnswers } from '../answers/schema.js';
import nodePlop, { type NodePlopAPI } from 'node-plop';
// The plopfile is loaded here, in-process, rather than by node-plop's import() of a path:
// one module graph, so the CLI can be bundled (scripts/bundle.mjs).
import plopfile from '../../generators/plopfile.js';
import { GenerationError } from './generation-error.js';
import { PACK_GENERATOR, type PackGeneratorData } from './plop-setup.js';
import { filesUnder } from '../util/files.js';

/** A node-plop instance with this project's generators and helpers, writing under `destBasePath`. */
export async function loadPlop(destBasePath: string): Promise<NodePlopAPI> {
  const plop = await nodePlop('', { destBasePath, force: false });
  plopfile(plop);
  return plop;
}

/** Renders a pack into `folder` (an empty staging folder) through node-plop; returns the files written. */
export async function renderPack(answers: PackAnswers, folder: string): Promise<string[]> {
  const plop = await loadPlop(folder);
  const data: PackGeneratorData = { answers, destination: '.' };
  const { failures } = await plop.getGenerator(PACK_GENERATOR).runActions(data);
  if (failures.length > 0)
    throw new GenerationError(
      `The templates failed to render:\n${failures.map((failure) => `  - ${failure.type} ${failure.path ?? ''}: ${failure.error}`).join('\n')}`,
    );
  return filesUnder(folder);
}
