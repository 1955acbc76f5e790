import { type EnvChange, type EnvEntryLike, diffEnv, envChangesMarkdown, hasBreaking } from '../checks/env-changes.js';
import { MANIFEST_FILE, locatePack, readManifestFile } from '../checks/pack-reader.js';
import { parseJson } from '../util/json.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import { gitShow } from '../util/git.js';
import type { Output } from '../util/output.js';
import { quoted } from '../util/quoted.js';
import { shellQuote } from '../util/shell.js';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface EnvDiffOptions {
  from?: string;
  to?: string;
  json?: boolean;
  allowBreaking?: boolean;
}

interface Side {
  label: string;
  env: EnvEntryLike[];
}

/** `khal-pack env diff OLD NEW` or `--from REV [--to REV] [dir]`: exit 1 on a breaking change unless allowed. */
export async function envDiffCommand(args: string[], options: EnvDiffOptions, out: Output): Promise<number> {
  const [before, after] = await resolveSides(args, options);
  const changes = diffEnv(before.env, after.env);
  const breaking = hasBreaking(changes);
  if (options.json) out.info(JSON.stringify(jsonReport(before, after, changes), null, 2));
  else out.info(envChangesMarkdown(changes, { from: before.label, to: after.label }).trimEnd());
  if (breaking && !options.allowBreaking) {
    const count = changes.filter((change) => change.level === 'breaking').length;
    // With --json there is no section above: the report's changes say which are breaking.
    const notes = options.json ? 'list them in the release notes (the changes with "level": "breaking")' : 'put the section above in the release notes';
    out.error(`\n${count} breaking change(s) to env[]: ${notes}, then rerun with --allow-breaking to accept them.`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

function jsonReport(before: Side, after: Side, changes: EnvChange[]) {
  return {
    from: before.label,
    to: after.label,
    breaking: hasBreaking(changes),
    counts: {
      breaking: changes.filter((change) => change.level === 'breaking').length,
      notice: changes.filter((change) => change.level === 'notice').length,
      compatible: changes.filter((change) => change.level === 'compatible').length,
    },
    changes,
  };
}

async function resolveSides(args: string[], options: EnvDiffOptions): Promise<[Side, Side]> {
  if (options.from === undefined) {
    if (options.to !== undefined) throw new ExitError(EXIT.usage, '--to needs --from: write --from <old revision> [--to <new revision>]');
    if (args.length !== 2)
      throw new ExitError(
        EXIT.usage,
        `env diff needs OLD and NEW (manifest files or pack folders), or --from <revision> [--to <revision>] [dir]; got ${args.length} argument(s)`,
      );
    const [old, next] = args as [string, string];
    const missing = [old, next].find((argument) => !existsSync(path.resolve(argument)));
    if (missing !== undefined && LOOKS_LIKE_REVISION.test(missing))
      throw new ExitError(
        EXIT.usage,
        `${quoted(missing)} is no file or folder here. To compare git revisions of the pack, give them as options, in the pack folder: khal-pack env diff --from ${shellQuote(old)} --to ${shellQuote(next)}`,
      );
    return [await sideFromPath(old), await sideFromPath(next)];
  }
  if (args.length > 1)
    throw new ExitError(EXIT.usage, `with --from, give at most one argument (the pack folder); got ${args.join(' ')}`);
  const location = await locatePack(args[0]);
  if (location.manifestOnly)
    throw new ExitError(EXIT.usage, `with --from, give the pack folder (in a git repository), not a manifest file: ${args[0]}`);
  const before = await sideFromRevision(location.folder, options.from);
  const after =
    options.to === undefined
      ? { label: `${MANIFEST_FILE} (working tree)`, env: envOf(await readManifestFile(location.manifestPath), MANIFEST_FILE) }
      : await sideFromRevision(location.folder, options.to);
  return [before, after];
}

/** A tag such as v1.2.0, HEAD~1, or a commit's hash: what a user who meant --from/--to types. */
const LOOKS_LIKE_REVISION = /^(?:v\d+(?:\.\d+)*\S*|HEAD(?:[~^]\d*)*|[0-9a-f]{7,40})$/;

async function sideFromPath(argument: string): Promise<Side> {
  const { manifestPath } = await locatePack(argument);
  return { label: argument, env: envOf(await readManifestFile(manifestPath, argument), manifestPath) };
}

async function sideFromRevision(folder: string, revision: string): Promise<Side> {
  const shown = await gitShow(folder, revision, MANIFEST_FILE);
  if (!shown.ok)
    throw new ExitError(
      EXIT.usage,
      `Cannot read ${MANIFEST_FILE} at revision ${JSON.stringify(revision)} in ${folder}: ${shown.reason}\nGive a revision of this pack's git history that holds ${MANIFEST_FILE} (a tag such as v1.2.0, a commit, or HEAD).`,
    );
  const parsed = parseJson(shown.stdout);
  if (!parsed.ok) throw new ExitError(EXIT.failed, `${MANIFEST_FILE} at ${revision} ${parsed.reason}`);
  return { label: revision, env: envOf(parsed.data, `${MANIFEST_FILE} at ${revision}`) };
}

/** env[] of a manifest, read leniently (an old release need not pass today's contract), but each entry must say its key. */
export function envOf(manifest: unknown, label: string): EnvEntryLike[] {
  if (typeof manifest !== 'object' || manifest === null) throw new ExitError(EXIT.failed, `${label} is not a JSON object`);
  const env = (manifest as { env?: unknown }).env;
  if (env === undefined) return [];
  if (!Array.isArray(env)) throw new ExitError(EXIT.failed, `${label}: env must be an array of entries`);
  return env.map((entry: unknown, index) => {
    const item = (entry ?? {}) as Record<string, unknown>;
    if (typeof item.key !== 'string' || item.key === '')
      throw new ExitError(EXIT.failed, `${label}: env[${index}] has no key: every entry needs "key"`);
    return {
      key: item.key,
      description: typeof item.description === 'string' ? item.description : '',
      required: item.required === true,
      type: typeof item.type === 'string' ? item.type : 'string',
      ...(typeof item.default === 'string' ? { default: item.default } : {}),
    };
  });
}
