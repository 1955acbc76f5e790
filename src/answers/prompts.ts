import type { AnswerOrigin } from './resolve.js';
import { defaultAnswer } from './defaults.js';
import type { Prompter } from './prompter.js';
import {
  ENV_TYPES,
  type EnvType,
  KINDS,
  PERMISSIONS,
  type PackKind,
  type Rule,
  checkAuthor,
  checkDescription,
  checkDisplayName,
  checkEnvDefault,
  checkEnvDescription,
  checkEnvKey,
  checkPackId,
  checkPort,
  checkRegistry,
  checkScope,
  checkVersion,
} from './rules.js';
import type { AnswerName, EnvEntryAnswer, PackAnswers } from './schema.js';

const KIND_CHOICES: Record<PackKind, string> = {
  'full-stack': 'frontend + Bun service + Helm chart (can declare env entries)',
  'frontend-only': 'a React component the shell loads; no service to deploy',
};

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
    return reason === undefined ? true : `${JSON.stringify(value)} ${reason}`;
  };

export const validatePort = toValidate((value) => checkPort(/^\d+$/.test(value) ? Number(value) : Number.NaN));

/** Asks, in order, for every answer that no flag, file or default has given yet. */
export async function askForAnswers(
  known: Partial<PackAnswers>,
  origins: Record<AnswerName, AnswerOrigin>,
  prompter: Prompter,
  options: { gitAuthor?: string },
): Promise<void> {
  const missing = (name: AnswerName) => origins[name] === undefined;
  const set = <K extends AnswerName>(name: K, value: PackAnswers[K]) => {
    known[name] = value;
    origins[name] = 'prompt';
  };
  const fallback = <K extends AnswerName>(name: K) => defaultAnswer(name, known, { yes: false, ...options });
  const askText = async (name: 'name' | 'displayName' | 'description' | 'author' | 'version' | 'scope' | 'registry', message: string, rule: Rule<string>) => {
    if (!missing(name)) return;
    set(name, await prompter.input({ message, default: fallback(name), validate: toValidate(rule) }));
  };

  await askText('name', 'Pack id (lowercase letters, digits and "-"; used in package, image and chart names)', checkPackId);
  await askText('displayName', 'Display name (shown in the launcher and window title)', checkDisplayName);
  await askText('description', 'Description (one line for the launcher and marketplace)', checkDescription);
  await askText('author', 'Author (person or team)', checkAuthor);
  if (missing('kind'))
    set(
      'kind',
      await prompter.select({
        message: 'Kind of pack',
        choices: KINDS.map((kind) => ({ value: kind, name: kind, description: KIND_CHOICES[kind] })),
      }),
    );
  if (missing('permissions')) {
    const preselected = new Set(fallback('permissions') ?? []);
    set(
      'permissions',
      await prompter.checkbox({
        message: 'Permissions (least privilege: pick only what the pack uses)',
        choices: PERMISSIONS.map((permission) => ({ value: permission, checked: preselected.has(permission) })),
      }),
    );
  }
  if (missing('env')) set('env', known.kind === 'full-stack' ? await askEnvEntries(prompter) : []);

  const advanced: AnswerName[] = ['version', 'port', 'scope', 'registry'];
  const askAdvanced =
    advanced.some(missing) &&
    (await prompter.confirm({
      message: `Change advanced settings (version ${fallback('version')}, port ${fallback('port')}, npm scope ${fallback('scope')}, registry ${fallback('registry')})?`,
      default: false,
    }));
  if (askAdvanced) {
    await askText('version', 'Version (semver)', checkVersion);
    if (missing('port')) {
      const port = await prompter.input({
        message: 'Service port',
        default: String(fallback('port')),
        validate: validatePort,
      });
      set('port', Number(port));
    }
    await askText('scope', 'npm scope of the frontend package', checkScope);
    await askText('registry', 'OCI registry for the service image and chart (host/path)', checkRegistry);
  }
  for (const name of advanced) if (missing(name)) set(name, fallback(name)!);
}

/** The env-entry loop: key, description, type, required, and a default only where one is allowed. */
export async function askEnvEntries(prompter: Prompter): Promise<EnvEntryAnswer[]> {
  const entries: EnvEntryAnswer[] = [];
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
  given: Partial<EnvEntryAnswer>,
  options: { checkKey: Rule<string>; requiredNote?: string; askDefault?: boolean },
): Promise<EnvEntryAnswer> {
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
  const entry: EnvEntryAnswer = { key, description, type, required };
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
