import { similarity } from '../util/similarity.js';
import { markdownCode, markdownText } from '../util/markdown.js';
import { HIDDEN_VALUE, hiddenSecretSpec, isSecretEntry } from './secret-values.js';

// What changed in env[] between two releases of a pack, judged from the customer admin's
// side (customer-install-contract: renaming keys or adding required fields must be in the
// release notes before customers upgrade).

export interface EnvEntryLike {
  key: string;
  description: string;
  required: boolean;
  type: string;
  default?: string;
}

export type ChangeLevel = 'breaking' | 'notice' | 'compatible';

export type ChangeKind =
  | 'removed'
  | 'added-required'
  | 'added-optional'
  | 'made-required'
  | 'made-optional'
  | 'type-changed'
  | 'secret-to-config'
  | 'config-to-secret'
  | 'default-changed'
  | 'default-removed'
  | 'default-added'
  | 'description-changed';

export interface EnvChange {
  level: ChangeLevel;
  kind: ChangeKind;
  key: string;
  /** What changed, in a sentence. */
  summary: string;
  /** What a customer admin must do before or while upgrading; only for breaking changes. */
  action?: string;
  before?: EnvEntryLike;
  after?: EnvEntryLike;
  /** For a removal or addition that looks like one half of a rename: the other key. */
  renamedFrom?: string;
  renamedTo?: string;
}

const LEVEL_ORDER: ChangeLevel[] = ['breaking', 'notice', 'compatible'];

const isSecret = (entry: EnvEntryLike) => isSecretEntry(entry);

/** How the words of a change are written: plain text (JSON, terminal) or Markdown (release notes). */
interface Words {
  /** A key, type or value: `code` in Markdown. */
  code: (text: string) => string;
  /** A user's text (a description): escaped in Markdown. */
  text: (text: string) => string;
}
const PLAIN: Words = { code: (text) => text, text: (text) => JSON.stringify(text) };
const MARKDOWN: Words = { code: markdownCode, text: (text) => `"${markdownText(text)}"` };

/** A change's sentence (after its key) and, for a breaking one, what the admin must do. */
function describe(change: Omit<EnvChange, 'summary' | 'action' | 'level'>, words: Words): { summary: string; action?: string } {
  const { code } = words;
  const before = change.before;
  const after = change.after;
  // A secret's default (the contract refuses one, an old release may hold one) is never shown.
  const value = (entry: EnvEntryLike, text: string | undefined) => (text === undefined ? 'none' : isSecret(entry) ? HIDDEN_VALUE : code(text));
  const store = (entry: EnvEntryLike) => (isSecret(entry) ? ' in the secret store' : '');
  switch (change.kind) {
    case 'removed':
      return change.renamedTo
        ? {
            summary: `removed; it looks renamed to ${code(change.renamedTo)} (${renameReason(before!, after ?? before!)})`,
            action: `Set ${code(change.renamedTo)}${store(before!)} to the value ${code(change.key)} had; ${code(change.key)} is no longer read.`,
          }
        : {
            summary: 'removed',
            action: `Check that nothing relies on ${code(change.key)}: after the upgrade the pack no longer reads it, and its value can be deleted.`,
          };
    case 'added-required':
      return {
        summary: `added as required (${code(after!.type)}, no default)${change.renamedFrom ? `; it looks like the new name of ${code(change.renamedFrom)}` : ''}`,
        action: `Supply ${code(change.key)}${store(after!)} before upgrading: the platform blocks the install until it has a value.${change.renamedFrom ? ` Use the value ${code(change.renamedFrom)} had.` : ''}`,
      };
    case 'added-optional':
      return {
        summary: `added as optional (${code(after!.type)}, ${after!.default === undefined ? 'no default' : `default ${value(after!, after!.default)}`})${change.renamedFrom ? `; it looks like the new name of ${code(change.renamedFrom)}` : ''}`,
      };
    case 'secret-to-config':
      return {
        summary: `is no longer a secret: it moved from the secret store to plain config (type ${code(before!.type)} -> ${code(after!.type)})`,
        action: `Enter ${code(change.key)} again as plain config (check that it is safe to show in the admin UI); the value in the secret store is no longer read.`,
      };
    case 'config-to-secret':
      return {
        summary: `became a secret: it moved from plain config to the secret store (type ${code(before!.type)} -> ${code(after!.type)})`,
        action: `Paste the value of ${code(change.key)} into the secret store; the plain config value is no longer read and should be deleted.`,
      };
    case 'type-changed':
      return {
        summary: `changed type from ${code(before!.type)} to ${code(after!.type)}`,
        action: `Check that the value of ${code(change.key)} is a valid ${code(after!.type)} before upgrading.`,
      };
    case 'made-required':
      return {
        summary: 'was optional and is now required',
        action: `Make sure ${code(change.key)} has a value before upgrading: the platform blocks the install until it has one.`,
      };
    case 'made-optional':
      return { summary: 'was required and is now optional' };
    case 'default-removed':
      return { summary: `lost its default (was ${value(before!, before!.default)})` };
    case 'default-added':
      return { summary: `gained the default ${value(after!, after!.default)}` };
    case 'default-changed':
      return { summary: `default changed from ${value(before!, before!.default)} to ${value(after!, after!.default)}` };
    case 'description-changed':
      return { summary: `description changed from ${words.text(before!.description)} to ${words.text(after!.description)}` };
  }
}

const LEVEL_OF: Record<ChangeKind, ChangeLevel> = {
  removed: 'breaking',
  'added-required': 'breaking',
  'made-required': 'breaking',
  'type-changed': 'breaking',
  'secret-to-config': 'breaking',
  'config-to-secret': 'breaking',
  'default-changed': 'notice',
  'default-removed': 'notice',
  'description-changed': 'notice',
  'default-added': 'notice',
  'added-optional': 'compatible',
  'made-optional': 'compatible',
};

/** Every change from `before` to `after`, breaking first, then notices, then compatible ones. */
export function diffEnv(before: EnvEntryLike[], after: EnvEntryLike[]): EnvChange[] {
  const oldByKey = new Map(before.map((entry) => [entry.key, entry]));
  const newByKey = new Map(after.map((entry) => [entry.key, entry]));
  const removed = before.filter((entry) => !newByKey.has(entry.key));
  const added = after.filter((entry) => !oldByKey.has(entry.key));
  const renames = pairRenames(removed, added);
  const renamedFromOf = new Map([...renames].map(([from, to]) => [to, from]));
  const changes: Omit<EnvChange, 'summary' | 'action' | 'level'>[] = [];

  for (const entry of removed) {
    const to = renames.get(entry.key);
    changes.push({ kind: 'removed', key: entry.key, before: entry, ...(to ? { renamedTo: to, after: newByKey.get(to) } : {}) });
  }
  for (const entry of added) {
    const from = renamedFromOf.get(entry.key);
    changes.push({
      kind: entry.required && entry.default === undefined ? 'added-required' : 'added-optional',
      key: entry.key,
      after: entry,
      ...(from ? { renamedFrom: from } : {}),
    });
  }
  for (const previous of before) {
    const next = newByKey.get(previous.key);
    if (!next) continue;
    const pair = { key: previous.key, before: previous, after: next };
    if (isSecret(previous) !== isSecret(next)) changes.push({ kind: isSecret(previous) ? 'secret-to-config' : 'config-to-secret', ...pair });
    else if (previous.type !== next.type) changes.push({ kind: 'type-changed', ...pair });
    if (!previous.required && next.required) changes.push({ kind: 'made-required', ...pair });
    else if (previous.required && !next.required) changes.push({ kind: 'made-optional', ...pair });
    if (previous.default !== next.default)
      changes.push({
        kind: next.default === undefined ? 'default-removed' : previous.default === undefined ? 'default-added' : 'default-changed',
        ...pair,
      });
    if (previous.description !== next.description) changes.push({ kind: 'description-changed', ...pair });
  }
  return changes
    .map((change) => {
      const { summary, action } = describe(change, PLAIN);
      const shown = { ...change, ...(change.before ? { before: hiddenSecretSpec(change.before) } : {}), ...(change.after ? { after: hiddenSecretSpec(change.after) } : {}) };
      return { level: LEVEL_OF[change.kind], ...shown, summary: `${change.key} ${summary}`, ...(action ? { action } : {}) };
    })
    .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
}

/**
 * Pairs each removed key with the added key it most likely became: the same type and
 * description, or the same type and a similar name or description. Each key pairs once.
 */
function pairRenames(removed: EnvEntryLike[], added: EnvEntryLike[]): Map<string, string> {
  const pairs = new Map<string, string>();
  const taken = new Set<string>();
  for (const entry of removed) {
    const candidates = added
      .filter((candidate) => !taken.has(candidate.key) && candidate.type === entry.type)
      .map((candidate) => ({ candidate, score: renameScore(entry, candidate) }))
      .filter(({ score }) => score >= 0.6)
      .sort((a, b) => b.score - a.score);
    const best = candidates[0];
    if (best) {
      pairs.set(entry.key, best.candidate.key);
      taken.add(best.candidate.key);
    }
  }
  return pairs;
}

function renameScore(before: EnvEntryLike, after: EnvEntryLike): number {
  if (before.description === after.description) return 1;
  return Math.max(similarity(before.key, after.key), similarity(before.description.toLowerCase(), after.description.toLowerCase()));
}

function renameReason(before: EnvEntryLike, after: EnvEntryLike): string {
  return before.description === after.description ? 'same type and description' : 'same type, similar name or description';
}

export function hasBreaking(changes: EnvChange[]): boolean {
  return changes.some((change) => change.level === 'breaking');
}

/** A release-notes section: breaking changes first, each with what a customer admin must do. */
export function envChangesMarkdown(changes: EnvChange[], labels: { from: string; to: string }): string {
  const lines = [`## Configuration changes (env[]): ${markdownCode(labels.from)} → ${markdownCode(labels.to)}`, ''];
  if (changes.length === 0) {
    lines.push('No changes to the env entries: nothing for a customer admin to do.');
    return `${lines.join('\n')}\n`;
  }
  const sections: Record<ChangeLevel, string> = {
    breaking: 'Breaking: a customer admin must act before upgrading',
    notice: 'Notices',
    compatible: 'Compatible',
  };
  for (const level of LEVEL_ORDER) {
    const ofLevel = changes.filter((change) => change.level === level);
    if (ofLevel.length === 0) continue;
    lines.push(`### ${sections[level]}`, '');
    for (const change of ofLevel) {
      const { summary, action } = describe(change, MARKDOWN);
      lines.push(`- ${markdownCode(change.key)} ${summary}`);
      if (action) lines.push(`  - Admin action: ${action}`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
