import { type EnvChange, envChangesMarkdown } from '../checks/env-changes.js';
import { keepingLineEnds, toLf } from '../util/line-ends.js';
import { markdownCode } from '../util/markdown.js';

// CHANGELOG.md: one `## <version> - <date>` section per release, newest first. The section
// `khal-pack release` writes carries the env contract changes (breaking first, each with what a
// customer admin must do), which the pack's CI (`release --verify`), release.yml (the GitHub
// release body) and `khal-pack handoff` (the upgrade notes) read back.

export const CHANGELOG_FILE = 'CHANGELOG.md';
const TITLE = '# Changelog';
export const NOTES_LINE = "<!-- Your notes on this release: what changed for the pack's users. -->";

/** A version section's heading: `## 1.2.0 - 2025-01-31`, also `## [1.2.0]` or `## v1.2.0`. */
const SECTION_HEADING = /^## \[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?(?=\s|$)/;

/** What the release compared the env contract with: a label (a tag, a file), or nothing. */
export type Baseline = { label: string } | undefined;

export interface SectionInput {
  version: string;
  /** YYYY-MM-DD (UTC). */
  date: string;
  baseline: Baseline;
  changes: EnvChange[];
}

/** The section `khal-pack release` puts at the top of CHANGELOG.md. */
export function releaseSection({ version, date, baseline, changes }: SectionInput): string {
  const breaking = changes.filter((change) => change.level === 'breaking');
  const lines = [`## ${version} - ${date}${breaking.length > 0 ? ' (breaking)' : ''}`, ''];
  if (breaking.length > 0)
    lines.push(
      `**Breaking change to the configuration:** a customer admin must act before upgrading to ${markdownCode(version)} (${breaking.length} ${breaking.length === 1 ? 'entry' : 'entries'}, see below).`,
      '',
    );
  lines.push(NOTES_LINE, '');
  if (baseline === undefined) lines.push('### Configuration changes (env[])', '', 'Not compared: there was no earlier release to compare with.');
  else
    lines.push(
      // One heading level down: under the version's heading.
      envChangesMarkdown(changes, { from: baseline.label, to: `v${version}` })
        .trimEnd()
        .replace(/^(#+) /gm, '#$1 '),
    );
  return `${lines.join('\n')}\n`;
}

/** CHANGELOG.md with `section` above its newest release (`current` undefined: the file is new). */
export function withSection(current: string | undefined, section: string): string {
  if (current === undefined || current.trim() === '') return `${TITLE}\n\n${section}`;
  return keepingLineEnds(current, (text) => withSectionLf(text, section));
}

function withSectionLf(current: string, section: string): string {
  const lines = current.split('\n');
  const first = lines.findIndex((line) => SECTION_HEADING.test(line));
  if (first === -1) return `${current.replace(/\n*$/, '\n\n')}${section}`;
  return [...lines.slice(0, first), ...section.split('\n').slice(0, -1), '', ...lines.slice(first)].join('\n');
}

/** The text under the heading of `version`'s section (without the heading), or undefined when there is none. */
export function sectionOf(changelog: string, version: string): string | undefined {
  const lines = toLf(changelog).split('\n');
  const start = lines.findIndex((line) => SECTION_HEADING.exec(line)?.[1] === version);
  if (start === -1) return undefined;
  const next = lines.findIndex((line, index) => index > start && /^## /.test(line));
  return `${lines.slice(start + 1, next === -1 ? undefined : next).join('\n').trim()}\n`;
}

/** The versions CHANGELOG.md has a section for, in the file's order. */
export function sectionVersions(changelog: string): string[] {
  return toLf(changelog).split('\n').flatMap((line) => SECTION_HEADING.exec(line)?.[1] ?? []);
}

/**
 * The breaking changes a version's section does not document: a change is documented by a list
 * item that starts with its key, as code, under a heading that starts with "Breaking" (the user
 * may reword the rest).
 */
export function undocumentedBreaking(section: string | undefined, changes: EnvChange[]): EnvChange[] {
  const breaking = changes.filter((change) => change.level === 'breaking');
  if (section === undefined) return breaking;
  const items = breakingText(section)
    .split('\n')
    .flatMap((line) => /^\s*[-*+]\s+(.*)$/.exec(line)?.[1] ?? []);
  return breaking.filter((change) => !items.some((item) => item.startsWith(`${markdownCode(change.key)} `) || item === markdownCode(change.key)));
}

/** The lines of a section under its "Breaking" headings, up to the next heading as high or higher. */
function breakingText(section: string): string {
  const kept: string[] = [];
  let level: number | undefined;
  for (const line of section.split('\n')) {
    const heading = /^(#+)\s+(.*)$/.exec(line);
    if (heading) {
      const depth = heading[1]!.length;
      if (level !== undefined && depth <= level) level = undefined;
      if (level === undefined && /^breaking\b/i.test(heading[2]!)) level = depth;
      continue;
    }
    if (level !== undefined) kept.push(line);
  }
  return kept.join('\n');
}
