import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER } from '../../src/checks/verify-pack.js';
import { filesUnder } from '../../src/util/files.js';
import { REPO_ROOT } from '../support/generate.js';

// A run of the CLI checks only the files its answers reach (create.ts, renderedPackFiles in template-render.ts);
// the verbatim copies are checked here, once, at their source.
const TEMPLATES = path.join(REPO_ROOT, 'templates');

describe('the template sources', () => {
  it.each(filesUnder(TEMPLATES))('%s holds no placeholder', (file) => {
    expect(readFileSync(path.join(TEMPLATES, file), 'utf8')).not.toMatch(PLACEHOLDER);
  });
});
