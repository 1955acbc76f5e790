import path from 'node:path';
import type { NodePlopAPI } from 'node-plop';
import { readAnswersFile } from '../answers/answers-file.js';
import { DEFAULT_INVOCATION, equivalentCommand } from '../answers/equivalent-command.js';
import { resolveAnswers } from '../answers/resolve.js';
import { answersSummary } from '../answers/summary.js';
import type { PackAnswers } from '../answers/schema.js';
import { RunGuard } from '../write/run-guard.js';
import { inspectTarget } from '../write/target.js';
import { idTargetRule } from './create.js';
import { makePack } from './make-pack.js';

// The template maintainers' front door (`npm run plop`): the same answers, the same plan and
// the same writer as create-khal-pack, so what plop makes is what users get.

export const PACK_GENERATOR = 'pack';
export const PACK_FROM_ANSWERS_GENERATOR = 'pack-from-answers';
const WRITE_PACK_ACTION = 'khal-write-pack';

/**
 * The data a generator run takes: the checked answers (or an answers file to read them from)
 * and the folder, relative to plop's destination (default: pack-<id>).
 */
export type PackGeneratorData = { destination?: string } & ({ answers: PackAnswers } | { answersFile: string });

async function answersOf(data: PackGeneratorData): Promise<PackAnswers> {
  if ('answers' in data) return data.answers;
  // npm runs plop at the repository's root; INIT_CWD is the folder `npm run plop` was typed in.
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), data.answersFile);
  return (await resolveAnswers({ flags: {}, file: { path: file, answers: await readAnswersFile(file) }, yes: false })).answers;
}

export function setUpPlop(plop: NodePlopAPI): void {
  plop.setActionType(WRITE_PACK_ACTION, async (data) => {
    const answers = await answersOf(data as PackGeneratorData);
    const destination = (data as PackGeneratorData).destination ?? `pack-${answers.name}`;
    const target = inspectTarget(path.resolve(plop.getDestBasePath(), destination), false);
    const { files } = await makePack(answers, target, { guard: new RunGuard() });
    const replay = (data as { replay?: string }).replay;
    return `${destination}: ${files.length} files${replay ? `\n${replay}` : ''}`;
  });
  const actions = [{ type: WRITE_PACK_ACTION, abortOnFail: true }];

  plop.setGenerator(PACK_GENERATOR, {
    description: 'A new Khal OS pack, asking the same questions as create-khal-pack',
    // As create-khal-pack asks: the folder checked as soon as the id is known, then a summary and
    // a confirmation, and after writing the command that makes the same pack without prompts.
    prompts: async () => {
      const { terminalPrompter } = await import('../answers/prompter.js');
      const { gitUserName } = await import('../util/git.js');
      const prompter = await terminalPrompter();
      const checkIdTarget = idTargetRule((id) => path.resolve(plop.getDestBasePath(), `pack-${id}`));
      const { answers } = await resolveAnswers({ flags: {}, yes: false, prompter, gitAuthor: await gitUserName(), checkIdTarget });
      const destination = `pack-${answers.name}`;
      console.log(answersSummary(answers, `About to create ${destination}/ in ${plop.getDestBasePath()}:`));
      if (!(await prompter.confirm({ message: 'Create this pack?', default: true }))) throw new Error('Cancelled: nothing was written.');
      const command = equivalentCommand(answers, destination, DEFAULT_INVOCATION);
      const replay = command ? `To make the same pack without prompts (from ${plop.getDestBasePath()}):\n  ${command}` : undefined;
      return { answers, destination, ...(replay ? { replay } : {}) } satisfies PackGeneratorData & { replay?: string };
    },
    actions,
  });

  plop.setGenerator(PACK_FROM_ANSWERS_GENERATOR, {
    description: 'A pack from an answers file (a scenario under test/fixtures/scenarios, or a pack\'s .khal-pack.json): see a template change in a real pack',
    prompts: [{ type: 'input', name: 'answersFile', message: 'Answers file' }],
    actions,
  });
}
