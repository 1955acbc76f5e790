import { describe, expect, test } from 'bun:test';
import { ConfigError, ENV_SPECS, type EnvType, LOCAL_NATS_URL, describeSettings, loadConfig, redactUrl } from './config';

// A valid value of each type, and what it converts to.
const SAMPLES: Record<EnvType, { text: string; value: string | number | boolean }> = {
  string: { text: 'sample text', value: 'sample text' },
  number: { text: '42', value: 42 },
  boolean: { text: 'true', value: true },
  secret: { text: 'secret-value-that-must-not-leak', value: 'secret-value-that-must-not-leak' },
  url: { text: 'https://example.com/api', value: 'https://example.com/api' },
};

/** What a default becomes once read, by type. */
const DEFAULT_READ_AS: Record<EnvType, (text: string) => string | number | boolean> = {
  string: (text) => text,
  number: (text) => Number(text),
  boolean: (text) => text === 'true',
  secret: (text) => text,
  url: (text) => text,
};

/** An environment that gives every entry a valid value. */
function completeEnv(): Record<string, string> {
  return Object.fromEntries(ENV_SPECS.map((spec) => [spec.key, SAMPLES[spec.type].text]));
}

function settingsOf(env: Record<string, string | undefined>): Record<string, unknown> {
  return loadConfig(env).settings as unknown as Record<string, unknown>;
}

function configErrorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

const required = ENV_SPECS.filter((spec) => spec.required);
const secrets = ENV_SPECS.filter((spec) => spec.type === 'secret');
const checked = ENV_SPECS.filter((spec) => spec.type === 'number' || spec.type === 'boolean' || spec.type === 'url');

describe('loadConfig', () => {
  test('reads every entry and converts it to its type', () => {
    const settings = settingsOf(completeEnv());
    for (const spec of ENV_SPECS) expect(settings[spec.key]).toEqual(SAMPLES[spec.type].value);
  });

  test('uses the default of an optional entry that is not set, and leaves out one without a default', () => {
    const env = completeEnv();
    for (const spec of ENV_SPECS) if (!spec.required) delete env[spec.key];
    const settings = settingsOf(env);
    for (const spec of ENV_SPECS.filter((entry) => !entry.required)) {
      if (spec.default === undefined) expect(spec.key in settings).toBe(false);
      // Compared as the type converts it: a number default written "30.0" or "1e3" reads as 30 or 1000.
      else expect(settings[spec.key]).toEqual(DEFAULT_READ_AS[spec.type](spec.default));
    }
  });

  test('names every missing required key in one message', () => {
    if (required.length === 0) {
      expect(() => loadConfig({})).not.toThrow();
      return;
    }
    const message = configErrorOf({}).message;
    for (const spec of required) expect(message).toContain(spec.key);
  });

  test('never shows a secret value, even when another entry is wrong', () => {
    const env = { ...completeEnv(), PORT: 'not-a-port' };
    expect(configErrorOf(env).message).not.toContain(SAMPLES.secret.text);
    const described = describeSettings(loadConfig(completeEnv()).settings);
    expect(JSON.stringify(described)).not.toContain(SAMPLES.secret.text);
    for (const spec of secrets) expect(described[spec.key]).toBe('(set)');
  });

  test('shows a URL without the user name and password in it', () => {
    expect(redactUrl('https://ana:pa55-w0rd@provider.example/v1?page=2')).toBe('https://***@provider.example/v1?page=2');
    expect(redactUrl('nats://token-value@127.0.0.1:4222')).toBe('nats://***@127.0.0.1:4222');
    expect(redactUrl(SAMPLES.url.text)).toBe(SAMPLES.url.text);
    const urls = ENV_SPECS.filter((spec) => spec.type === 'url');
    const env = { ...completeEnv(), ...Object.fromEntries(urls.map((spec) => [spec.key, 'https://ana:pa55-w0rd@provider.example/v1'])) };
    const described = describeSettings(loadConfig(env).settings);
    expect(JSON.stringify(described)).not.toMatch(/pa55-w0rd|ana:/);
    for (const spec of urls) expect(described[spec.key]).toBe('https://***@provider.example/v1');
  });

  test('refuses a malformed number, boolean or URL, naming the key', () => {
    for (const spec of checked) {
      const message = configErrorOf({ ...completeEnv(), [spec.key]: 'not valid' }).message;
      expect(message).toContain(spec.key);
    }
  });

  test('reads PORT, KHAL_NATS_URL and KHAL_ORG_ID, with local defaults', () => {
    const config = loadConfig({ ...completeEnv(), PORT: '9100', KHAL_NATS_URL: 'nats://nats:4222', KHAL_ORG_ID: 'acme' });
    expect([config.port, config.natsUrl, config.orgId]).toEqual([9100, 'nats://nats:4222', 'acme']);
    const local = loadConfig(completeEnv());
    expect([local.natsUrl, local.orgId]).toEqual([LOCAL_NATS_URL, undefined]);
    expect(configErrorOf({ ...completeEnv(), PORT: '70000' }).message).toContain('PORT');
  });
});
