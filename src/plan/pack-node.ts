import { compareVersions } from '../release/version.js';

// The Node a generated pack's frontend tools run on: the intersection of the engines of the
// versions templates/common/package/package.json.hbs pins (jsdom 31: ^22.22.2 || ^24.15.0 ||
// >=26; tsdown 0.23: ^22.18.0 || ^24.11.0; vitest 5: ^22.12.0 || ^24).

/** The pins the range was read from: a test fails when a template pins another, so the range is read again. */
export const PACK_NODE_SOURCES = { jsdom: '31', tsdown: '0.23', vitest: '5' } as const;

/** The lowest version of each Node line the pack's tools take; a later major than the last is taken too. */
export const PACK_NODE_MINIMUMS = ['22.22.2', '24.15.0', '26.0.0'] as const;
const majorOf = (version: string) => Number(version.split('.')[0]);
const last = PACK_NODE_MINIMUMS.at(-1)!;
/** As engines write it: `^22.22.2 || ^24.15.0 || >=26`. */
export const PACK_NODE_RANGE = [...PACK_NODE_MINIMUMS.slice(0, -1).map((version) => `^${version}`), `>=${last.replace(/(\.0)+$/, '')}`].join(' || ');
const PACK_NODE_TOOLS = Object.keys(PACK_NODE_SOURCES).join(', ');

export function runsPackTools(nodeVersion: string): boolean {
  const minimum = majorOf(nodeVersion) >= majorOf(last) ? last : PACK_NODE_MINIMUMS.find((version) => majorOf(version) === majorOf(nodeVersion));
  return minimum !== undefined && compareVersions(nodeVersion, minimum) >= 0;
}

/** A next-steps line for a Node that cannot run the pack's test and build, or undefined. */
export function packNodeNote(nodeVersion: string): string | undefined {
  if (runsPackTools(nodeVersion)) return undefined;
  return `  # This is Node ${nodeVersion}: the pack's test and build tools (${PACK_NODE_TOOLS}) need Node ${PACK_NODE_RANGE}. Run them with Node 24, as the pack's CI does.`;
}
