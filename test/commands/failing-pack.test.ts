import { describe, expect, it } from 'vitest';
import { checkFolder, editJson, folderState, khalPack, scenarioCopy } from './support.js';

// A pack that fails its check already, in a file other than the manifest: a change of its
// answers is judged only on errors of its own, and says the old ones are still there; a release
// is refused until they are fixed (a release must pass check).
async function packWithOldError(): Promise<string> {
  const folder = await scenarioCopy('full-stack-four-env');
  await editJson(folder, 'package/package.json', (pkg) => (pkg.version = '0.1.1'));
  expect((await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error')).toHaveLength(1);
  return folder;
}

describe('a change of the answers on a pack that fails its check already', () => {
  it.each([
    ['set', ['set', '--port', '9000', '--yes']],
    ['env add', ['env', 'add', 'NEW_KEY', '--type', 'string', '--description', 'New', '--optional', '--yes']],
    ['env rename', ['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL', '--yes']],
    ['env set', ['env', 'set', 'POLL_SECONDS', '--description', 'Seconds between polls', '--yes']],
    ['env remove', ['env', 'remove', 'POLL_SECONDS', '--yes']],
  ])('%s is made, and says the error the pack had before is still there', async (_name, args) => {
    const folder = await packWithOldError();
    const dryRun = await khalPack([...args.slice(0, -1), '--dry-run', '--json'], folder);
    expect(JSON.parse(dryRun.stdout).errorsBefore, dryRun.stderr).toBe(1);
    const run = await khalPack(args, folder);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('The pack still fails khal-pack check with the 1 error it had before this change (khal-pack check lists them).');
    const errors = (await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error');
    expect(errors.map((finding) => finding.file)).toEqual(['package/package.json']);
  });

  it('a change that mends the errors it found says they are gone, not that they are still there', async () => {
    const folder = await scenarioCopy('full-stack-four-env');
    await editJson(folder, 'khal-app.json', (manifest) => {
      (manifest.env as unknown[]).push({ key: 'LOG_LEVEL', description: 'Log level', required: false, type: 'string' });
    });
    const before = (await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error').length;
    expect(before).toBeGreaterThan(0);
    const args = ['env', 'add', 'NEW_KEY', '--type', 'string', '--description', 'New', '--optional'];
    const dryRun = JSON.parse((await khalPack([...args, '--dry-run', '--json'], folder)).stdout) as { errorsBefore: number; errorsLeft: number };
    expect(dryRun).toMatchObject({ errorsBefore: before, errorsLeft: 0 });
    const run = await khalPack([...args, '--yes'], folder);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain(`The ${before} ${before === 1 ? 'error' : 'errors'} khal-pack check found in the pack before this change are gone after it.`);
    expect(run.stdout).not.toContain('still fails');
    expect((await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('release is refused until the error is fixed, and changes nothing', async () => {
    const folder = await packWithOldError();
    const before = await folderState(folder);
    const run = await khalPack(['release', 'patch'], folder);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('The pack has problems already');
    expect(await folderState(folder)).toEqual(before);
  });
});
