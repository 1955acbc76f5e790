import { afterAll, afterEach, describe, expect, test } from 'bun:test';
import { ENV_SPECS, loadConfig } from './config';
import { createHttpHandler } from './http';
import { type RunningService, startService } from './index';

describe('HTTP endpoints', () => {
  let ready = false;
  const server = Bun.serve({ port: 0, fetch: createHttpHandler(() => ready) });
  const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
  afterAll(() => server.stop(true));

  test('/healthz answers 200 whether or not NATS is connected', async () => {
    ready = false;
    expect((await fetch(url('/healthz'))).status).toBe(200);
    ready = true;
    expect((await fetch(url('/healthz'))).status).toBe(200);
  });

  test('/readyz answers 200 only while NATS is connected', async () => {
    ready = false;
    expect((await fetch(url('/readyz'))).status).toBe(503);
    ready = true;
    expect((await fetch(url('/readyz'))).status).toBe(200);
  });

  test('another path answers 404', async () => {
    expect((await fetch(url('/nope'))).status).toBe(404);
  });
});

describe('startService', () => {
  let service: RunningService | undefined;
  afterEach(() => service?.stop());

  test('serves /healthz but is not ready while NATS cannot be reached', async () => {
    // Every entry gets some valid value: this test is about HTTP, not settings.
    const anyValue = { string: 'x', secret: 'x', number: '1', boolean: 'false', url: 'https://example.com' };
    const env: Record<string, string> = { PORT: '0', KHAL_NATS_URL: 'nats://127.0.0.1:1' };
    for (const spec of ENV_SPECS) env[spec.key] = anyValue[spec.type];
    service = startService(loadConfig(env));
    const base = `http://127.0.0.1:${service.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect(service.isReady()).toBe(false);
  });
});
