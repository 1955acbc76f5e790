import path from 'node:path';
import { similarity } from '../util/similarity.js';

// Every rule an answer must follow, as plain functions: the answers-file schema, the flag
// parser and the interactive prompts all ask these, so a rule is written once.
// Each returns undefined when the value is fine, or the reason it is not (what would be right).

export const PERMISSIONS = [
  'nats:publish',
  'nats:subscribe',
  'files:read',
  'files:write',
  'pty:spawn',
  'http:fetch',
  'system:clipboard',
  'system:notifications',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const KINDS = ['full-stack', 'frontend-only'] as const;

/** The scope of the platform's own packages (the SDK, the UI kit): the shell provides them at run time. */
export const PLATFORM_SCOPE = '@khal-os';
export type PackKind = (typeof KINDS)[number];

export const ENV_TYPES = ['string', 'number', 'boolean', 'secret', 'url'] as const;
export type EnvType = (typeof ENV_TYPES)[number];

export const RESERVED_ENV_KEYS = ['PORT'] as const;
export const RESERVED_ENV_PREFIX = 'KHAL_';

/**
 * Keys that the service's process reads before or beside its own code: a customer admin's
 * value for one would change what runs in the pod (LD_PRELOAD, NODE_OPTIONS load code).
 */
export const RUNTIME_ENV_KEYS: Record<string, string> = {
  PATH: 'the shell and the runtime find programs through it',
  HOME: 'the runtime and its libraries read their settings from it',
  SHELL: 'programs start their shell from it',
  IFS: 'the shell splits words with it',
  ENV: 'a POSIX shell runs the file it names at start',
  BASH_ENV: 'bash runs the file it names at start',
  CDPATH: 'the shell resolves cd through it',
  PS4: 'the shell evaluates it when tracing',
  TMPDIR: 'the runtime writes its temporary files there',
  GLIBC_TUNABLES: 'the C library reads it before the program starts',
  SSL_CERT_FILE: 'OpenSSL trusts the certificates it names',
  SSL_CERT_DIR: 'OpenSSL trusts the certificates it names',
};
export const RUNTIME_ENV_PREFIXES: Record<string, string> = {
  LD_: 'the dynamic loader reads them (LD_PRELOAD loads code into the process)',
  DYLD_: 'the dynamic loader reads them',
  NODE_: 'Node reads them (NODE_OPTIONS can load code)',
  BUN_: 'Bun, the service runtime, reads them',
  UV_: 'libuv, under Node, reads them',
  OPENSSL_: 'OpenSSL reads them (OPENSSL_CONF can load modules)',
  MALLOC_: 'the C library allocator reads them',
  BASH_FUNC_: 'bash imports them as functions',
};

/** The most characters a default of each type may have: the ConfigMap that holds them is limited to 1 MiB. */
export const ENV_VALUE_MAX_LENGTH = { string: 500, secret: 500, number: 64, boolean: 5, url: 2048 } as const;
/** The most env entries a pack may declare (each one is a line in several files; the ConfigMap's size is judged on its own, below). */
export const MAX_ENV_ENTRIES = 1000;
/** What the ConfigMap's keys and defaults may take: Kubernetes holds at most 1 MiB, and the chart adds the platform's env and metadata. */
export const CONFIGMAP_DATA_MAX_BYTES = 900 * 1024;

/** Whether the non-secret entries' keys and defaults fit one ConfigMap (each entry on its own may be fine). */
export function checkConfigMapSize(entries: readonly { key: string; type: EnvType; default?: string }[]): string | undefined {
  let bytes = 0;
  for (const entry of entries) if (entry.type !== 'secret') bytes += Buffer.byteLength(entry.key) + Buffer.byteLength(entry.default ?? '');
  return bytes > CONFIGMAP_DATA_MAX_BYTES
    ? `hold ${bytes} bytes of keys and defaults, which go into one ConfigMap: at most ${CONFIGMAP_DATA_MAX_BYTES} fit (Kubernetes holds at most 1 MiB); shorten the defaults or drop entries`
    : undefined;
}
/** Kubernetes' limit on a ConfigMap key. */
export const ENV_KEY_MAX_LENGTH = 253;

/** The JSON-Schema-compatible patterns that the Helm values schema reuses. */
export const NUMBER_PATTERN = '^-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?$';
export const URL_PATTERN = '^[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/?#]+[^\\s]*$';
export const BOOLEAN_VALUES = ['true', 'false'] as const;

const ID_PATTERN = /^[a-z][a-z0-9-]*$/;
const ENV_KEY_PATTERN = /^[A-Z][A-Z0-9_]*$/;
// semver.org's recommended expression
const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const SCOPE_PATTERN = /^@[a-z0-9][a-z0-9._~-]*$/;
const REGISTRY_PATTERN = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export type Rule<T> = (value: T) => string | undefined;

/** "must be one of: …", with the closest choice when the value looks like a typo of one. */
export function oneOf(choices: readonly string[], value: unknown): string {
  const list = `must be one of: ${choices.join(', ')}`;
  const best = typeof value === 'string' ? closestChoice(choices, value) : undefined;
  return best ? `${list} (did you mean ${best}?)` : list;
}

/** The choice `value` looks like a typo of, if any. */
export function closestChoice(choices: readonly string[], value: string): string | undefined {
  const scored = choices.map((choice) => ({ choice, score: similarity(value.toLowerCase(), choice) }));
  const best = scored.sort((a, b) => b.score - a.score)[0];
  return best && best.score >= 0.5 ? best.choice : undefined;
}

/** Any surrogate code unit (paired ones too: a noncharacter of a higher plane is a pair) or a first-plane noncharacter. */
const MAYBE_INVALID_UNICODE = /[\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF]/;
/**
 * The first character no tool downstream accepts: a lone surrogate (not Unicode at all) or a
 * noncharacter (helm refuses Chart.yaml with one). Positions count characters from 1.
 */
function invalidUnicode(value: string): string | undefined {
  // Text without a surrogate or a noncharacter of the first plane (nearly all text) has neither.
  if (!MAYBE_INVALID_UNICODE.test(value)) return undefined;
  let position = 0;
  for (const character of value) {
    position++;
    const code = character.codePointAt(0)!;
    const hex = () => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (code >= 0xd800 && code <= 0xdfff) return `must not contain a lone surrogate (${hex()} at character ${position}): it is not valid Unicode`;
    if ((code >= 0xfdd0 && code <= 0xfdef) || (code & 0xfffe) === 0xfffe)
      return `must not contain the Unicode noncharacter ${hex()} (at character ${position}): helm and YAML refuse it`;
  }
  return undefined;
}

export function oneLineText(min: number, max: number): Rule<string> {
  return (value) => {
    if (/[\r\n\u2028\u2029]/.test(value)) return 'must be a single line (no line breaks)';
    if (CONTROL_CHARACTERS.test(value)) return 'must not contain control characters (tabs, escapes)';
    const unicode = invalidUnicode(value);
    if (unicode) return unicode;
    if (value.trim() !== value) return 'must not start or end with spaces';
    const length = [...value].length;
    if (length < min) return min === 1 ? 'must not be empty' : `must be at least ${min} characters`;
    if (length > max) return `must be at most ${max} characters (it has ${length})`;
    return undefined;
  };
}

export const checkPackId: Rule<string> = (value) => {
  if (value.length < 2 || value.length > 40) return 'must be 2 to 40 characters long, e.g. "weather"';
  if (!ID_PATTERN.test(value))
    return 'must start with a lowercase letter and hold only lowercase letters, digits and "-", e.g. "weather-station"';
  if (value.endsWith('-')) return 'must not end with "-"';
  if (value.includes('--')) return 'must not contain "--"';
  return undefined;
};

export const checkDisplayName = oneLineText(1, 80);
export const checkDescription = oneLineText(1, 200);
export const checkAuthor = oneLineText(1, 100);
export const checkEnvDescription = oneLineText(1, 200);

export const checkVersion: Rule<string> = (value) => {
  if (!SEMVER_PATTERN.test(value)) return 'must be a semantic version such as 0.1.0 or 1.2.3-beta.1';
  // The release tag v<version> is also the service image's tag, and image tags cannot hold "+".
  if (value.includes('+')) return 'must not carry build metadata ("+..."): the version is also the image tag, which cannot hold "+"';
  // Chart.yaml's appVersion becomes the app.kubernetes.io/version label: at most 63 characters, ending in a letter or digit.
  if (value.length > 63) return `must be at most 63 characters (it has ${value.length}): it becomes the app.kubernetes.io/version label`;
  if (!/[A-Za-z0-9]$/.test(value)) return 'must end with a letter or digit: it becomes the app.kubernetes.io/version label';
  // helm reads major, minor and patch as unsigned 64-bit integers.
  const tooLarge = value.split(/[-+]/)[0]!.split('.').find((part) => BigInt(part) > 18446744073709551615n);
  if (tooLarge) return `must have major, minor and patch numbers helm can read (at most 18446744073709551615; ${tooLarge} is larger)`;
  return undefined;
};

/** A port of khal-app.json's backend.ports: the platform takes any TCP port. */
export const checkManifestPort: Rule<number> = (value) =>
  Number.isInteger(value) && value >= 1 && value <= 65535 ? undefined : 'must be a whole number from 1 to 65535, e.g. 8080';

const PORT_RANGE = 'must be a whole number from 1024 to 65535, e.g. 8080';

export const checkPort: Rule<number> = (value) => (Number.isInteger(value) && value >= 1024 && value <= 65535 ? undefined : PORT_RANGE);

/**
 * A port as typed (a flag, a prompt) to its number, or why the text is not one. A leading zero is
 * refused, not dropped: `08080` may be a typo of 8080 or of 18080, and only the user knows which.
 */
export function portOfText(text: string): { port: number } | { reason: string } {
  const digits = text.trim();
  if (!/^\d+$/.test(digits)) return { reason: PORT_RANGE };
  if (digits.length > 1 && digits.startsWith('0'))
    return { reason: `must be written without a leading zero (${Number(digits)}?): a port is a whole number from 1024 to 65535` };
  return { port: Number(digits) };
}

export const checkScope: Rule<string> = (value) => {
  if (!SCOPE_PATTERN.test(value))
    return 'must be an npm scope: "@" then lowercase letters, digits, ".", "_", "~" or "-", e.g. @khal-os';
  if (value.length > 100) return 'must be at most 100 characters';
  return undefined;
};

export const checkRegistry: Rule<string> = (value) => {
  if (value.includes('://')) return 'must be host/path without a scheme, e.g. ghcr.io/khal-os';
  if (!REGISTRY_PATTERN.test(value))
    return 'must be an OCI registry host and optional lowercase path, e.g. ghcr.io/khal-os';
  if (value.length > 200) return 'must be at most 200 characters';
  const port = /^[^/]*:([0-9]+)/.exec(value)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    return `must have a port from 1 to 65535 after the host (it has ${port}), e.g. registry.example.com:5000/acme`;
  return undefined;
};

export const checkEnvType: Rule<string> = (value) =>
  (ENV_TYPES as readonly string[]).includes(value) ? undefined : oneOf(ENV_TYPES, value);

export const checkEnvKey: Rule<string> = (value) => {
  if (!ENV_KEY_PATTERN.test(value))
    return 'must start with an uppercase letter and hold only A-Z, 0-9 and "_", e.g. WEATHER_API_KEY';
  if (value.length > ENV_KEY_MAX_LENGTH) return `must be at most ${ENV_KEY_MAX_LENGTH} characters (it has ${value.length}): it is also a ConfigMap key`;
  if ((RESERVED_ENV_KEYS as readonly string[]).includes(value)) return `is reserved: the platform sets ${value}`;
  if (value.startsWith(RESERVED_ENV_PREFIX))
    return `is reserved: keys starting with ${RESERVED_ENV_PREFIX} are injected by the platform`;
  const runtimeReason = RUNTIME_ENV_KEYS[value];
  if (runtimeReason) return `is refused: the service's runtime reads ${value} (${runtimeReason}), so a value set at install would change how the pod runs`;
  const prefix = Object.keys(RUNTIME_ENV_PREFIXES).find((candidate) => value.startsWith(candidate));
  if (prefix)
    return `is refused: keys starting with ${prefix} are read by the service's runtime (${RUNTIME_ENV_PREFIXES[prefix]}), so a value set at install would change how the pod runs`;
  return undefined;
};

/** Whether `value` is acceptable as a value of an env entry of `type` (defaults and helm values alike). */
export function checkEnvValue(type: EnvType, value: string): string | undefined {
  const length = [...value].length;
  if (type !== 'string' && type !== 'secret' && length > ENV_VALUE_MAX_LENGTH[type])
    return `must be at most ${ENV_VALUE_MAX_LENGTH[type]} characters (it has ${length}): every value goes into one ConfigMap, which holds at most 1 MiB`;
  switch (type) {
    case 'number':
      return new RegExp(NUMBER_PATTERN).test(value) && Number.isFinite(Number(value))
        ? undefined
        : 'must be a finite number, e.g. 30 or 2.5';
    case 'boolean':
      return (BOOLEAN_VALUES as readonly string[]).includes(value) ? undefined : 'must be true or false';
    case 'url':
      return new RegExp(URL_PATTERN).test(value) && URL.canParse(value)
        ? undefined
        : 'must be an absolute URL, e.g. https://api.example.com';
    case 'string':
    case 'secret':
      return oneLineText(0, ENV_VALUE_MAX_LENGTH[type])(value);
  }
}

export function checkEnvDefault(entry: { type: EnvType; required: boolean }, value: string): string | undefined {
  if (entry.type === 'secret') return 'is not allowed: a secret never has a default (the customer supplies it)';
  if (entry.required) return 'is not allowed on a required entry (make it optional to give it a default)';
  // An empty default reads like no default everywhere it shows (values.yaml, the hand-off).
  if (value === '') return 'must not be empty: leave the default out for an entry without one';
  return checkEnvValue(entry.type, value);
}

export function titleCase(id: string): string {
  return id
    .split('-')
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

/** The pack id a target folder implies: its basename without a leading "pack-". */
export function idFromDirectory(directory: string): string {
  // Resolved first, so "." or "../here" name the folder they point at.
  const base = path.basename(path.resolve(directory));
  return base.startsWith('pack-') ? base.slice('pack-'.length) : base;
}
