import { ruled, z } from '../util/zod.js';
import { pathLabel, problemsFromZod } from '../answers/problems.js';
import { hideSecretInProblem } from '../checks/secret-values.js';
import { envEntryFields, envSetIssues, refineEnvDefault, visibilityOf } from '../answers/env-entry.js';
import { PERMISSIONS, checkManifestPort, checkPackId, checkVersion } from '../answers/rules.js';
import { quoted } from '../util/quoted.js';

// The pack contract for khal-app.json: @khal-os/types 1.x's strict manifest (required
// identity fields, the 8 permissions, backend with image/env/ports) extended with env[]
// as pack-contract §3 defines it. Top-level keys that contract does not know are refused,
// as the platform's strict validator refuses them.

const nonEmpty = z.string().check(z.minLength(1, 'must not be empty'));
const optional = z.optional;

export const manifestEnvEntrySchema = z
  .object({
    ...envEntryFields,
    // The platform derives it from the type when it is left out.
    visibility: optional(z.enum(['config', 'vault'], { error: 'must be config or vault' })),
  })
  .check(
    z.superRefine((entry, ctx) => {
      refineEnvDefault(entry, ctx);
      const visibility = visibilityOf(entry.type);
      if (entry.visibility !== undefined && entry.visibility !== visibility)
        ctx.addIssue({
          code: 'custom',
          path: ['visibility'],
          message: `must be "${visibility}" for a ${entry.type} entry (secrets go to the vault, everything else is config)`,
        });
    }),
  );

export const manifestSchema = z
  .strictObject({
    $schema: optional(z.string()),
    id: ruled(z.string(), checkPackId),
    name: nonEmpty,
    // A semantic version: helm refuses any other chart version, and v<version> tags the image.
    version: ruled(z.string(), checkVersion),
    icon: nonEmpty,
    description: nonEmpty,
    author: nonEmpty,
    permissions: z.array(z.enum(PERMISSIONS, { error: `must be one of: ${PERMISSIONS.join(', ')}` })),
    frontend: optional(z.object({ package: nonEmpty, entry: optional(z.string()) })),
    backend: optional(
      z.object({
        image: nonEmpty,
        helmChart: optional(z.string()),
        env: z.record(z.string(), z.string()),
        ports: z.array(ruled(z.number(), checkManifestPort)),
      }),
    ),
    env: optional(z.array(manifestEnvEntrySchema)),
    // Known to the platform's pack contract; generated packs do not use them.
    apps: optional(z.array(z.object({ id: nonEmpty, name: nonEmpty, frontend: optional(z.object({ package: nonEmpty })) }))),
    bundlePath: optional(z.string()),
    windows: optional(z.array(z.looseObject({ id: nonEmpty }))),
    services: optional(z.array(z.looseObject({ name: nonEmpty }))),
    sandbox: optional(z.looseObject({ enabled: z.boolean() })),
  })
  .check(
    z.superRefine((manifest, ctx) => {
      const issues = envSetIssues(manifest.env, Boolean(manifest.backend || manifest.services), { noService: 'add backend (full-stack) or remove env' });
      for (const { path, message } of issues) ctx.addIssue({ code: 'custom', path, message });
    }),
  );

export type KhalAppManifest = {
  $schema?: string;
  id: string;
  name: string;
  version: string;
  icon: string;
  description: string;
  author: string;
  permissions: (typeof PERMISSIONS)[number][];
  frontend?: { package: string; entry?: string };
  backend?: { image: string; helmChart?: string; env: Record<string, string>; ports: number[] };
  env?: ManifestEnvEntry[];
};
export type ManifestEnvEntry = z.infer<typeof manifestEnvEntrySchema>;

export interface ManifestProblem {
  /** JSON path inside khal-app.json, e.g. `env[0].key`. */
  field: string;
  value?: unknown;
  reason: string;
}

/** Checks a parsed khal-app.json against the pack contract; an empty list means it passes. */
export function checkManifest(data: unknown): ManifestProblem[] {
  const parsed = manifestSchema.safeParse(data);
  if (parsed.success) return [];
  return problemsOf(parsed.error, data);
}

/** checkManifest's problems as they may be shown: a secret's value never is. */
export function shownManifestProblems(data: unknown): ManifestProblem[] {
  return checkManifest(data).map((problem) => hideSecretInProblem(problem, data));
}

/** The problems as a message lists them, one `  - field "value": reason` line each. */
export function listManifestProblems(problems: readonly ManifestProblem[]): string {
  return problems.map((problem) => `  - ${problem.field}${problem.value === undefined ? '' : ` ${quoted(problem.value)}`}: ${problem.reason}`).join('\n');
}

function problemsOf(error: z.core.$ZodError, data: unknown): ManifestProblem[] {
  return problemsFromZod(error, data, (path) => pathLabel(path) || '(manifest)').map((problem) => ({
    field: problem.answer,
    value: problem.value,
    reason:
      problem.reason === 'is not a known answer'
        ? 'is not a field of the pack contract (the platform refuses unknown top-level fields)'
        : problem.reason,
  }));
}
