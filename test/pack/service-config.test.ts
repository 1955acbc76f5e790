import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PackAnswers } from '../../src/answers/schema.js';
import { generatePack, scenarioAnswers } from '../support/generate.js';

// The generated service/src/config.ts, loaded as it is (it needs nothing Bun-specific).
interface ConfigModule {
  ENV_SPECS: { key: string; type: string; required: boolean; default?: string }[];
  loadConfig(env: Record<string, string | undefined>): { port: number; settings: Record<string, unknown> };
  describeSettings(settings: Record<string, unknown>): Record<string, unknown>;
  ConfigError: new (message: string) => Error;
}

const SECRET = 'pa55-w0rd-that-must-not-leak';

/** A full-stack pack with one env entry of every type, required and optional, with and without defaults. */
const everyType: PackAnswers = {
  ...(await scenarioAnswers('full-stack-four-env')),
  env: [
    { key: 'API_TOKEN', description: 'Token', type: 'secret', required: true },
    { key: 'PROVIDER_URL', description: 'Provider', type: 'url', required: true },
    { key: 'POLL_SECONDS', description: 'Poll', type: 'number', required: true },
    { key: 'BETA_UI', description: 'Beta', type: 'boolean', required: false, default: 'false' },
    { key: 'GREETING', description: 'Greeting', type: 'string', required: false },
    { key: 'RETRIES', description: 'Retries', type: 'number', required: false, default: '3' },
  ],
};

async function loadGeneratedConfig(answers: PackAnswers): Promise<{ config: ConfigModule; source: string }> {
  const { folder } = await generatePack(answers);
  const file = path.join(folder, 'service/src/config.ts');
  return { config: (await import(pathToFileURL(file).href)) as ConfigModule, source: await readFile(file, 'utf8') };
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to throw');
}

describe('generated service/src/config.ts', async () => {
  const { config, source } = await loadGeneratedConfig(everyType);
  const complete = { API_TOKEN: SECRET, PROVIDER_URL: 'https://provider.example/v1', POLL_SECONDS: '15', BETA_UI: 'true', GREETING: 'Hi, "you"' };

  it('declares every env entry, in order, with its type and requiredness', () => {
    expect(config.ENV_SPECS).toEqual(everyType.env.map(({ key, type, required, default: value }) => ({ key, type, required, ...(value === undefined ? {} : { default: value }) })));
    expect(source).toMatch(/API_TOKEN: string;/);
    expect(source).toMatch(/POLL_SECONDS: number;/);
    expect(source).toMatch(/BETA_UI: boolean;/);
    expect(source).toMatch(/GREETING\?: string;/);
  });

  it('reads every entry and converts it to its type, defaults included', () => {
    expect(config.loadConfig(complete).settings).toEqual({
      API_TOKEN: SECRET,
      PROVIDER_URL: 'https://provider.example/v1',
      POLL_SECONDS: 15,
      BETA_UI: true,
      GREETING: 'Hi, "you"',
      RETRIES: 3,
    });
  });

  it('names each missing required key in one message', () => {
    const message = messageOf(() => config.loadConfig({ BETA_UI: 'true' }));
    for (const key of ['API_TOKEN', 'PROVIDER_URL', 'POLL_SECONDS']) expect(message).toContain(key);
    expect(message).not.toContain('BETA_UI');
  });

  it('never puts a secret value in a message or in the settings it logs', () => {
    const message = messageOf(() => config.loadConfig({ ...complete, POLL_SECONDS: 'soon', PORT: 'x' }));
    expect(message).toContain('POLL_SECONDS');
    expect(message).not.toContain(SECRET);
    const described = config.describeSettings(config.loadConfig(complete).settings);
    expect(described.API_TOKEN).toBe('(set)');
    expect(JSON.stringify(described)).not.toContain(SECRET);
  });

  it('logs a URL setting without the credentials in it, and the URL is still read as given', () => {
    const withCredentials = 'https://ana:pa55-w0rd@provider.example/v1?page=2';
    const settings = config.loadConfig({ ...complete, PROVIDER_URL: withCredentials }).settings;
    expect(settings.PROVIDER_URL).toBe(withCredentials);
    const described = config.describeSettings(settings);
    expect(described.PROVIDER_URL).toBe('https://***@provider.example/v1?page=2');
    expect(JSON.stringify(described)).not.toMatch(/ana|pa55-w0rd/);
    expect(config.describeSettings(config.loadConfig(complete).settings).PROVIDER_URL).toBe('https://provider.example/v1');
  });

  it('refuses a value that does not fit its type, naming the key', () => {
    for (const [key, value] of [['PROVIDER_URL', 'provider'], ['POLL_SECONDS', '1e'], ['BETA_UI', 'yes']] as const)
      expect(messageOf(() => config.loadConfig({ ...complete, [key]: value }))).toContain(key);
  });

  it('defaults PORT to the pack port', () => {
    expect(config.loadConfig(complete).port).toBe(everyType.port);
  });
});

describe('generated service/src/config.ts without env entries', async () => {
  const { config } = await loadGeneratedConfig({ ...(await scenarioAnswers('full-stack-no-env')), env: [] });
  it('starts with an empty environment', () => {
    expect(config.loadConfig({}).settings).toEqual({});
  });
});
