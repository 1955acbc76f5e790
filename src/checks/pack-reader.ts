// Synchronous reads on purpose: a check reads a handful of small files, and a thread-pool
// round trip for each cost more than the reads.
import { statSync } from 'node:fs';
import path from 'node:path';
import { ExitError, EXIT } from '../util/exit-codes.js';
import { parseJson } from '../util/json.js';
import { specialKind } from '../util/file-kind.js';
import { readRegularFile, resolveInsidePack } from './safe-read.js';

export const MANIFEST_FILE = 'khal-app.json';
export const RECORD_FILE = '.khal-pack.json';

/** Where a command finds a pack: a pack folder, or a manifest file on its own (e.g. an example). */
export interface PackLocation {
  /** The folder the pack's other files are read from. */
  folder: string;
  manifestPath: string;
  /** True when the argument named a manifest file, so no other file of the pack is looked at. */
  manifestOnly: boolean;
}

/** Folders of a pack that are built, installed or version control, not its sources: check and the staged copy of a change pass over them. */
export const NOT_PACK_SOURCES = new Set(['node_modules', '.git', 'dist', 'coverage', '.turbo']);

/** Files of a pack that are easily given where its manifest is meant. */
const OTHER_PACK_FILES = new Set(['package.json', '.khal-pack.json', 'Chart.yaml', 'values.yaml', 'values.schema.json', 'tsconfig.json']);

/** Resolves `[dir]` (a pack folder or a khal-app.json file); a missing one is a usage error (exit 2). */
/** The pack folder `argument` names, for `command`, which needs the folder, not the manifest file alone. */
export async function locatePackFolder(argument: string | undefined, command: string): Promise<PackLocation> {
  const location = await locatePack(argument);
  if (location.manifestOnly)
    throw new ExitError(EXIT.usage, `${command} needs the pack folder (the one that holds ${MANIFEST_FILE} and the pack's other files), not a manifest file alone: ${argument}`);
  return location;
}

/**
 * The pack `argument` names. With no argument, the pack the working folder is in, as git finds
 * its repository: this folder, or the nearest one above that holds a khal-app.json.
 */
export async function locatePack(given?: string): Promise<PackLocation> {
  const argument = given ?? '.';
  const absolute = path.resolve(argument);
  const stats = statSync(absolute, { throwIfNoEntry: false });
  if (!stats) throw new ExitError(EXIT.usage, `${argument} does not exist: give a pack folder or its khal-app.json`);
  const special = specialKind(stats);
  if (special) throw new ExitError(EXIT.usage, `${argument} is ${special}, not a pack folder or a file: give a pack folder or its ${MANIFEST_FILE}`);
  if (stats.isFile()) {
    if (OTHER_PACK_FILES.has(path.basename(absolute))) {
      // The pack's manifest is beside the file (the root package.json) or one folder up (package/, helm/, service/).
      const near = [path.dirname(argument), path.join(path.dirname(argument), '..')]
        .map((folder) => path.join(folder, MANIFEST_FILE))
        .find((manifest) => statSync(manifest, { throwIfNoEntry: false })?.isFile());
      throw new ExitError(EXIT.usage, `${argument} is not a manifest: give the pack folder, or its ${MANIFEST_FILE}${near ? ` (${near}?)` : ''}`);
    }
    return { folder: path.dirname(absolute), manifestPath: absolute, manifestOnly: true };
  }
  const inside = resolveInsidePack(absolute, MANIFEST_FILE);
  if (inside && 'refused' in inside) throw new ExitError(EXIT.failed, `${path.join(argument, MANIFEST_FILE)} ${inside.refused}`);
  const manifestStats = inside && statSync(inside.real, { throwIfNoEntry: false });
  const manifestSpecial = manifestStats && specialKind(manifestStats);
  if (manifestSpecial)
    throw new ExitError(EXIT.failed, `${path.join(argument, MANIFEST_FILE)} is ${manifestSpecial}, not a file: refused and not read`);
  if (!inside || !manifestStats?.isFile()) {
    const above = enclosingPack(absolute);
    if (above !== undefined && given === undefined) return locatePack(above);
    const hint = above === undefined ? '' : ` (${argument} is inside the pack ${path.relative(process.cwd(), above) || '.'}: give that folder)`;
    throw new ExitError(
      EXIT.usage,
      `${argument} holds no ${MANIFEST_FILE}: give the folder of a pack (the one with ${MANIFEST_FILE} at its top), or the manifest file itself${hint}`,
    );
  }
  // A manifest that is a link inside the pack is read where it leads (reads never follow a last link).
  const manifestPath = path.join(absolute, MANIFEST_FILE);
  return { folder: absolute, manifestPath: inside.real === manifestPath ? manifestPath : inside.real, manifestOnly: false };
}

/** The nearest folder above `folder` that holds a khal-app.json file, or undefined. */
function enclosingPack(folder: string): string | undefined {
  for (let above = path.dirname(folder); above !== folder; folder = above, above = path.dirname(above))
    if (statSync(path.join(above, MANIFEST_FILE), { throwIfNoEntry: false })?.isFile()) return above;
  return undefined;
}

/** A file's text, undefined when it is missing or a folder; a FIFO, device or link that cannot be opened is refused (exit 1), never read. */
export async function readOptionalText(file: string): Promise<string | undefined> {
  const read = readRegularFile(file);
  if (read.kind === 'refused') throw new ExitError(EXIT.failed, `${file} ${read.reason}`);
  return read.kind === 'text' ? read.text : undefined;
}

/** The parsed JSON of a manifest file; a missing file is a usage error (exit 2), one that is not JSON a failure (exit 1). */
export async function readManifestFile(file: string, label = file): Promise<unknown> {
  const text = await readOptionalText(file);
  if (text === undefined) throw new ExitError(EXIT.usage, `${label} does not exist: give a khal-app.json file or a pack folder`);
  const parsed = parseJson(text);
  if (!parsed.ok) throw new ExitError(EXIT.failed, `${label} ${parsed.reason}`);
  return parsed.data;
}
