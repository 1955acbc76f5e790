import { ruled, z } from '../util/zod.js';
import { type EnvEntry, envEntrySchema } from './env-entry.js';
import { ENV_FLAG_SYNTAX, describeEnvEntry, formatEnvFlag, parseEnvFlag } from './env-flag.js';
import { askEnvEntries, validatePort } from './env-prompts.js';
import { type AnswerField, field, single, textField } from './field.js';
import type { AnswerProblem } from './problems.js';
import {
  KINDS,
  MAX_ENV_ENTRIES,
  checkConfigMapSize,
  PERMISSIONS,
  PLATFORM_SCOPE,
  type PackKind,
  type Permission,
  checkAuthor,
  checkDescription,
  checkDisplayName,
  checkPackId,
  checkPort,
  portOfText,
  checkRegistry,
  checkScope,
  checkVersion,
  oneOf,
  titleCase,
} from './rules.js';

// Every answer, declared once: its rule, flag, help, default, prompt, summary line, and the
// command that changes it later. Both bins' options, --help, the prompts, the answers-file
// schema, the replay command and the summary are all read from this table; its order is the
// order of the questions.

/** `--permission none`: a pack that asks for no permission. */
export const NO_PERMISSIONS = 'none';

/** The kind `--yes` takes, and the choice the kind question starts on: Enter on every question makes the `--yes` pack. */
const DEFAULT_KIND: PackKind = 'frontend-only';

const KIND_CHOICES: Record<PackKind, string> = {
  'full-stack': 'frontend + Bun service + Helm chart (can declare env entries)',
  'frontend-only': 'a React component the shell loads; no service to deploy',
};

export const FIELDS = {
  name: textField({
    rule: checkPackId,
    flag: '--name',
    placeholder: '<id>',
    help: 'pack id: lowercase letters, digits and "-", 2-40 chars',
    defaultHelp: 'default: from [dir]',
    changedBy: 'it names every package, image and chart, so a new id is a new pack (create-khal-pack <folder> --name <id>)',
    prompt: 'Pack id (lowercase letters, digits and "-"; used in package, image and chart names)',
    label: 'id',
  }),
  displayName: textField({
    rule: checkDisplayName,
    flag: '--display-name',
    placeholder: '<text>',
    help: 'display name shown in the launcher',
    defaultHelp: 'default: Title Case of the id',
    prompt: 'Display name (shown in the launcher and window title)',
    label: 'display name',
    fallback: (known) => (known.name ? titleCase(known.name) : undefined),
    defaultFrom: 'name',
  }),
  description: textField({
    rule: checkDescription,
    flag: '--description',
    placeholder: '<text>',
    help: 'one-line description',
    defaultHelp: 'with --yes: "A Khal OS pack"',
    prompt: 'Description (one line for the launcher and marketplace)',
    label: 'description',
    fallback: (_known, { yes }) => (yes ? 'A Khal OS pack' : undefined),
  }),
  author: textField({
    rule: checkAuthor,
    flag: '--author',
    placeholder: '<text>',
    help: 'author',
    defaultHelp: 'default: git config user.name',
    prompt: 'Author (person or team)',
    label: 'author',
    fallback: (_known, { gitAuthor }) => gitAuthor || undefined,
    fallbackSource: 'git',
  }),
  kind: field<PackKind, '--kind'>({
    schema: z.enum(KINDS, { error: (issue) => oneOf(KINDS, issue.input) }),
    flag: '--kind',
    placeholder: '<kind>',
    help: `kind of pack: ${KINDS.join(' or ')}`,
    defaultHelp: `with --yes: ${DEFAULT_KIND}`,
    setHelp: 'full-stack (adds the service, chart and workflows) or frontend-only (removes them where you did not edit them)',
    fromFlag: (texts) => single(texts.at(-1)! as PackKind),
    toFlag: (value) => [value],
    fallback: (_known, { yes }) => (yes ? DEFAULT_KIND : undefined),
    ask: ({ prompter }) =>
      prompter.select({
        message: 'Kind of pack',
        choices: KINDS.map((kind) => ({ value: kind, name: kind, description: KIND_CHOICES[kind] })),
        default: DEFAULT_KIND,
      }),
    summary: { label: 'kind', show: (value) => value },
  }),
  permissions: field<Permission[], '--permission'>({
    schema: z.array(z.enum(PERMISSIONS, { error: (issue) => oneOf(PERMISSIONS, issue.input) })),
    flag: '--permission',
    placeholder: '<permission>',
    help: `a permission, repeatable; "${NO_PERMISSIONS}" for none (${PERMISSIONS.join(', ')})`,
    setHelp: `a permission, repeatable (the whole new list); "${NO_PERMISSIONS}" for none (${PERMISSIONS.join(', ')})`,
    repeatable: true,
    fromFlag: (texts) => {
      const values = texts.flatMap((value) => value.split(',')).map((value) => value.trim());
      if (!values.includes(NO_PERMISSIONS)) return single(values as Permission[]);
      if (values.length === 1) return single([]);
      const others = values.filter((value) => value !== NO_PERMISSIONS).join(', ');
      return { problems: [{ answer: '--permission', value: NO_PERMISSIONS, reason: `means no permission at all, so it cannot be combined with ${others}` }] };
    },
    toFlag: (value) => (value.length === 0 ? [NO_PERMISSIONS] : value),
    fallback: (known) => (known.kind === undefined ? undefined : known.kind === 'full-stack' ? ['nats:publish', 'nats:subscribe'] : []),
    defaultFrom: 'kind',
    ask: ({ prompter, fallback }) => {
      const preselected = new Set(fallback ?? []);
      return prompter.checkbox({
        message: 'Permissions (least privilege: pick only what the pack uses)',
        choices: PERMISSIONS.map((permission) => ({ value: permission, checked: preselected.has(permission) })),
      });
    },
    summary: { label: 'permissions', show: (value) => value.join(', ') || 'none' },
  }),
  env: field<EnvEntry[], '--env'>({
    schema: ruled(
      z.array(envEntrySchema).check(z.maxLength(MAX_ENV_ENTRIES, { error: `must hold at most ${MAX_ENV_ENTRIES} entries` })),
      checkConfigMapSize,
    ),
    flag: '--env',
    placeholder: '<entry>',
    help: `an env entry, repeatable: ${ENV_FLAG_SYNTAX}`,
    changedBy: 'use khal-pack env add|remove|rename|set',
    repeatable: true,
    fromFlag: (texts) => {
      const value: EnvEntry[] = [];
      const problems: AnswerProblem[] = [];
      for (const text of texts) {
        const parsed = parseEnvFlag(text);
        if ('error' in parsed) problems.push({ answer: '--env', value: text, reason: parsed.error });
        else value.push(parsed.entry as EnvEntry);
      }
      return { value, problems };
    },
    toFlag: (value) => {
      const flags = value.map(formatEnvFlag);
      return flags.every((flag) => flag !== undefined) ? (flags as string[]) : undefined;
    },
    fallback: () => [],
    ask: async ({ prompter, known }) => (known.kind === 'full-stack' ? askEnvEntries(prompter) : []),
    summary: { label: 'env entries', show: (value) => (value.length === 0 ? 'none' : value.map(describeEnvEntry).join(', ')) },
  }),
  version: textField({
    rule: checkVersion,
    flag: '--version-number',
    placeholder: '<semver>',
    help: 'pack version, semver without "+build" metadata',
    defaultHelp: 'default: 0.1.0',
    changedBy: 'use khal-pack release patch|minor|major|X.Y.Z',
    prompt: 'Version (semver)',
    label: 'version',
    fallback: () => '0.1.0',
    advanced: true,
  }),
  port: field<number, '--port'>({
    schema: ruled(z.number(), checkPort),
    flag: '--port',
    placeholder: '<port>',
    help: 'service port, 1024-65535',
    defaultHelp: 'default: 8080',
    fromFlag: (texts) => {
      const read = portOfText(texts.at(-1)!);
      return 'reason' in read ? { problems: [{ answer: '--port', value: texts.at(-1)!, reason: read.reason }] } : single(read.port);
    },
    toFlag: (value) => [String(value)],
    fallback: () => 8080,
    ask: async ({ prompter, fallback }) =>
      Number((await prompter.input({ message: 'Service port', default: String(fallback), validate: validatePort })).trim()),
    advanced: true,
    fullStackOnly: true,
    summary: { label: 'port', show: String },
  }),
  scope: textField({
    rule: checkScope,
    flag: '--scope',
    placeholder: '<scope>',
    help: 'npm scope of the frontend package',
    defaultHelp: `default: ${PLATFORM_SCOPE}`,
    prompt: 'npm scope of the frontend package',
    label: 'npm scope',
    fallback: () => PLATFORM_SCOPE,
    advanced: true,
  }),
  registry: field<string, '--registry'>({
    ...textField({
      rule: checkRegistry,
      flag: '--registry',
      placeholder: '<host/path>',
      help: 'OCI registry of the image and chart',
      defaultHelp: 'default: ghcr.io/khal-os',
      prompt: 'OCI registry for the service image and chart (host/path)',
      label: 'registry',
      fallback: () => 'ghcr.io/khal-os',
      advanced: true,
    }),
    fullStackOnly: true,
  }),
};

export type AnswerName = keyof typeof FIELDS;
export const ANSWER_NAMES = Object.keys(FIELDS) as AnswerName[];

export type AnswerValues = { [K in AnswerName]: z.output<(typeof FIELDS)[K]['schema']> };

/** The field of one answer, typed by its name. */
export const fieldOf = <K extends AnswerName>(name: K) => FIELDS[name] as unknown as AnswerField<AnswerValues[K]>;

/** Whether a pack of this kind uses the answer (asks it, shows it in the summary). */
export const usedBy = (name: AnswerName, kind: PackKind | undefined) => kind !== 'frontend-only' || FIELDS[name].fullStackOnly !== true;

/** The answers `khal-pack set` changes: all but those another command changes. */
export const SETTABLE: AnswerName[] = ANSWER_NAMES.filter((name) => FIELDS[name].changedBy === undefined);

/** An answer's option as a command declares it: flags, help, and for a repeatable flag the collector. */
export function optionOf(name: AnswerName, command: 'create' | 'set'): { flags: string; help: string; repeatable: boolean } {
  const answer: AnswerField<unknown> = fieldOf(name);
  const help = command === 'set' ? (answer.setHelp ?? answer.help) : answer.defaultHelp ? `${answer.help} (${answer.defaultHelp})` : answer.help;
  return { flags: `${answer.flag} ${answer.placeholder}`, help, repeatable: answer.repeatable === true };
}

/** The flag that sets each answer. */
export const FLAG_FOR = Object.fromEntries(ANSWER_NAMES.map((name) => [name, FIELDS[name].flag])) as Record<AnswerName, string>;
