import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFolder, editText, khalPack, scenarioCopy } from './support.js';

// The generated service answers pings on NATS: a full-stack pack whose permissions drop
// nats:subscribe or nats:publish while its service still uses them is warned of, by check and by
// the change that drops them.

const packs = new Map<string, string>();
const permissionWarnings = async (folder: string) =>
  (await checkFolder(folder)).findings.filter((finding) => finding.code === 'permission-missing').map((finding) => finding.problem.split(',')[0]);

describe('the permissions the service uses', () => {
  it('set --permission that drops the NATS ones: the change is made, and its report gives the warnings check then gives', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    expect(await permissionWarnings(folder)).toEqual([]);
    const run = await khalPack(['set', '--permission', 'http:fetch', '--dir', folder, '--yes']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('khal-pack check warns of this after the change:\n  warning khal-app.json permissions: has no nats:subscribe, and service/src/index.ts subscribes to a NATS subject');
    expect(await permissionWarnings(folder)).toEqual(['has no nats:subscribe']);
    const back = await khalPack(['set', '--permission', 'nats:subscribe', '--permission', 'http:fetch', '--dir', folder, '--yes', '--json']);
    expect(JSON.parse(back.stdout).warnings).toEqual([]);
    expect(await permissionWarnings(folder)).toEqual([]);
    // Code of the user's that publishes needs nats:publish.
    await editText(folder, 'service/src/index.ts', (text) => `${text}\nexport const announce = (nats: { publish(subject: string): void }) => nats.publish('fleet.ready');\n`);
    expect(await permissionWarnings(folder)).toEqual(['has no nats:publish']);
    // An HTTP request, or a publish in a comment, is none.
    await editText(folder, 'service/src/index.ts', (text) => text.replace("nats.publish('fleet.ready')", "fetch('x') // nats.publish('fleet.ready')") + "\nexport const ask = (http: { request(url: string): void }) => http.request('https://x');\n");
    expect(await permissionWarnings(folder)).toEqual([]);
  });

  it('a service that no longer uses NATS needs neither', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    await writeFile(path.join(folder, 'service/src/index.ts'), "console.log('no NATS here');\n");
    expect((await khalPack(['set', '--permission', 'none', '--dir', folder, '--yes'])).exitCode).toBe(0);
    expect(await permissionWarnings(folder)).toEqual([]);
  });
});
