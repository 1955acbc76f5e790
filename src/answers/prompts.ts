import type { AnswerOrigin } from './resolve.js';
import { defaultAnswer } from './defaults.js';
import { ANSWER_NAMES, type AnswerName, FIELDS, fieldOf, usedBy } from './fields.js';
import type { Prompter } from './prompter.js';
import type { Rule } from './rules.js';
import type { PackAnswers } from './schema.js';

export { askEnvEntries, askEnvEntry, toValidate, validatePort } from './env-prompts.js';

/**
 * Asks, in the table's order, for every answer that no flag, file or default has given yet;
 * the advanced ones only when the user chooses to change them. `alsoCheck` adds a rule to
 * an answer's prompt (the id: the folder it implies must be usable).
 */
export async function askForAnswers(
  known: Partial<PackAnswers>,
  origins: Record<AnswerName, AnswerOrigin>,
  prompter: Prompter,
  options: { gitAuthor?: string; alsoCheck?: Partial<Record<AnswerName, Rule<string>>> },
): Promise<void> {
  const missing = (name: AnswerName) => origins[name] === undefined;
  const fallback = <K extends AnswerName>(name: K) => defaultAnswer(name, known, { yes: false, gitAuthor: options.gitAuthor });
  const ask = async <K extends AnswerName>(name: K) => {
    if (!missing(name)) return;
    const alsoCheck = options.alsoCheck?.[name];
    known[name] = await fieldOf(name).ask({ prompter, fallback: fallback(name), known, ...(alsoCheck ? { alsoCheck } : {}) });
    origins[name] = 'prompt';
  };

  const isAdvanced = (name: AnswerName) => FIELDS[name].advanced === true;
  for (const name of ANSWER_NAMES) if (!isAdvanced(name)) await ask(name);
  // Known only now: the kind decides which advanced settings the pack uses.
  const advanced = ANSWER_NAMES.filter((name) => isAdvanced(name) && usedBy(name, known.kind));
  const settings = advanced.map((name) => `${FIELDS[name].summary.label} ${fallback(name)}`).join(', ');
  const askAdvanced =
    advanced.some(missing) && (await prompter.confirm({ message: `Change advanced settings (${settings})?`, default: false }));
  if (askAdvanced) for (const name of advanced) await ask(name);
  for (const name of ANSWER_NAMES.filter(isAdvanced))
    if (missing(name)) {
      known[name] = fallback(name)! as never;
      origins[name] = 'prompt';
    }
}
