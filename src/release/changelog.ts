import { type EnvChange, envChangesMarkdown } from '../checks/env-changes.js';
import { keepingLineEnds, toLf } from '../util/line-ends.js';
import { markdownCode } from '../util/markdown.js';
import { type ArtifactMove, artifactMovesMarkdown } from './artifact-moves.js';

// CHANGELOG.md: one `## <version> - <date>` section per release, newest first. The section
// `khal-pack release` writes carries the env contract changes (breaking first, each with what a
// customer admin must do), which the pack's CI (`release --verify`), release.yml (the GitHub
// release body) and `khal-pack handoff` (the upgrade notes) read back.

export const CHANGELOG_FILE = 'CHANGELOG.md';
const TITLE = '# Changelog';
export const NOTES_LINE = "<!-- Your notes on this release: what changed for the pack's users. -->";

/** A version section's heading: `## 1.2.0 - 2025-01-31`, also `## [1.2.0]` or `## v1.2.0`. */
const SECTION_HEADING = /^## \[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?(?=\s|$)/;
/** Keep a Changelog's heading for notes not yet released: `## Unreleased` or `## [Unreleased]`. */
const UNRELEASED_HEADING = /^## \[?unreleased\]?\s*$/i;

/** What the release compared the env contract with: a label (a tag, a file), or nothing. */
export type Baseline = { label: string } | undefined;

export interface SectionInput {
  version: string;
  /** YYYY-MM-DD (UTC). */
  date: string;
  baseline: Baseline;
  changes: EnvChange[];
  /** The install artifact's move since the baseline, if it moved. */
  moves?: ArtifactMove[];
  /** The user's notes for this release, in place of the line that asks for them. */
  notes?: string;
  /** `## [1.2.0] - …`, as a file whose headings have brackets writes them. */
  bracketed?: boolean;
}

/** The section `khal-pack release` puts above the newest release in CHANGELOG.md. */
function releaseSection({ version, date, baseline, changes, moves = [], notes, bracketed }: SectionInput): string {
  const breaking = changes.filter((change) => change.level === 'breaking');
  const lines = [`## ${bracketed ? `[${version}]` : version} - ${date}${breaking.length > 0 || moves.length > 0 ? ' (breaking)' : ''}`, ''];
  if (moves.length > 0)
    lines.push(`**The install artifact moved:** a customer admin must install the pack from its new place to upgrade to ${markdownCode(version)} (see below).`, '');
  if (breaking.length > 0)
    lines.push(
      `**Breaking change to the configuration:** a customer admin must act before upgrading to ${markdownCode(version)} (${breaking.length} ${breaking.length === 1 ? 'entry' : 'entries'}, see below).`,
      '',
    );
  lines.push(notes ?? NOTES_LINE, '');
  if (moves.length > 0) lines.push(artifactMovesMarkdown(moves, '##'));
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

export interface ReleasedChangelog {
  changelog: string;
  section: string;
  /** Where the notes under `## Unreleased` moved into the section: their heading, as the file writes it (`## [Unreleased]`). */
  notesHeading?: string;
}

/**
 * CHANGELOG.md with the release's section above its newest release. Notes written under an
 * `## Unreleased` heading above it move into the section, and the heading stays, empty, for the
 * next release's notes.
 */
export function withReleaseSection(current: string | undefined, input: SectionInput): ReleasedChangelog {
  const currentLines = current === undefined ? [] : toLf(current).split('\n');
  const unreleased = unreleasedPart(currentLines);
  const section = releaseSection({ ...input, notes: unreleased?.notes, bracketed: hasBracketedHeadings(currentLines) });
  if (current === undefined || current.trim() === '') return { changelog: `${TITLE}\n\n${section}`, section };
  const changelog = keepingLineEnds(current, (text) => {
    const lines = text.split('\n');
    if (unreleased?.notes !== undefined) lines.splice(unreleased.start + 1, unreleased.end - unreleased.start - 1, '');
    return withSectionLf(lines, section);
  });
  return { changelog, section, ...(unreleased?.notes !== undefined ? { notesHeading: currentLines[unreleased.start]!.trim() } : {}) };
}

function withSectionLf(lines: string[], section: string): string {
  const first = lines.findIndex((line) => SECTION_HEADING.test(line));
  if (first === -1) {
    // No release yet: at the end, but above the link definitions Keep a Changelog keeps last.
    const links = linkDefinitionsStart(lines);
    const above = lines.slice(0, links).join('\n').replace(/\n*$/, '\n\n');
    return links === lines.length ? `${above}${section}` : `${above}${section}\n${lines.slice(links).join('\n')}`;
  }
  return [...lines.slice(0, first), ...section.split('\n').slice(0, -1), '', ...lines.slice(first)].join('\n');
}

/** Whether the file writes its release headings in brackets (`## [1.2.0]`, `## [Unreleased]`), as Keep a Changelog does. */
function hasBracketedHeadings(lines: string[]): boolean {
  const heading = lines.find((line) => SECTION_HEADING.test(line)) ?? lines.find((line) => UNRELEASED_HEADING.test(line));
  return heading?.startsWith('## [') ?? false;
}

/** The line where the file's closing block of link definitions (`[1.0.0]: https://…`) starts; the line count when it has none. */
function linkDefinitionsStart(lines: string[]): number {
  let start = lines.length;
  for (let index = lines.length - 1; index >= 0; index--) {
    if (/^\[[^\]]+\]:\s*\S/.test(lines[index]!)) start = index;
    else if (lines[index]!.trim() !== '') break;
  }
  return start;
}

/**
 * The `## Unreleased` section above the newest release: the line of its heading, the line of the
 * next `##` heading (or the end), and its notes, trimmed; notes undefined when it holds nothing
 * but blank lines and HTML comments (a template's hint is not a release note).
 */
function unreleasedPart(lines: string[]): { start: number; end: number; notes: string | undefined } | undefined {
  const first = lines.findIndex((line) => SECTION_HEADING.test(line));
  const start = lines.findIndex((line, index) => (first === -1 || index < first) && UNRELEASED_HEADING.test(line));
  if (start === -1) return undefined;
  const next = lines.findIndex((line, index) => index > start && /^## /.test(line));
  const end = next === -1 ? linkDefinitionsStart(lines) : next;
  const body = lines.slice(start + 1, end).join('\n').trim();
  const said = body.replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim();
  return { start, end, notes: said === '' ? undefined : body };
}

/** The text under the heading of `version`'s section (without the heading), or undefined when there is none. */
export function sectionOf(changelog: string, version: string): string | undefined {
  const lines = toLf(changelog).split('\n');
  const start = lines.findIndex((line) => SECTION_HEADING.exec(line)?.[1] === version);
  if (start === -1) return undefined;
  const next = lines.findIndex((line, index) => index > start && /^## /.test(line));
  return `${lines.slice(start + 1, next === -1 ? linkDefinitionsStart(lines) : next).join('\n').trim()}\n`;
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

/** The moves the section of a version does not name under a "Breaking" heading (by the new location). */
export function undocumentedMoves(section: string | undefined, moves: readonly ArtifactMove[]): ArtifactMove[] {
  const documented = section === undefined ? '' : breakingText(section);
  return moves.filter((move) => !documented.includes(markdownCode(move.to.location)));
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
