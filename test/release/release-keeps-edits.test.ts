import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editText, folderState } from '../commands/support.js';
import { commitAll, release, releasedPack } from './support.js';

// khal-pack release sets the version where the kit wrote it, and nothing of the user's goes:
// their lines in the README's hand-off section, and the CRLF line ends of the files they keep so.

const readText = (folder: string, file: string) => readFile(path.join(folder, file), 'utf8');

describe('khal-pack release keeps what the user wrote', () => {
  it("the user's lines in the README's hand-off section stay; the version lines take the new version", async () => {
    const { folder } = await releasedPack();
    await editText(folder, 'README.md', (text) =>
      text
        .replace(/^- Version: `v0\.1\.0`.*$/m, '$&\n- Support: mail support@acme.example first.')
        .replace(/^\| `POLL_SECONDS` \|.*$/m, '$&\n\nAsk the provider team before going under 10 seconds.'),
    );
    await commitAll(folder, 'Notes in the hand-off');
    const run = await release(folder, 'patch');
    expect(run.exitCode, run.stderr).toBe(0);
    const readme = await readText(folder, 'README.md');
    expect(readme).toContain('- Version: `v0.1.1` (chart version `0.1.1`)\n- Support: mail support@acme.example first.\n');
    expect(readme).toContain('\n\nAsk the provider team before going under 10 seconds.\n');
    expect(readme).toContain('| Version | `0.1.1` |');
    expect(readme).not.toContain('0.1.0');
  });

  it('a line of the hand-off that holds the version, edited by the user: refused, saying which and what to do, nothing changed', async () => {
    const { folder } = await releasedPack();
    await editText(folder, 'README.md', (text) => text.replace(/^- Version: `v0\.1\.0`.*$/m, '- Version: `v0.1.0` (the chart is on our mirror too)'));
    await commitAll(folder, 'Edited the version line');
    const before = await folderState(folder);
    const run = await release(folder, 'patch');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('README.md: you edited lines of its hand-off section');
    expect(run.stderr).toContain('make those lines as khal-pack handoff prints them, or move your words out of the section');
    expect(await folderState(folder)).toEqual(before);
  });

  it('files kept with CRLF line ends keep them: only the version lines differ', async () => {
    const { folder } = await releasedPack();
    const files = ['khal-app.json', 'package.json', 'package/package.json', 'service/package.json', 'helm/Chart.yaml', '.khal-pack.json', 'README.md'];
    for (const file of files) await editText(folder, file, (text) => text.replaceAll('\n', '\r\n'));
    await commitAll(folder, 'CRLF');
    const before = Object.fromEntries(await Promise.all(files.map(async (file) => [file, await readText(folder, file)])));
    const run = await release(folder, 'patch');
    expect(run.exitCode, run.stderr).toBe(0);
    for (const file of files) {
      const text = await readText(folder, file);
      expect(text.replaceAll('\r\n', ''), file).not.toContain('\n');
      const changed = text.split('\r\n').filter((line, index) => line !== before[file]!.split('\r\n')[index]);
      expect(changed.length, file).toBeGreaterThan(0);
      for (const line of changed) expect(line, file).toMatch(/0\.1\.1/);
    }
  });
});

describe('khal-pack release and the README summary row', () => {
  it('a row left at an older version takes the new one (it is not merged)', async () => {
    const { folder } = await releasedPack();
    await editText(folder, 'README.md', (text) => text.replace('| Version | `0.1.0` |', '| Version | `0.0.9` |'));
    await commitAll(folder, 'Stale row');
    const run = await release(folder, 'patch');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readText(folder, 'README.md')).toContain('| Version | `0.1.1` |');
  });
});
