import type { NodePlopAPI } from 'node-plop';
import type { PackAnswers } from '../answers/schema.js';
import { PATHS } from '../util/paths.js';
import { setUpAddEnvGenerator } from './add-env-generator.js';
import { registerHelpers } from './helpers.js';
import { buildPackModel } from './pack-model.js';
import { templateFoldersFor } from './template-render.js';
import { TEMPLATE_TREE_ACTION, templateTreeAction } from './template-tree.js';

export const PACK_GENERATOR = 'pack';

/** The data a generator run takes: the checked answers and the folder, relative to plop's destination. */
export interface PackGeneratorData {
  answers: PackAnswers;
  destination: string;
}

export function setUpPlop(plop: NodePlopAPI): void {
  registerHelpers(plop);
  plop.setActionType(TEMPLATE_TREE_ACTION, templateTreeAction(PATHS.templates));
  setUpAddEnvGenerator(plop);
  plop.setGenerator(PACK_GENERATOR, {
    description: 'A new Khal OS pack (answers are resolved by create-khal-pack; run it with `npm run plop`)',
    // Run straight from plop (template maintainers), the same questions as the CLI ask.
    prompts: async () => {
      const { resolveAnswers } = await import('../answers/resolve.js');
      const { terminalPrompter } = await import('../answers/prompter.js');
      const { gitUserName } = await import('../util/git.js');
      const { answers } = await resolveAnswers({ flags: {}, yes: false, prompter: await terminalPrompter(), gitAuthor: await gitUserName() });
      return { answers, destination: `pack-${answers.name}` } satisfies PackGeneratorData;
    },
    actions: (data) => {
      const { answers, destination } = data as PackGeneratorData;
      const model = buildPackModel(answers);
      return templateFoldersFor(answers.kind).map((template) => ({
        type: TEMPLATE_TREE_ACTION,
        template,
        destination,
        data: model,
        abortOnFail: true,
      }));
    },
  });
}
