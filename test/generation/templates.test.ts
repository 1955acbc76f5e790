import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER } from '../../src/checks/verify-pack.js';
import { filesUnder } from '../../src/util/files.js';
import { outputPathOf, refusedTemplateName } from '../../src/plan/templates.js';
import { REPO_ROOT } from '../support/generate.js';

// A run of the CLI checks only the files its answers reach (create.ts, renderedPackFiles in template-render.ts);
// the verbatim copies are checked here, once, at their source.
const TEMPLATES = path.join(REPO_ROOT, 'templates');

describe('the template sources', () => {
  it.each(filesUnder(TEMPLATES))('%s holds no placeholder', (file) => {
    expect(readFileSync(path.join(TEMPLATES, file), 'utf8')).not.toMatch(PLACEHOLDER);
  });
});

describe('template names npm would leave out of the published kit', () => {
  it('a template named .gitignore, .npmrc or .npmignore is refused, saying what to name it; the "_" name makes the dotfile', () => {
    expect(refusedTemplateName('common/.npmrc')).toBe(
      'templates/common/.npmrc: npm leaves .npmrc out of the published kit, so an installed kit would not make it: name it templates/common/_npmrc (it becomes .npmrc in the pack)',
    );
    expect(refusedTemplateName('full-stack/service/.gitignore.hbs')).toContain('name it templates/full-stack/service/_gitignore.hbs (it becomes .gitignore in the pack)');
    expect(refusedTemplateName('common/.npmignore')).toContain('npm leaves .npmignore out');
    expect(refusedTemplateName('common/.editorconfig')).toBeUndefined();
    expect(refusedTemplateName('common/_npmrc')).toBeUndefined();
    expect(['_gitignore', 'helm/_npmrc', '_npmignore.hbs'].map(outputPathOf)).toEqual(['.gitignore', 'helm/.npmrc', '.npmignore']);
  });
});
