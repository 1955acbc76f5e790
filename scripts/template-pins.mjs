// Every version that the templates pin, read from their text (they are handlebars, so not
// parsed as JSON or YAML; the lines that pin a version are literal):
// - npm: the dependency blocks of package.json templates;
// - action: `uses: owner/repo@ref` in GitHub workflows;
// - runtime: `node-version:` and `bun-version:` in GitHub workflows;
// - image: `FROM image:tag` in Dockerfiles (build stages named by `AS` are not images).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const DEPENDENCY_BLOCKS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** `{ kind, name, pinned, files }` for each distinct pin under `templatesFolder`, in a stable order. */
export function collectPins(templatesFolder) {
  const pins = new Map();
  const add = (kind, name, pinned, file) => {
    const key = `${kind}\0${name}\0${pinned}`;
    if (!pins.has(key)) pins.set(key, { kind, name, pinned, files: [] });
    const { files } = pins.get(key);
    if (!files.includes(file)) files.push(file);
  };
  for (const file of templateFiles(templatesFolder)) {
    const text = readFileSync(path.join(templatesFolder, file), 'utf8');
    const base = path.basename(file).replace(/\.hbs$/, '');
    if (base === 'package.json') for (const [name, range] of packageJsonPins(text)) add('npm', name, range, file);
    if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(file.replace(/\.hbs$/, ''))) {
      for (const [name, ref] of workflowActionPins(text)) add('action', name, ref, file);
      for (const [name, version] of workflowRuntimePins(text)) add('runtime', name, version, file);
    }
    if (/^Dockerfile(\..+)?$/.test(base)) for (const [image, tag] of dockerfileImagePins(text)) add('image', image, tag, file);
  }
  const order = { npm: 0, runtime: 1, action: 2, image: 3 };
  return [...pins.values()].sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name) || a.pinned.localeCompare(b.pinned));
}

/** Paths relative to the folder, "/"-separated, hidden folders (.github) included. */
function templateFiles(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** [name, range] of each literal `"name": "range"` line inside a dependency block. */
export function packageJsonPins(text) {
  const pins = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    const opening = /^\s*"([A-Za-z]+)"\s*:\s*\{\s*$/.exec(line);
    if (opening) {
      inBlock = DEPENDENCY_BLOCKS.includes(opening[1]);
      continue;
    }
    if (!inBlock) continue;
    if (/^\s*\}/.test(line)) {
      inBlock = false;
      continue;
    }
    const entry = /^\s*"((?:@[^"/]+\/)?[^"@]+)"\s*:\s*"([^"{}]+)"/.exec(line);
    if (entry) pins.push([entry[1], entry[2]]);
  }
  return pins;
}

/** [owner/repo, ref] of each `uses:` step; local actions (./) and docker:// ones pin nothing here. */
export function workflowActionPins(text) {
  const pins = [];
  for (const match of text.matchAll(/^\s*(?:-\s*)?uses:\s*["']?([^\s"'#]+)["']?/gm)) {
    const at = match[1].lastIndexOf('@');
    if (match[1].startsWith('./') || match[1].startsWith('docker://') || at < 0) continue;
    const [owner, repo] = match[1].slice(0, at).split('/');
    pins.push([`${owner}/${repo}`, match[1].slice(at + 1)]);
  }
  return pins;
}

/** ['node' | 'bun', version] of each literal `node-version:` / `bun-version:` setting. */
export function workflowRuntimePins(text) {
  const pins = [];
  for (const match of text.matchAll(/^\s*(node|bun)-version:\s*["']?([^\s"'#{}]+)["']?/gm)) pins.push([match[1], match[2]]);
  return pins;
}

/** [image, tag] of each `FROM` line that names an image (not `scratch`, not an earlier stage). */
export function dockerfileImagePins(text) {
  const pins = [];
  const stages = new Set();
  for (const match of text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/gim)) {
    const reference = match[1];
    const isImage = reference !== 'scratch' && !stages.has(reference.toLowerCase()) && !reference.includes('{{');
    if (match[2]) stages.add(match[2].toLowerCase());
    if (!isImage) continue;
    const withoutDigest = reference.split('@')[0];
    const colon = withoutDigest.lastIndexOf(':');
    const hasTag = colon > withoutDigest.lastIndexOf('/');
    pins.push([hasTag ? withoutDigest.slice(0, colon) : withoutDigest, hasTag ? withoutDigest.slice(colon + 1) : 'latest']);
  }
  return pins;
}
