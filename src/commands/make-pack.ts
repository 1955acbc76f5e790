import type { PackAnswers } from '../answers/schema.js';
import { formatFinding } from '../checks/finding.js';
import { userTexts, verifyRenderedFiles } from '../checks/verify-pack.js';
import { planPack } from '../plan/plan-pack.js';
import { GenerationError } from '../write/errors.js';
import { PackWrite } from '../write/pack-write.js';
import type { RunGuard } from '../write/run-guard.js';
import type { TargetState } from '../write/target.js';

/**
 * A new pack from checked answers: planned in memory, verified, then written by the one writer
 * (or, for a dry run, only planned and checked against the target). create-khal-pack and the
 * maintainers' plop generators both make packs through this.
 */
export async function makePack(
  answers: PackAnswers,
  target: TargetState,
  { dryRun = false, guard }: { dryRun?: boolean; guard: RunGuard },
): Promise<{ files: string[]; overwritten: string[]; written: boolean }> {
  guard.phase = 'render';
  await guard.pauseForTests('render');
  const files = planPack(answers);
  guard.phase = 'verify';
  await guard.pauseForTests('verify');
  // Only what the answers reach can break: the verbatim copies are checked by the tests.
  const findings = verifyRenderedFiles(files.filter((file) => file.rendered), userTexts(answers));
  if (findings.length > 0)
    throw new GenerationError(`The generated pack failed its own checks, so nothing was written:\n${findings.map(formatFinding).join('\n')}`);
  const paths = files.map((file) => file.path);
  const write = PackWrite.begin(target, {
    dryRun,
    onBegin: (begun) => {
      guard.write = begun;
    },
  });
  try {
    const overwritten = write.plan(paths);
    if (dryRun) return { files: paths, overwritten, written: false };
    write.stage(files);
    guard.phase = 'commit';
    await write.commit(paths, { signal: guard.signal, afterEach: () => guard.pauseForTests('commit') });
    guard.phase = 'written';
    await guard.pauseForTests('written');
    return { files: paths, overwritten, written: true };
  } finally {
    write.discardSync();
    guard.write = undefined;
  }
}
