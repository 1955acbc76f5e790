import { PLATFORM_SCOPE } from '../answers/rules.js';
import type { PackAnswers } from '../answers/schema.js';
import { packRecord } from '../answers/schema.js';
import { handoffMarkdown, handoffSheet } from '../handoff/handoff-sheet.js';
import { envExampleValueOf, manifestEntryOf, mayBeUnset, serviceSpecOf, tsTypeOf } from '../answers/env-entry.js';
import { buildManifest } from '../manifest/build-manifest.js';
import { packNames } from '../manifest/pack-names.js';
import { GENERATOR_NAME, generatorVersion } from '../util/paths.js';
import { helmLintValues, helmValuesSchema } from './helm-values.js';

/** Everything the templates read: the answers and every value derived from them. */
export function buildPackModel(answers: PackAnswers) {
  const manifest = buildManifest(answers);
  const env = answers.env.map((entry) => ({
    ...manifestEntryOf(entry),
    tsType: tsTypeOf(entry.type),
    optional: mayBeUnset(entry),
    envExample: envExampleValueOf(entry),
  }));
  return {
    ...answers,
    names: packNames(answers),
    fullStack: answers.kind === 'full-stack',
    manifest,
    env,
    envSpecs: answers.env.map(serviceSpecOf),
    configEntries: env.filter((entry) => entry.type !== 'secret'),
    secretEntries: env.filter((entry) => entry.type === 'secret'),
    /** helm/values.schema.json and the values `helm lint` needs in the pack's CI. */
    helmValuesSchema: helmValuesSchema(env),
    helmLintValues: helmLintValues(env),
    /** The kit that made the pack, pinned as its development dependency: its CI runs this khal-pack. */
    kitVersion: generatorVersion(),
    /** The frontend bundle keeps react, react-dom and @khal-os external; a pack of another scope adds its own. */
    packScopeExternal: answers.scope === PLATFORM_SCOPE ? undefined : answers.scope,
    iconInitials: answers.name
      .split('-')
      .slice(0, 2)
      .map((word) => word[0]!.toUpperCase())
      .join(''),
    handoff: handoffMarkdown(handoffSheet(manifest), '##'),
    /** `.khal-pack.json`: the answers, fed back with `--answers`, and who made the pack. */
    packRecord: packRecord(answers, `${GENERATOR_NAME}@${generatorVersion()}`),
  };
}
