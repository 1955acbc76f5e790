import { Scalar, isScalar, parseDocument } from 'yaml';
import { PACK_FILES } from '../checks/check-pack.js';
import { MANIFEST_FILE, RECORD_FILE } from '../checks/pack-reader.js';
import { HANDOFF_END, HANDOFF_START, replaceHandoffSection } from '../handoff/handoff-section.js';
import { handoffMarkdown, handoffSheet } from '../handoff/handoff-sheet.js';
import type { KhalAppManifest } from '../manifest/manifest-schema.js';
import { mergeFile } from '../update/merge-file.js';
import { endsLinesWithCrlf, keepingLineEnds, toCrlf, toLf } from '../util/line-ends.js';

const README = 'README.md';

// Where a pack's version lives, and how each file gets a new one while keeping the rest of it
// as the user left it: JSON keeps its key order and indentation, YAML its comments and quotes.

/** The files that hold the version; the backend's only in a full-stack pack. */
export function versionFiles(fullStack: boolean): { file: string; required: boolean }[] {
  return [
    { file: MANIFEST_FILE, required: true },
    { file: PACK_FILES.frontendPackage, required: true },
    ...(fullStack
      ? [
          { file: PACK_FILES.servicePackage, required: true },
          { file: PACK_FILES.chart, required: true },
        ]
      : []),
    // The root package.json and the record are not compared by khal-pack check; kept in step when there.
    { file: 'package.json', required: false },
    { file: RECORD_FILE, required: false },
    { file: README, required: false },
  ];
}

/**
 * A file's text with the version of `released` (the manifest after the bump; `current`, before
 * it): a file kept with CRLF line ends keeps them. Throws, naming the file, when it cannot hold
 * a version.
 */
export async function releasedText(file: string, text: string, current: KhalAppManifest, released: KhalAppManifest): Promise<string> {
  if (file !== README) return keepingLineEnds(text, (lf) => withVersion(file, lf, released));
  const lf = endsLinesWithCrlf(text) ? toLf(text) : text;
  const readme = await readmeMerged(lf, current, released);
  return lf === text ? readme : toCrlf(readme);
}

/** The JSON and YAML files, as LF text. */
export function withVersion(file: string, text: string, released: KhalAppManifest): string {
  if (file === PACK_FILES.chart) return chartWithVersion(text, released.version);
  return jsonWithVersion(file, text, released.version);
}

/**
 * The README with the new version where the kit writes it (its summary row, its hand-off
 * section), the lines of the user's own in and around them kept: the change from the README
 * the current version gives to the one the new version gives, merged into the user's, as every
 * change is. Where the user edited a line that holds the version, release stops and says so.
 */
async function readmeMerged(text: string, current: KhalAppManifest, released: KhalAppManifest): Promise<string> {
  // The summary row is set as it is (a row left at an older version too); the hand-off section is merged.
  const rowed = summaryRowWithVersion(text, released.version);
  const [base, target] = [handoffWithVersion(rowed, current), handoffWithVersion(rowed, released)];
  if (base === rowed) return target;
  const merged = await mergeFile(README, Buffer.from(base), Buffer.from(target), Buffer.from(rowed));
  if (merged.conflicts.length === 0) return merged.content.toString();
  throw new Error(
    `${README}: you edited lines of its hand-off section (between ${HANDOFF_START} … and ${HANDOFF_END}) that hold the version, so release cannot put the new one in them: make those lines as khal-pack handoff prints them, or move your words out of the section, then release again`,
  );
}

function jsonWithVersion(file: string, text: string, version: string): string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}): fix it (khal-pack check says where), then release again`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new Error(`${file} is not a JSON object, so it has no "version" to set`);
  // Assigning keeps the key's place; a file without one gets it at the end.
  (data as Record<string, unknown>).version = version;
  return `${JSON.stringify(data, null, indentationOf(text))}${text.endsWith('\n') ? '\n' : ''}`;
}

/** The indentation of a JSON text's first indented line: two spaces, a tab, four spaces... */
function indentationOf(text: string): string | number {
  const indent = /^[{[][^\n]*\n([ \t]+)\S/.exec(text)?.[1];
  return indent ?? 2;
}

function chartWithVersion(text: string, version: string): string {
  const document = parseDocument(text);
  if (document.errors.length > 0)
    throw new Error(`${PACK_FILES.chart} is not valid YAML (${document.errors[0]!.message}): fix it, then release again`);
  for (const key of ['version', 'appVersion']) {
    const node = document.get(key, true);
    // The scalar keeps its quotes and comments; only its value changes.
    if (isScalar(node)) node.value = version;
    else {
      const scalar = new Scalar(version);
      scalar.type = 'QUOTE_DOUBLE';
      document.set(key, scalar);
    }
  }
  return document.toString();
}

/** The README's summary row (`| Version | `1.2.0` |`) with `version`, when it has one. */
function summaryRowWithVersion(text: string, version: string): string {
  return text.replace(/^(\| Version \| )`[^`\n]*`( \|)$/m, (_row, start: string, end: string) => `${start}\`${version}\`${end}`);
}

/** The README's hand-off section as `manifest` gives it, when it has one; the rest is the user's. */
function handoffWithVersion(text: string, manifest: KhalAppManifest): string {
  if (!text.includes(HANDOFF_START) || !text.includes(HANDOFF_END)) return text;
  return replaceHandoffSection(text, handoffMarkdown(handoffSheet(manifest), '##'));
}
