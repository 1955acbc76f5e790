import { MANIFEST_FILE } from '../pack-reader.js';
import type { PackContext } from './context.js';

// The platform checks a pack's permissions before it starts the service (khal-domain §
// Permissions), so a service that uses NATS without the permission for it fails at start. The
// generated service subscribes to its ping subject: a permission list without nats:subscribe is
// said, as a warning, while the code still subscribes. A reply (`respond`) is not counted as a
// publish: NATS lets a subscriber answer the requests it receives (allow_responses).

export const SERVICE_ENTRY = 'service/src/index.ts';

const NATS_USES = [
  { permission: 'nats:subscribe', pattern: /\.subscribe\s*\(/, what: 'subscribes to a NATS subject' },
  // Not `.request(`: http.request and fetch libraries have one too.
  { permission: 'nats:publish', pattern: /\.publish\s*\(/, what: 'publishes on NATS' },
] as const;

/** service/src/index.ts against the manifest's permissions: each NATS use needs its permission. */
export function checkServicePermissions(context: PackContext): void {
  const read = context.read(SERVICE_ENTRY);
  if (read.kind !== 'text') return;
  const code = read.text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const permissions: readonly string[] = context.manifest.permissions;
  for (const use of NATS_USES) {
    if (permissions.includes(use.permission) || !use.pattern.test(code)) continue;
    context.add({
      severity: 'warning',
      code: 'permission-missing',
      file: MANIFEST_FILE,
      field: 'permissions',
      problem: `has no ${use.permission}, and ${SERVICE_ENTRY} ${use.what}: the platform checks permissions before it starts the service`,
      expected: `${use.permission} among the permissions (khal-pack set --permission takes the whole list), or a service that does without it`,
    });
  }
}
