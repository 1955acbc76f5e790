import { markdownCode } from '../util/markdown.js';

// Where a customer installs the pack from (customer-install-contract: "the install artifact"):
// the Helm chart's OCI URL of a full-stack pack, the npm package of a frontend-only one. A
// customer's upgrade flow looks for new versions where they installed from, so an artifact that
// moves (`khal-pack set --registry` or `--scope`, a kind changed, a hand edit) is a breaking
// change for every customer, as a renamed env key is: the release notes must say it.

export interface InstallArtifact {
  kind: 'helm-chart' | 'npm-package';
  /** The chart's OCI URL, or the package's name. */
  location: string;
}

export interface ArtifactMove {
  from: InstallArtifact;
  to: InstallArtifact;
  /** One line, as the notes list it. */
  summary: string;
  /** What a customer admin must do. */
  action: string;
}

const KIND_NAMES: Record<InstallArtifact['kind'], string> = { 'helm-chart': 'Helm chart (OCI)', 'npm-package': 'npm package' };

/** A manifest's install artifact (read leniently: a released manifest may break today's contract); undefined when it names none. */
export function installArtifact(manifest: unknown): InstallArtifact | undefined {
  const { backend, frontend } = (manifest ?? {}) as { backend?: { helmChart?: unknown }; frontend?: { package?: unknown } };
  if (typeof backend?.helmChart === 'string' && backend.helmChart !== '') return { kind: 'helm-chart', location: backend.helmChart };
  if (typeof frontend?.package === 'string' && frontend.package !== '') return { kind: 'npm-package', location: frontend.package };
  return undefined;
}

/** The move from one manifest's install artifact to another's, or none. */
export function artifactMoves(before: InstallArtifact | undefined, after: InstallArtifact | undefined): ArtifactMove[] {
  if (!before || !after || (before.kind === after.kind && before.location === after.location)) return [];
  const summary =
    before.kind === after.kind
      ? `${KIND_NAMES[after.kind]}: ${markdownCode(before.location)} → ${markdownCode(after.location)}`
      : `${KIND_NAMES[before.kind]} ${markdownCode(before.location)} → ${KIND_NAMES[after.kind]} ${markdownCode(after.location)}`;
  return [
    {
      from: before,
      to: after,
      summary,
      action: moveAction(before, after),
    },
  ];
}

function moveAction(before: InstallArtifact, after: InstallArtifact): string {
  const [from, to] = [markdownCode(before.location), markdownCode(after.location)];
  if (before.kind === after.kind) return `Install the pack from ${to} to upgrade: ${from} gets no new versions, so an upgrade flow that looks there finds none.`;
  if (after.kind === 'helm-chart')
    return `Install the pack from the chart ${to} to upgrade: this version has a service, which ships only in the chart; an install of the npm package ${from} has no service.`;
  return `Install the npm package ${to} to upgrade, then uninstall the chart ${from}: this version has no service, and the chart gets no new versions.`;
}

export const ARTIFACT_HEADING = 'Breaking: the install artifact moved';

/** The notes' part on a move, one heading level under `depth`. */
export function artifactMovesMarkdown(moves: readonly ArtifactMove[], depth = '##'): string {
  if (moves.length === 0) return '';
  return [`${depth}# ${ARTIFACT_HEADING}`, '', ...moves.flatMap((move) => [`- ${move.summary}`, `  - Admin action: ${move.action}`]), ''].join('\n');
}

/** A move as the terminal lists it, with the admin's action under it. */
export const describeMove = (move: ArtifactMove) => `  - ${move.summary}\n    Admin action: ${move.action}`;
