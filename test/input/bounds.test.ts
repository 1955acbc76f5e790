import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAnswersFile } from '../../src/answers/answers-file.js';
import {
  ENV_KEY_MAX_LENGTH,
  ENV_VALUE_MAX_LENGTH,
  MAX_ENV_ENTRIES,
  RUNTIME_ENV_KEYS,
  RUNTIME_ENV_PREFIXES,
  checkAuthor,
  checkDescription,
  checkDisplayName,
  checkEnvDescription,
  checkEnvKey,
  checkEnvValue,
  checkRegistry,
  checkVersion,
} from '../../src/answers/rules.js';
import { answerFields } from '../../src/answers/schema.js';
import { quoted } from '../../src/util/quoted.js';
import { firstInvalidUtf8 } from '../../src/util/utf8.js';
import { tempFolder } from '../support/generate.js';
import { runCli } from './support.js';

const TEXT_RULES = { displayName: checkDisplayName, description: checkDescription, author: checkAuthor, 'env description': checkEnvDescription, 'string default': (value: string) => checkEnvValue('string', value) };

describe('texts no downstream tool accepts are refused, with the position', () => {
  it.each(Object.entries(TEXT_RULES))('%s', (_name, rule) => {
    expect(rule('ab\uD800c')).toBe('must not contain a lone surrogate (U+D800 at character 3): it is not valid Unicode');
    expect(rule('\uDFFFab')).toBe('must not contain a lone surrogate (U+DFFF at character 1): it is not valid Unicode');
    expect(rule('Weather\uFFFE')).toBe('must not contain the Unicode noncharacter U+FFFE (at character 8): helm and YAML refuse it');
    expect(rule('a\uFDD0')).toMatch(/noncharacter U\+FDD0 \(at character 2\)/);
    expect(rule('🌦️ a\u{10FFFF}')).toMatch(/noncharacter U\+10FFFF \(at character 5\)/);
    // A surrogate pair is one character, not two lone halves.
    expect(rule('Weather 🌦️ 👩🏽‍💻')).toBeUndefined();
  });
});

describe('a value in a message shows every character a terminal would not show as its escape', () => {
  it('a noncharacter, a zero-width space, a byte order mark and a line separator; emoji with joiners stay as typed', async () => {
    const run = await runCli(['--yes', '--dry-run', '--name', 'weather', '--description', 'Rain\uFFFEsun'], { cwd: await tempFolder() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--description "Rain\\ufffesun": must not contain the Unicode noncharacter U+FFFE (at character 5)');
    expect(run.stderr).not.toContain('\uFFFE');
    expect(quoted('a\u2028b\u200Bc\u{10FFFF}')).toBe('"a\\u2028b\\u200bc\\udbff\\udfff"');
    expect(quoted('👩🏽‍💻 été 日本')).toBe('"👩🏽‍💻 été 日本"');
    expect(quoted({ key: 'x\uFEFF' })).toBe('{"key":"x\\ufeff"}');
  });
});

describe('an answers file that is not UTF-8 names the answer and the position', () => {
  it('a Latin-1 byte in a value', async () => {
    const file = path.join(await tempFolder(), 'answers.json');
    await writeFile(file, Buffer.concat([Buffer.from('{\n  "name": "weather",\n  "author": "Jos'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]));
    const { problems, readable } = await loadAnswersFile(file);
    expect(readable).toBe(false);
    expect(problems).toEqual([
      { answer: `${file}: author`, reason: 'is not valid UTF-8: byte 0xE9 at line 3, column 17 (byte 40) does not start or continue a character; save the file as UTF-8' },
    ]);
  });

  it('a bad byte in a key or outside a string names the file', async () => {
    const file = path.join(await tempFolder(), 'answers.json');
    await writeFile(file, Buffer.concat([Buffer.from('{"na'), Buffer.from([0xff]), Buffer.from('me": "x"}')]));
    expect((await loadAnswersFile(file)).problems[0]!.answer).toBe(file);
    await writeFile(file, Buffer.concat([Buffer.from('{"name": "x"}'), Buffer.from([0xc3])]));
    expect((await loadAnswersFile(file)).problems[0]!.answer).toBe(file);
  });

  it.each([
    ['valid text', [0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x8c, 0xa6], undefined],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong "/"', [0xc0, 0xaf], 0],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 0],
    ['a surrogate', [0xed, 0xa0, 0x80], 0],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated character', [0x61, 0xe2, 0x82], 1],
    ['0xFF', [0xff], 0],
  ])('firstInvalidUtf8: %s', (_name, bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });
});

describe('every answer has the bounds its downstream use needs', () => {
  it('a version fits the app.kubernetes.io/version label and helm\'s numbers', () => {
    expect(checkVersion(`1.0.0-${'a'.repeat(57)}`)).toBeUndefined(); // 63 characters
    expect(checkVersion(`1.0.0-${'a'.repeat(58)}`)).toBe('must be at most 63 characters (it has 64): it becomes the app.kubernetes.io/version label');
    expect(checkVersion('1.0.0-rc-')).toBe('must end with a letter or digit: it becomes the app.kubernetes.io/version label');
    expect(checkVersion('18446744073709551615.0.0')).toBeUndefined();
    expect(checkVersion('0.18446744073709551616.0')).toMatch(/^must have major, minor and patch numbers helm can read/);
  });

  it('a registry port is 1 to 65535', () => {
    expect(checkRegistry('registry.example.com:5000/acme')).toBeUndefined();
    expect(checkRegistry('registry.example.com:65535')).toBeUndefined();
    expect(checkRegistry('registry.example.com:99999/acme')).toMatch(/^must have a port from 1 to 65535 after the host \(it has 99999\)/);
    expect(checkRegistry('registry.example.com:0/acme')).toMatch(/it has 0/);
  });

  it('env defaults and the number of entries keep the ConfigMap under 1 MiB', () => {
    expect(checkEnvValue('url', `https://x.example/${'a'.repeat(ENV_VALUE_MAX_LENGTH.url - 18)}`)).toBeUndefined();
    expect(checkEnvValue('url', `https://x.example/${'a'.repeat(ENV_VALUE_MAX_LENGTH.url)}`)).toMatch(/^must be at most 2048 characters .*1 MiB/);
    expect(checkEnvValue('number', '1'.repeat(65))).toMatch(/^must be at most 64 characters/);
    expect(checkEnvValue('string', 'x'.repeat(501))).toMatch(/^must be at most 500 characters/);
    expect(checkEnvKey(`K${'_'.repeat(ENV_KEY_MAX_LENGTH)}`)).toMatch(/^must be at most 253 characters/);
    const entry = (index: number) => ({ key: `K${index}`, description: 'd', type: 'string', required: true });
    expect(answerFields.env.safeParse(Array.from({ length: MAX_ENV_ENTRIES }, (_, index) => entry(index))).success).toBe(true);
    const tooMany = answerFields.env.safeParse(Array.from({ length: MAX_ENV_ENTRIES + 1 }, (_, index) => entry(index)));
    expect(tooMany.error?.issues[0]?.message).toBe('must hold at most 1000 entries');
    // Entries each fine on their own, together over what one ConfigMap holds: judged by their bytes.
    const long = (index: number) => ({ key: `K${index}`, description: 'd', type: 'url', required: false, default: `https://x.example/${'é'.repeat(1000)}` });
    const tooBig = answerFields.env.safeParse(Array.from({ length: 500 }, (_, index) => long(index)));
    expect(tooBig.error?.issues[0]?.message).toMatch(/^hold \d+ bytes of keys and defaults, which go into one ConfigMap: at most 921600 fit/);
    expect(answerFields.env.safeParse(Array.from({ length: 400 }, (_, index) => long(index))).success).toBe(true);
  });
});

describe('env keys the service\'s runtime reads are refused, with the reason', () => {
  it.each(['PATH', 'HOME', 'SHELL', 'IFS', 'BASH_ENV', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'NODE_OPTIONS', 'NODE_PATH', 'NODE_EXTRA_CA_CERTS', 'BUN_CONFIG_REGISTRY', 'UV_THREADPOOL_SIZE', 'OPENSSL_CONF', 'GLIBC_TUNABLES', 'DYLD_INSERT_LIBRARIES'])('%s', (key) => {
    expect(checkEnvKey(key)).toMatch(/^is refused: .*runtime.*, so a value set at install would change how the pod runs$/);
  });
  it('every listed key and prefix says why', () => {
    for (const reason of [...Object.values(RUNTIME_ENV_KEYS), ...Object.values(RUNTIME_ENV_PREFIXES)]) expect(reason.length).toBeGreaterThan(10);
  });
  it.each(['HOME_URL', 'PATHFINDER_URL', 'OLD_VALUE', 'NODES', 'WEATHER_API_KEY', 'SHELLY'])('%s is an ordinary key', (key) => {
    expect(checkEnvKey(key)).toBeUndefined();
  });
});

describe('an answers file that is not a file', () => {
  it('a FIFO (or a device) is refused without reading it, so nothing hangs', async () => {
    const folder = await tempFolder();
    const fifo = path.join(folder, 'answers.json');
    execFileSync('mkfifo', [fifo]);
    for (const file of [fifo, '/dev/zero']) {
      const loaded = await loadAnswersFile(file);
      expect(loaded.readable).toBe(false);
      expect(loaded.problems[0]!.reason).toMatch(/^is a (FIFO \(named pipe\)|character device), not a file: save the answers to a JSON file/);
    }
  });
});
