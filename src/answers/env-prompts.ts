import type { Prompter } from './prompter.js';
import { ENV_TYPES, type EnvType, type Rule, checkEnvDefault, checkEnvDescription, checkEnvKey, checkPort, portOfText } from './rules.js';
import type { EnvEntry } from './env-entry.js';
import { quoted } from '../util/quoted.js';

const ENV_TYPE_CHOICES: Record<EnvType, string> = {
  string: 'plain text, kept in the pack config',
  number: 'a number such as 30 or 2.5',
  boolean: 'true or false',
  secret: 'a credential: goes to the platform secret store, never has a default',
  url: 'an absolute URL such as https://api.example.com',
};

/** A prompt's validate function: true, or the value typed and what would be accepted (the prompt names the answer). */
export const toValidate =
  (rule: Rule<string>) =>
  (value: string): string | true => {
    const reason = rule(value);
    return reason === undefined ? true : `${quoted(value)} ${reason}`;
  };

export const validatePort = toValidate((value) => {
  const read = portOfText(value);
  return 'reason' in read ? read.reason : checkPort(read.port);
});

/** The env-entry loop: key, description, type, required, and a default only where one is allowed. */
export async function askEnvEntries(prompter: Prompter): Promise<EnvEntry[]> {
  const entries: EnvEntry[] = [];
  while (
    await prompter.confirm({
      message:
        entries.length === 0
          ? 'Add an env entry (a value the customer admin supplies at install, e.g. an API key)?'
          : 'Add another env entry?',
      default: false,
    })
  ) {
    entries.push(await askEnvEntry(prompter, {}, { checkKey: (value) => (entries.some((entry) => entry.key === value) ? 'is already an entry: keys must be unique' : checkEnvKey(value)) }));
  }
  return entries;
}

/**
 * Asks for whatever part of one env entry `given` lacks: key, description, type, required,
 * and a default only where one is allowed (and `askDefault` is not false). `checkKey` judges
 * the key (the caller knows which keys exist); `requiredNote` adds to the required question.
 */
export async function askEnvEntry(
  prompter: Prompter,
  given: Partial<EnvEntry>,
  options: { checkKey: Rule<string>; requiredNote?: string; askDefault?: boolean },
): Promise<EnvEntry> {
  const key = given.key ?? (await prompter.input({ message: 'Env key (e.g. WEATHER_API_KEY)', validate: toValidate(options.checkKey) }));
  const description =
    given.description ??
    (await prompter.input({ message: `Description of ${key} (shown to the customer admin)`, validate: toValidate(checkEnvDescription) }));
  const type =
    given.type ??
    (await prompter.select({
      message: `Type of ${key}`,
      choices: ENV_TYPES.map((value) => ({ value, name: value, description: ENV_TYPE_CHOICES[value] })),
    }));
  const required =
    given.required ??
    (await prompter.confirm({
      message: `Is ${key} required (the platform blocks install until it is given${options.requiredNote ?? ''})?`,
      default: type === 'secret',
    }));
  const entry: EnvEntry = { key, description, type, required };
  if (given.default !== undefined) entry.default = given.default;
  else if (options.askDefault !== false && !required && type !== 'secret') {
    const value = await prompter.input({
      message: `Default of ${key} (leave empty for none)`,
      validate: toValidate((text) => (text === '' ? undefined : checkEnvDefault(entry, text))),
    });
    if (value !== '') entry.default = value;
  }
  return entry;
}
