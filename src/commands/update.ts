import { checkAnswersText } from '../answers/answers-file.js';
import { withDefaults } from '../answers/defaults.js';
import { AnswersError } from '../answers/problems.js';
import type { Prompter } from '../answers/prompter.js';
import { GENERATOR_KEY, type PackAnswers } from '../answers/schema.js';
import { kitVersionOf } from '../checks/pack-answers.js';
import { type PackLocation, RECORD_FILE, locatePackFolder, readOptionalText } from '../checks/pack-reader.js';
import { planPack } from '../plan/plan-pack.js';
import { isLaterVersion } from '../release/version.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';
import { GENERATOR_NAME, generatorVersion } from '../util/paths.js';
import type { RunGuard } from '../write/run-guard.js';
import { withPackLock } from '../write/pack-lock.js';
import { applyChange, readUserTree, refuseMergeIntoMarkers } from '../update/apply-change.js';
import { basePackFrom, findBaseKit } from '../update/base-kit.js';
import { reportChange } from '../update/change-report.js';
import { changeAnswers, checkedAnswers, confirmChange } from '../update/change-answers.js';
import { type Outcome, type Tree, planChange, treeOf } from '../update/plan-change.js';
import path from 'node:path';

// `khal-pack update [dir]`: the same answers, the templates of the running kit. The base is the
// pack the kit version recorded in .khal-pack.json makes, rebuilt by that kit's own CLI.

export interface UpdateOptions {
  baseKit?: string;
  check?: boolean;
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
}

type UpdateContext = { out: Output; prompter?: Prompter; guard: RunGuard };

export async function updateCommand(dir: string | undefined, options: UpdateOptions, context: UpdateContext): Promise<number> {
  // --check only reads (a CI checkout may be read-only); a change holds the pack's lock from
  // reading .khal-pack.json to the write, so a run at the same time cannot slip in between.
  if (options.check) return undecidedWhenFailed(async () => updatePack(await locatePackFolder(dir, 'update'), options, context));
  const location = await locatePackFolder(dir, 'update');
  return withPackLock(location, 'khal-pack update', context.guard, () => updatePack(location, options, context));
}

/** `update --check` exits 1 only for newer templates: a check it could not make exits 3, so CI can tell the two apart. */
async function undecidedWhenFailed(check: () => Promise<number>): Promise<number> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof ExitError) || error.exitCode !== EXIT.failed) throw error;
    throw new ExitError(EXIT.undecided, `${error.message}\nupdate --check could not tell whether newer templates are available (exit ${EXIT.undecided}).`);
  }
}

async function updatePack(location: PackLocation, options: UpdateOptions, context: UpdateContext): Promise<number> {
  const { recordText, answers, version } = await readRecord(location.folder);
  const running = generatorVersion();
  if (isLaterVersion(version, running))
    throw new ExitError(
      EXIT.failed,
      `${answers.name} was made by ${GENERATOR_NAME}@${version}, newer than this kit (${running}), so nothing was changed: update would take it back to older templates. Run the update with ${GENERATOR_NAME}@${version} or newer (npx --package ${GENERATOR_NAME}@latest -- khal-pack update).`,
    );
  const sameKit = version === running && options.baseKit === undefined;
  const title = `Updating ${answers.name} from ${GENERATOR_NAME}@${version} to ${GENERATOR_NAME}@${running}`;
  const extra = { from: `${GENERATOR_NAME}@${version}`, to: `${GENERATOR_NAME}@${running}` };
  const base = async (): Promise<{ tree: Tree; source: string }> => {
    if (sameKit) return { tree: treeOf(planPack(answers)), source: 'the running kit (same version)' };
    const kit = await findBaseKit(version, options.baseKit);
    return { tree: await basePackFrom(kit.folder, recordText), source: kit.source };
  };

  if (options.check) {
    const target = treeOf(planPack(answers));
    const { tree, source } = await base();
    // The update's own plan against the pack on disk: exactly the files it would write or remove;
    // a newer template of a file it would leave as the user has it (deleted, say) is listed apart.
    const files = [...new Set([...tree.keys(), ...target.keys()])];
    const user = readUserTree(location.folder, files);
    const plan = await planChange(tree, target, user);
    // update would refuse this plan: so --check cannot say it would make it (exit 3).
    refuseMergeIntoMarkers(plan, user);
    const outcomes = plan.outcomes.filter((outcome) => outcome.file !== RECORD_FILE);
    const differing = outcomes.filter((outcome) => !LEFT_TO_YOU[outcome.outcome]).map((outcome) => outcome.file);
    const left = outcomes.filter((outcome) => LEFT_TO_YOU[outcome.outcome]).map(({ file, outcome }) => ({ file, outcome }));
    // The record's kit version changes with any newer kit, templates or not: listed apart, and no reason to exit 1.
    const recordChanges = version !== running;
    const alsoWritten = recordChanges ? [RECORD_FILE] : [];
    const recordLine = `${RECORD_FILE}: update records ${GENERATOR_NAME}@${running} in it`;
    const leftLines = left.length === 0 ? [] : ['', 'Newer templates update would leave as you have them:', ...left.map(({ file, outcome }) => `  ${file} (${LEFT_TO_YOU[outcome]})`)];
    if (options.json) context.out.info(JSON.stringify({ ...extra, baseKit: source, upToDate: differing.length === 0, files: differing, alsoWritten, left }, null, 2));
    else if (differing.length === 0)
      context.out.info([`${answers.name} is up to date with ${GENERATOR_NAME}@${running}'s templates.${recordChanges ? ` (${recordLine}, nothing else.)` : ''}`, ...leftLines].join('\n'));
    else
      context.out.info(
        [
          `${GENERATOR_NAME}@${running} has newer templates for ${answers.name} (${differing.length} files):`,
          ...differing.map((file) => `  ${file}`),
          ...(recordChanges ? [`and ${recordLine}.`] : []),
          ...leftLines,
          '',
          'Run khal-pack update --dry-run to see the change, khal-pack update to make it.',
        ].join('\n'),
      );
    return differing.length === 0 ? EXIT.ok : EXIT.failed;
  }

  await confirmChange(context.prompter, `${title}: go ahead?`, options);
  let source = '';
  const result = sameKit
    ? await changeAnswers({ location, answers, madeFrom: answers }, answers, { guard: context.guard, dryRun: options.dryRun })
    : await applyChange({
        location,
        guard: context.guard,
        dryRun: options.dryRun,
        trees: async () => {
          const made = await base();
          source = made.source;
          return { base: made.tree, target: treeOf(planPack(answers)) };
        },
      });
  const exitCode = reportChange(result, { out: context.out, json: options.json, title, extra: { ...extra, ...(source ? { baseKit: source } : {}) } });
  if (source && !options.json) context.out.info(`\nThe base (the pack as ${extra.from} made it) was remade by that kit, from ${source}.`);
  return exitCode;
}

/** The outcomes of a plan that write nothing: why update leaves each file as the user has it. */
const LEFT_TO_YOU: Partial<Record<Outcome, string>> = {
  'deleted-by-you': 'you deleted it',
  'kept-edited': 'the newer templates drop it, and you edited it',
  'yours-in-the-way': 'the newer templates add it, and you have a file of your own there',
  'yours-holds-it': 'the newer templates add it, and yours holds every line of it',
};

/** `.khal-pack.json`: the answers and the kit version that made the pack; without it there is no base. */
async function readRecord(folder: string): Promise<{ recordText: string; answers: PackAnswers; version: string }> {
  const recordText = await readOptionalText(path.join(folder, RECORD_FILE));
  if (recordText === undefined)
    throw new ExitError(
      EXIT.failed,
      `${RECORD_FILE} is missing from ${folder}, so nothing was changed: update rebuilds the pack as it was made from that file (the answers and the kit version). Restore it from version control (git checkout -- ${RECORD_FILE}), or write it: the pack's answers (as create-khal-pack --answers takes them) and "${GENERATOR_KEY}": "${GENERATOR_NAME}@<the version that made the pack>".`,
    );
  const loaded = checkAnswersText(recordText, RECORD_FILE);
  if (loaded.problems.length > 0) throw new AnswersError(loaded.problems);
  const generator = (JSON.parse(recordText) as Record<string, unknown>)[GENERATOR_KEY];
  const version = kitVersionOf(generator);
  if (version === undefined)
    throw new ExitError(
      EXIT.failed,
      `${RECORD_FILE} ${generator === undefined ? `has no "${GENERATOR_KEY}"` : `says "${GENERATOR_KEY}": ${JSON.stringify(generator)}`}, so the kit that made the pack is unknown and nothing was changed: add "${GENERATOR_KEY}": "${GENERATOR_NAME}@<version>" with the version that made the pack`,
    );
  // An answer newer than the kit that made the pack is not in its record: it takes its default.
  const answers = checkedAnswers(withDefaults(loaded.answers) as PackAnswers, (at) => `${RECORD_FILE}: ${String(at[0])}`);
  return { recordText, answers, version };
}
