import path from 'node:path';
import { locatePack, readManifestFile, readOptionalText } from '../checks/pack-reader.js';
import { handoffDetailsMarkdown, handoffMarkdown, handoffSheet } from '../handoff/handoff-sheet.js';
import { type KhalAppManifest, listManifestProblems, shownManifestProblems } from '../manifest/manifest-schema.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';
import { CHANGELOG_FILE, NOTES_LINE, sectionOf } from '../release/changelog.js';

// `(manifest)` (the whole file is wrong) ends in `)`, after which `\b` never matches: it is matched whole.
const SHEET_FIELDS = /^(?:\(manifest\)$|(?:id|name|version|frontend|backend|env)\b)/;

export interface HandoffOptions {
  json?: boolean;
}

/** `khal-pack handoff [dir]`: the sheet the generator puts in the README, then the details and an example install; secrets never carry a value. */
export async function handoffCommand(directory: string | undefined, options: HandoffOptions, out: Output): Promise<number> {
  const location = await locatePack(directory);
  const data = await readManifestFile(location.manifestPath);
  const problems = shownManifestProblems(data);
  // Problems in what the sheet shows would mislead a customer; others (e.g. permissions) do not.
  const misleading = problems.filter((problem) => SHEET_FIELDS.test(problem.field));
  if (misleading.length > 0 || typeof data !== 'object' || data === null)
    throw new ExitError(
      EXIT.failed,
      `${location.manifestPath} does not pass the pack contract where the hand-off reads it, so the sheet would mislead a customer:\n${listManifestProblems(misleading)}\nFix these (khal-pack check lists every problem), then run khal-pack handoff again.`,
    );
  if (problems.length > 0)
    out.error(`Note: ${location.manifestPath} fails the pack contract elsewhere (run khal-pack check):\n${listManifestProblems(problems)}\n`);
  const sheet = handoffSheet(data as KhalAppManifest, path.basename(location.manifestPath));
  const details = handoffDetailsMarkdown(sheet, '#');
  const notes = location.manifestOnly ? undefined : await upgradeNotes(location.folder, sheet.version);
  if (options.json) out.info(JSON.stringify(notes === undefined ? sheet : { ...sheet, upgradeNotes: notes }, null, 2));
  else {
    const upgrade = notes === undefined ? '' : `\n## Upgrade notes for v${sheet.version} (from ${CHANGELOG_FILE})\n\n${notes}`;
    out.info(`${handoffMarkdown(sheet, '#')}${details ? `\n${details}` : ''}${upgrade}`.trimEnd());
  }
  if (sheet.artifact.kind === 'unknown') {
    out.error(`\nThe sheet has no install artifact: ${sheet.artifact.reason}. Add backend.helmChart (a full-stack pack) or frontend.package.`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

/** What the CHANGELOG.md section of `version` tells a customer admin before upgrading (the untouched notes line left out). */
async function upgradeNotes(folder: string, version: string): Promise<string | undefined> {
  const changelog = await readOptionalText(path.join(folder, CHANGELOG_FILE));
  const section = changelog === undefined ? undefined : sectionOf(changelog, version);
  return section?.replace(`${NOTES_LINE}\n\n`, '');
}
