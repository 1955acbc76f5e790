import { connect, type NatsConnection } from '@nats-io/transport-node';
import { type Config, ConfigError, PACK_ID, describeSettings, loadConfig } from './config';
import { createHttpHandler } from './http';

/**
 * The subject this service answers: `khal.<orgId>.<packId>.ping`. Without an org id (KHAL_ORG_ID
 * unset: a local run, or a cluster that does not set it) it answers the ping of any org, rather
 * than guess one.
 */
export function pingSubject(orgId: string | undefined): string {
  return `khal.${orgId ?? '*'}.${PACK_ID}.ping`;
}

export interface PingReply {
  pack: string;
  pong: boolean;
}

export interface RunningService {
  /** The HTTP port (the real one when PORT was 0). */
  readonly port: number;
  isReady(): boolean;
  /** Turns not-ready, drains NATS (pending replies are sent), then stops HTTP. */
  stop(): Promise<void>;
}

const RECONNECT_DELAY_MS = 2000;

/** Serves HTTP at once and connects to NATS in the background, retrying until it can. */
export function startService(config: Config): RunningService {
  let nats: NatsConnection | undefined;
  let connected = false;
  let stopping = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const server = Bun.serve({ port: config.port, fetch: createHttpHandler(() => connected) });

  async function watchStatus(connection: NatsConnection) {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') connected = false;
      if (status.type === 'reconnect') connected = true;
    }
  }

  async function connectToNats() {
    if (stopping) return;
    try {
      const connection = await connect({ servers: config.natsUrl, name: `pack-${PACK_ID}-service`, maxReconnectAttempts: -1 });
      if (stopping) return void (await connection.close());
      nats = connection;
      connection.subscribe(pingSubject(config.orgId), {
        callback: (error, message) => {
          if (error) return console.error(`ping subscription failed: ${error.message}`);
          message.respond(JSON.stringify({ pack: PACK_ID, pong: true } satisfies PingReply));
        },
      });
      connected = true;
      console.log(`connected to NATS; answering ${pingSubject(config.orgId)}`);
      void watchStatus(connection);
      void connection.closed().then(() => {
        connected = false;
      });
    } catch (error) {
      console.error(`NATS not reachable (${(error as Error).message}); retrying in ${RECONNECT_DELAY_MS / 1000} s`);
      retryTimer = setTimeout(connectToNats, RECONNECT_DELAY_MS);
    }
  }
  void connectToNats();

  return {
    port: server.port ?? config.port,
    isReady: () => connected,
    async stop() {
      const drainable = connected;
      stopping = true;
      connected = false;
      clearTimeout(retryTimer);
      if (nats && !nats.isClosed()) await (drainable ? nats.drain() : nats.close());
      // Forced: an idle keep-alive connection (a probe's) would otherwise hold the stop open.
      await server.stop(true);
    },
  };
}

if (import.meta.main) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const service = startService(config);
  console.log(`pack-${PACK_ID}-service listening on port ${service.port}; settings ${JSON.stringify(describeSettings(config.settings))}`);

  const shutdown = (signal: string) => {
    console.log(`${signal}: draining NATS, then exiting`);
    service.stop().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
