import { isDeepStrictEqual } from 'node:util';
import { MANIFEST_FILE } from '../pack-reader.js';
import { PACK_FILES } from '../pack-files.js';
import { type PackContext, isMapping, readPackData, show } from './context.js';

export interface ValuesYaml {
  image?: { repository?: unknown };
  port?: unknown;
  platformEnv?: unknown;
  env?: { config?: unknown; secretName?: unknown; secrets?: unknown };
}

/** helm/values.yaml: its image and port against backend; its env part is left to checkValuesEnv. */
export function checkValues(context: PackContext): ValuesYaml | undefined {
  const { manifest, add } = context;
  const values = readPackData<ValuesYaml>(context, PACK_FILES.values, 'yaml', {
    severity: 'error',
    expected: 'the chart values (image, port, env.config, env.secrets)',
  });
  if (!values || !context.crossCheckable(PACK_FILES.values, ['backend'], 'image.repository and port')) return values;
  const backend = manifest.backend!;
  const repository = values.image?.repository;
  if (repository !== backend.image)
    add({
      severity: 'error',
      code: 'image-mismatch',
      file: PACK_FILES.values,
      field: 'image.repository',
      problem: `is ${show(repository)} but ${MANIFEST_FILE} backend.image is ${show(backend.image)}: the chart would run another image than the one published`,
      expected: show(backend.image),
    });
  const port = values.port;
  if (!isDeepStrictEqual(backend.ports, [port]))
    add({
      severity: 'error',
      code: 'port-mismatch',
      file: MANIFEST_FILE,
      field: 'backend.ports',
      problem: `is ${show(backend.ports)} but helm/values.yaml port is ${show(port)}: the two must name the one port the service listens on`,
      // Either side may be the stale one (a kept values.yaml, a hand-edited manifest): both ways are named.
      expected: typeof port === 'number' && backend.ports.length === 1 ? `${show([port])}, or port: ${show(backend.ports[0])} in helm/values.yaml` : show(typeof port === 'number' ? [port] : backend.ports),
    });
  checkPlatformEnv(context, values.platformEnv);
  return values;
}

/** helm/values.yaml platformEnv: the chart must give the service exactly backend.env. */
function checkPlatformEnv(context: PackContext, platformEnv: unknown) {
  const { add } = context;
  const declared = context.manifest.backend!.env;
  const file = PACK_FILES.values;
  if (platformEnv !== undefined && platformEnv !== null && !isMapping(platformEnv)) {
    add({ severity: 'error', code: 'platform-env-mismatch', file, field: 'platformEnv', problem: `is ${show(platformEnv)}, not a mapping of KEY: "value"`, expected: show(declared) });
    return;
  }
  const chart = isMapping(platformEnv) ? platformEnv : {};
  for (const [key, value] of Object.entries(declared)) {
    const field = `platformEnv.${key}`;
    if (!Object.hasOwn(chart, key))
      add({ severity: 'error', code: 'platform-env-mismatch', file, field, problem: `is missing, but ${MANIFEST_FILE} backend.env sets ${key}: the service would start without it`, expected: show(value) });
    // The chart renders each value with toString, so a YAML number 4222 reaches the service as "4222".
    else if (isMapping(chart[key]) || Array.isArray(chart[key]) || String(chart[key]) !== value)
      add({ severity: 'error', code: 'platform-env-mismatch', file, field, problem: `is ${show(chart[key])} but ${MANIFEST_FILE} backend.env.${key} is ${show(value)}`, expected: show(value) });
  }
  for (const key of Object.keys(chart).filter((key) => !Object.hasOwn(declared, key)))
    add({
      severity: 'warning',
      code: 'platform-env-extra',
      file,
      field: `platformEnv.${key}`,
      problem: `is set by the chart, but ${MANIFEST_FILE} backend.env does not declare ${key}`,
      expected: `${key} in backend.env, or no ${key} in platformEnv`,
    });
}

