import fc from 'fast-check';
import {
  ENV_TYPES,
  KINDS,
  PERMISSIONS,
  checkEnvKey,
  checkEnvDefault,
  checkPackId,
  checkRegistry,
  checkScope,
  oneLineText,
} from '../../src/answers/rules.js';
import type { EnvEntry, PackAnswers } from '../../src/answers/schema.js';
import { TRICKY_TEXTS } from './support.js';

// Generators of valid answer sets for the property tests. Free text mixes the known trouble
// makers with random Unicode (graphemes, so emoji and combining marks stay whole).

// eslint-disable-next-line no-control-regex
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function oneLine(max: number, min = 1): fc.Arbitrary<string> {
  const rule = oneLineText(min, max);
  const piece = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...TRICKY_TEXTS) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.constantFrom('{{', '}}', '${{', '&', '<', '>', '"', "'", '\\', '#', ': ', '- ', '* ', '|', '`', '```', '<name>', '%', '--') },
  );
  return fc
    .array(piece, { minLength: 1, maxLength: 4 })
    .map((pieces) => [...pieces.join('').replace(NOT_ONE_LINE, '').trim()].slice(0, max).join('').trim())
    .filter((text) => rule(text) === undefined);
}

const packId = fc.stringMatching(/^[a-z][a-z0-9]{0,9}(-[a-z0-9]{1,8}){0,3}$/).filter((id) => checkPackId(id) === undefined);
const envKey = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/).filter((key) => checkEnvKey(key) === undefined);
// No build metadata ("+..."): the version is also the image tag (rules.ts checkVersion).
const semver = fc
  .tuple(fc.nat(99), fc.nat(99), fc.nat(99), fc.option(fc.constantFrom('alpha', 'beta.1', 'rc.2', '0.3.x-y'), { nil: undefined }))
  .map(([major, minor, patch, pre]) => `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}`);
const scope = fc.stringMatching(/^@[a-z0-9][a-z0-9._~-]{0,15}$/).filter((value) => checkScope(value) === undefined);
const registry = fc
  .tuple(
    fc.constantFrom('ghcr.io', 'registry.example.com:5000', 'localhost:5000', 'quay.io', 'r.io'),
    fc.array(fc.stringMatching(/^[a-z0-9]+([._-][a-z0-9]+)?$/), { maxLength: 3 }),
  )
  .map(([host, parts]) => [host, ...parts].join('/'))
  .filter((value) => checkRegistry(value) === undefined);

const numberText = fc.oneof(
  fc.constantFrom('0123', '1e3', '.5', '-0', '30', '2.5', '-7E-2', '1.'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer().map(String),
);
const urlText = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom('https://api.example.com', 'nats://nats.khal-system.svc:4222', 'http://localhost:8080/a?b=c&d=e#f'));

function envEntry(key: string): fc.Arbitrary<EnvEntry> {
  return fc
    .record({ type: fc.constantFrom(...ENV_TYPES), required: fc.boolean(), description: oneLine(200), withDefault: fc.boolean() })
    .chain(({ type, required, description, withDefault }) => {
      const base = { key, description, type, required };
      if (type === 'secret' || required || !withDefault) return fc.constant(base);
      const value =
        type === 'number' ? numberText : type === 'boolean' ? fc.constantFrom('true', 'false') : type === 'url' ? urlText : oneLine(500);
      return value.filter((text) => checkEnvDefault(base, text) === undefined).map((text) => ({ ...base, default: text }));
    });
}

const envEntries: fc.Arbitrary<EnvEntry[]> = fc
  .uniqueArray(envKey, { maxLength: 5 })
  .chain((keys) => (keys.length === 0 ? fc.constant([]) : fc.tuple(...keys.map(envEntry)).map((entries) => [...entries])));

/** A complete, valid set of answers. */
export const validAnswers: fc.Arbitrary<PackAnswers> = fc
  .record({
    name: packId,
    displayName: oneLine(80),
    description: oneLine(200),
    author: oneLine(100),
    kind: fc.constantFrom(...KINDS),
    permissions: fc.shuffledSubarray([...PERMISSIONS]),
    env: envEntries,
    version: semver,
    port: fc.integer({ min: 1024, max: 65535 }),
    scope,
    registry,
  })
  .map((answers) => ({ ...answers, env: answers.kind === 'full-stack' ? answers.env : [] }));
