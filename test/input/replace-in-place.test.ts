import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { PackWrite } from '../../src/write/pack-write.js';
import { tempFolder } from '../support/generate.js';

// Another process reading the pack while a change is written (a second khal-pack run that
// waits for the lock, an editor) finds each file old or new, never missing: a replaced file is
// kept aside by a hard link, and the new one renamed over it.
const READER = `
const fs = require('node:fs');
const [file, stop] = process.argv.slice(1);
let reads = 0, missing = 0;
process.stdout.write('reading\\n');
while (!fs.existsSync(stop)) { reads++; if (!fs.existsSync(file)) missing++; }
console.log(JSON.stringify({ reads, missing }));
`;

it('a file a change replaces is never missing for a reader, however many changes are written', async () => {
  const folder = await tempFolder();
  const file = path.join(folder, 'khal-app.json');
  const stop = path.join(folder, 'stop');
  writeFileSync(file, '{"version": 0}\n');
  const reader = execa('node', ['-e', READER, file, stop]);
  await new Promise<void>((resolve) => reader.stdout!.once('data', () => resolve()));
  const changes = 300;
  for (let version = 1; version <= changes; version++) {
    const write = PackWrite.begin({ folder, exists: true, entries: [] });
    try {
      write.plan(['khal-app.json']);
      write.stage([{ path: 'khal-app.json', content: `{"version": ${version}}\n`, mode: 0o644, rendered: true }]);
      await write.commit(['khal-app.json'], { signal: new AbortController().signal });
    } finally {
      write.discardSync();
    }
  }
  writeFileSync(stop, '');
  const { reads, missing } = JSON.parse((await reader).stdout.split('\n').at(-1)!) as { reads: number; missing: number };
  expect(readFileSync(file, 'utf8')).toBe(`{"version": ${changes}}\n`);
  expect(reads).toBeGreaterThan(changes);
  expect(missing, `${missing} of ${reads} reads found no khal-app.json`).toBe(0);
});
