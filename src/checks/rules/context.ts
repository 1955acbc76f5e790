import type { Finding, Severity } from '../finding.js';
import type { KhalAppManifest } from '../../manifest/manifest-schema.js';
import { parseJson } from '../../util/json.js';
import { parseYaml } from '../../util/yaml.js';
import { MANIFEST_FILE } from '../pack-reader.js';
import { type PackRead, readPackFile } from '../safe-read.js';
import { quoted } from '../../util/quoted.js';

/** What every cross-file rule reads: the pack's folder, its manifest, and where findings go. */
export interface PackContext {
  folder: string;
  manifest: KhalAppManifest;
  /** The names the contract derives from the id, scope and registry (pack-contract §4). */
  names: ContractNames;
  registry: string;
  add: (finding: Finding) => void;
  /** True when every manifest field in `fields` passes the contract; else the comparison is listed as skipped. */
  crossCheckable: (file: string, fields: string[], compared: string) => boolean;
  /** A pack file's text, read once; a link out of the pack or a FIFO is refused (and reported once), never read. */
  read: (file: string) => PackRead;
}

export interface ContractNames {
  frontendPackage: string;
  chart: string;
  image: string;
  helmChart: string;
}

/**
 * The naming rule of pack-contract §4, stated here on its own and not taken from the
 * generator, so a generator that names something wrongly is caught by check.
 */
export function contractNames(id: string, scope: string, registry: string): ContractNames {
  return {
    frontendPackage: `${scope}/pack-${id}`,
    chart: `pack-${id}`,
    image: `${registry}/pack-${id}-service`,
    helmChart: `oci://${registry}/charts/pack-${id}`,
  };
}

/** A pack file reader that reads each file once and reports a refused one once, as an error. */
export function packFileReader(folder: string, add: (finding: Finding) => void): (file: string) => PackRead {
  const cache = new Map<string, PackRead>();
  return (file) => {
    let read = cache.get(file);
    if (!read) {
      read = readPackFile(folder, file);
      cache.set(file, read);
      if (read.kind === 'refused')
        add({ severity: 'error', code: 'file-refused', file, problem: read.reason, expected: 'a regular file inside the pack folder' });
    }
    return read;
  };
}

export const show = (value: unknown) => (value === undefined ? 'missing' : quoted(value));

export const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads and parses one file that must hold a mapping; a missing, unparsable, empty or
 * non-mapping one becomes a finding (missing: error or warning as the caller says) and gives undefined.
 */
export function readPackData<T>(
  context: PackContext,
  file: string,
  format: 'json' | 'yaml',
  whenMissing: { severity: Severity; expected: string },
): T | undefined {
  const read = context.read(file);
  if (read.kind === 'refused') return undefined;
  if (read.kind === 'missing') {
    context.add({ severity: whenMissing.severity, code: 'file-missing', file, problem: 'is missing', expected: whenMissing.expected });
    return undefined;
  }
  const parsed = format === 'json' ? parseJson(read.text) : parseYaml(read.text);
  if (!parsed.ok) {
    context.add({ severity: 'error', code: 'file-unreadable', file, problem: parsed.reason });
    return undefined;
  }
  const data = parsed.data;
  if (!isMapping(data)) {
    context.add({
      severity: 'error',
      code: 'file-unreadable',
      file,
      problem: `is empty or not a mapping (it holds ${data === null || data === undefined ? 'nothing' : Array.isArray(data) ? 'a list' : `a ${typeof data}`})`,
      expected: whenMissing.expected,
    });
    return undefined;
  }
  return data as T;
}

/** The contract: every package and the chart carry the manifest's version. */
export function compareVersion(context: PackContext, file: string, field: string, actual: unknown) {
  if (actual !== context.manifest.version)
    context.add({
      severity: 'error',
      code: 'version-mismatch',
      file,
      field,
      problem: `is ${show(actual)} but ${MANIFEST_FILE} version is ${show(context.manifest.version)}`,
      expected: show(context.manifest.version),
    });
}
