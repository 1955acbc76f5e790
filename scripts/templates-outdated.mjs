#!/usr/bin/env node
// For template maintainers: every version the templates pin, against the newest one published.
// Exit 1 when a pin is a major behind and templates/held-back.json does not say why it is held
// back; 0 otherwise (a source out of reach is "not checked", not a failure); 2 on bad usage.
//
// Usage: npm run templates:outdated [-- --json] [-- --templates DIR] [-- --held-back FILE] [-- --answers FILE]
//   --answers FILE: take the newest versions from FILE instead of the network
//   ({ "npm": { "vitest": "5.1.2" }, "action": {…}, "image": {…}, "runtime": {…} }; see test/fixtures/registry/).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compareVersions, lookUpLatest, lookupKey } from './latest-versions.mjs';
import { collectPins } from './template-pins.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function usageError(message) {
  console.error(`templates:outdated: ${message}`);
  process.exit(2);
}

function readJsonFile(file, what) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    usageError(`cannot read ${what} ${file}: ${error.message}`);
  }
}

/** package (or action, image, runtime) name → why its pin stays behind; the file may be absent. */
function readHeldBack(file) {
  if (!existsSync(file)) return {};
  const heldBack = readJsonFile(file, 'the held-back list');
  const valid = heldBack && typeof heldBack === 'object' && !Array.isArray(heldBack) && Object.values(heldBack).every((reason) => typeof reason === 'string' && reason.trim());
  if (!valid) usageError(`${file} must be a JSON object of name → reason (a non-empty string), e.g. { "tsup": "its declaration step does not support TypeScript 7" }`);
  return heldBack;
}

/** The major a version or tag belongs to, semver-style: "0.4" for 0.4.x, else the first number. */
function majorOf(version) {
  const match = /(\d+)(?:\.(\d+))?/.exec(version);
  if (!match) return undefined;
  return match[1] === '0' ? `0.${match[2] ?? 0}` : match[1];
}

/** The highest major a pinned range allows; 'any' for open ranges; undefined when it is no version range. */
function pinnedMajor(range) {
  if (/^(\*|x|latest)$/i.test(range.trim()) || (/>/.test(range) && !/</.test(range))) return 'any';
  if (/^[a-z+]+:/i.test(range)) return undefined; // workspace:, file:, npm:, git+https: …
  const majors = [...range.matchAll(/\d+(?:\.\d+)?/g)].map((match) => majorOf(match[0]));
  return majors.length ? majors.sort(compareVersions).at(-1) : undefined;
}

function judge(pin, lookup, heldBack) {
  const reason = heldBack[pin.name] ?? heldBack[lookupKey(pin.kind, pin.name)];
  const base = { ...pin, latest: lookup.latest ?? null, source: lookup.source ?? null };
  const allowed = pinnedMajor(pin.pinned);
  if (allowed === undefined) return { ...base, status: 'not checked', detail: `"${pin.pinned}" is not a version range` };
  if (lookup.notChecked) return { ...base, status: 'not checked', detail: lookup.notChecked };
  const behind = allowed !== 'any' && compareVersions(majorOf(lookup.latest) ?? '0', allowed) > 0;
  if (reason && behind) return { ...base, status: 'held back', detail: reason };
  if (reason) return { ...base, status: 'current', detail: `at the newest major, yet held-back.json still names it ("${reason}"): drop that entry` };
  return { ...base, status: behind ? 'major behind' : 'current', detail: '' };
}

/** One aligned row per pin; a status's reason goes on the line below it. */
function printTable(entries) {
  const header = ['kind', 'name', 'pinned', 'latest', 'status', 'pinned in'];
  const rows = entries.map((entry) => [entry.kind, entry.name, entry.pinned, entry.latest ?? '–', entry.status, entry.files.join(', ')]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (row) => row.map((cell, column) => (column < row.length - 1 ? cell.padEnd(widths[column]) : cell)).join('  ');
  console.log(format(header));
  entries.forEach((entry, index) => {
    console.log(format(rows[index]));
    if (entry.detail) console.log(`${' '.repeat(widths[0] + 2)}↳ ${entry.detail}`);
  });
}

const { values: options } = (() => {
  try {
    return parseArgs({
      options: { json: { type: 'boolean' }, templates: { type: 'string' }, 'held-back': { type: 'string' }, answers: { type: 'string' } },
    });
  } catch (error) {
    usageError(error.message);
  }
})();
const templatesFolder = path.resolve(options.templates ?? path.join(root, 'templates'));
if (!existsSync(templatesFolder)) usageError(`no templates folder at ${templatesFolder}`);
const heldBack = readHeldBack(path.resolve(options['held-back'] ?? path.join(templatesFolder, 'held-back.json')));
const answers = options.answers && readJsonFile(path.resolve(options.answers), 'the answers file');

const pins = collectPins(templatesFolder);
const lookups = await lookUpLatest(pins, { answers, answersName: options.answers && path.basename(options.answers) });
const entries = pins.map((pin) => judge(pin, lookups.get(lookupKey(pin.kind, pin.name)), heldBack));
const count = (status) => entries.filter((entry) => entry.status === status).length;
const summary = { pins: entries.length, current: count('current'), majorBehind: count('major behind'), heldBack: count('held back'), notChecked: count('not checked') };

if (options.json) console.log(JSON.stringify({ summary, entries }, null, 2));
else {
  printTable(entries);
  console.log(`\n${summary.pins} pins: ${summary.current} current, ${summary.majorBehind} a major behind, ${summary.heldBack} held back, ${summary.notChecked} not checked`);
  for (const source of new Set(entries.map((entry) => entry.source).filter((source) => source?.includes('(')))) console.log(`note: latest from ${source}`);
}
process.exitCode = summary.majorBehind > 0 ? 1 : 0;
