import { type NatsConnection, connect } from 'nats';
import { ConfigError, PACK_ID, loadConfig } from './config';

export function pingSubject(orgId: string): string {
  return `khal.${orgId}.${PACK_ID}.ping`;
}

export interface RunningService {
  server: ReturnType<typeof Bun.serve>;
  stop(): Promise<void>;
}

export async function startService(env: Record<string, string | undefined> = process.env): Promise<RunningService> {
  const config = loadConfig(env);
  let nats: NatsConnection | undefined;

  const server = Bun.serve({
    port: config.port,
    fetch(request) {
      const { pathname } = new URL(request.url);
      if (pathname === '/healthz') return new Response('ok');
      if (pathname === '/readyz')
        return nats && !nats.isClosed() ? new Response('ready') : new Response('NATS not connected', { status: 503 });
      return new Response('not found', { status: 404 });
    },
  });

  nats = await connect({ servers: config.natsUrl, name: PACK_ID, maxReconnectAttempts: -1 });
  const subscription = nats.subscribe(pingSubject(config.orgId));
  (async () => {
    for await (const message of subscription) message.respond(JSON.stringify({ pack: PACK_ID, pong: true }));
  })();

  return {
    server,
    async stop() {
      server.stop();
      await nats?.drain();
    },
  };
}

if (import.meta.main) {
  try {
    const service = await startService();
    console.log(`${PACK_ID} service listening on ${service.server.port}`);
    const shutdown = async () => {
      await service.stop();
      process.exit(0);
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}
