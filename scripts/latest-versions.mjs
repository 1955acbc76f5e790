// The newest version of each pinned thing, from where it is published: the npm registry (through
// `npm view`, so npm's registry settings apply), the GitHub API for actions, Docker Hub for
// images, nodejs.org for Node's newest LTS. A source that cannot be reached gives "not checked"
// with the reason, never an error. With an answers file (tests, offline use) nothing is fetched.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TIMEOUT_MS = 8000;
const PARALLEL_LOOKUPS = 4;
// Images whose tags follow the versions of an npm package: the fallback when Docker Hub is out of reach.
const IMAGE_VERSIONS_ON_NPM = { 'oven/bun': 'bun' };
// A runtime setting in a workflow, checked against an npm package that carries the same versions.
const RUNTIME_VERSIONS_ON_NPM = { bun: 'bun' };

export const lookupKey = (kind, name) => `${kind}:${name}`;

/**
 * Map of lookupKey → { latest, source } or { notChecked: reason }, one lookup per distinct
 * (kind, name). `answers`: { npm: { name: version }, action: {…}, image: {…}, runtime: {…} },
 * where a value `{ "unreachable": reason }` stands for a source that could not be reached.
 */
export async function lookUpLatest(pins, { answers, answersName } = {}) {
  const wanted = [...new Map(pins.map((pin) => [lookupKey(pin.kind, pin.name), pin])).values()];
  const results = new Map();
  const queue = [...wanted];
  const worker = async () => {
    for (let pin = queue.shift(); pin; pin = queue.shift())
      results.set(lookupKey(pin.kind, pin.name), answers ? fromAnswers(answers, answersName, pin) : await lookUp(pin));
  };
  await Promise.all(Array.from({ length: PARALLEL_LOOKUPS }, worker));
  return results;
}

function fromAnswers(answers, answersName, { kind, name }) {
  const answer = answers[kind]?.[name];
  if (answer === undefined) return { notChecked: `no answer for it in ${answersName}` };
  if (typeof answer === 'object') return { notChecked: answer.unreachable };
  return { latest: answer, source: answersName };
}

async function lookUp({ kind, name, pinned }) {
  if (kind === 'npm') return npmLatest(name);
  if (kind === 'action') return actionLatest(name);
  if (kind === 'image') return imageLatest(name, pinned);
  if (name === 'node') return nodeLatestLts();
  if (RUNTIME_VERSIONS_ON_NPM[name]) return npmLatest(RUNTIME_VERSIONS_ON_NPM[name]);
  return { notChecked: `no source known for the ${name} runtime` };
}

async function npmLatest(name) {
  try {
    const { stdout } = await run('npm', ['view', name, 'dist-tags.latest'], { timeout: 60_000 });
    const latest = stdout.trim();
    return latest ? { latest, source: `npm ${name}` } : { notChecked: `the npm registry has no "latest" tag for ${name}` };
  } catch (error) {
    const reason = /E404/.test(error.stderr ?? '') ? 'not on the npm registry' : `npm view failed: ${firstLine(error.stderr) || error.message}`;
    return { notChecked: reason };
  }
}

async function actionLatest(repository) {
  const answer = await getJson(`https://api.github.com/repos/${repository}/releases/latest`);
  if (answer.error) return { notChecked: answer.error };
  return answer.json.tag_name ? { latest: answer.json.tag_name, source: 'GitHub releases' } : { notChecked: `${repository} has no GitHub release` };
}

/** The highest tag of the same flavour as the pinned one ("1-slim" → the "-slim" tags). */
async function imageLatest(image, pinnedTag) {
  const [namespace, repository] = image.includes('/') ? image.split('/', 2) : ['library', image];
  const flavour = pinnedTag.replace(/^v?\d+(\.\d+)*/, '');
  const answer = await getJson(`https://hub.docker.com/v2/namespaces/${namespace}/repositories/${repository}/tags?page_size=100&ordering=last_updated`);
  if (answer.error) {
    const npmName = IMAGE_VERSIONS_ON_NPM[image];
    if (!npmName) return { notChecked: answer.error };
    const npm = await npmLatest(npmName);
    return npm.latest ? { latest: npm.latest, source: `npm ${npmName} (its tags follow Bun's versions; ${answer.error})` } : { notChecked: answer.error };
  }
  const numbered = (answer.json.results ?? [])
    .map((tag) => tag.name)
    .filter((tag) => tag.endsWith(flavour) && /^v?\d+(\.\d+)*$/.test(tag.slice(0, tag.length - flavour.length)));
  if (numbered.length === 0) return { notChecked: `Docker Hub lists no numbered "${flavour || 'plain'}" tag of ${image}` };
  return { latest: numbered.sort(compareVersions).at(-1), source: 'Docker Hub' };
}

async function nodeLatestLts() {
  const answer = await getJson('https://nodejs.org/dist/index.json');
  if (answer.error) return { notChecked: `${answer.error}; the npm registry does not say which Node line is LTS` };
  const lts = answer.json.find((release) => release.lts);
  return lts ? { latest: lts.version, source: 'nodejs.org (newest LTS)' } : { notChecked: 'nodejs.org lists no LTS release' };
}

async function getJson(url) {
  const host = new URL(url).host;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { 'user-agent': 'create-khal-pack templates:outdated' } });
    if (!response.ok) return { error: `${host} answered ${response.status} ${response.statusText}` };
    return { json: await response.json() };
  } catch (error) {
    return { error: `${host} is out of reach (${error.cause?.code ?? error.name ?? error.message})` };
  }
}

const firstLine = (text) => (text ?? '').split('\n').find((line) => line.trim()) ?? '';

/** Numeric comparison of dotted versions, ignoring a leading "v" and any non-numeric tail. */
export function compareVersions(a, b) {
  const parts = (version) => (/\d+(\.\d+)*/.exec(version)?.[0] ?? '0').split('.').map(Number);
  const [left, right] = [parts(a), parts(b)];
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
