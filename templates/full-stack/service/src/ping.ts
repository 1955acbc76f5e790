// `bun run ping`: asks the running service for a pong over NATS, as the pack's frontend does.
// It reads KHAL_NATS_URL and KHAL_ORG_ID like the service (Bun loads .env from this folder).
import { connect } from '@nats-io/transport-node';
import { LOCAL_NATS_URL, redactUrl } from './config';
import { pingSubject } from './index';

const PING_TIMEOUT_MS = 3000;

const natsUrl = process.env.KHAL_NATS_URL || LOCAL_NATS_URL;
const shownUrl = redactUrl(natsUrl);
// A service without KHAL_ORG_ID answers every org; any org id then reaches it.
const subject = pingSubject(process.env.KHAL_ORG_ID || 'local');
const nats = await connect({ servers: natsUrl }).catch((error: Error) => {
  console.error(`cannot reach NATS at ${shownUrl}: ${error.message}`);
  process.exit(1);
});
try {
  const reply = await nats.request(subject, '', { timeout: PING_TIMEOUT_MS });
  console.log(`${subject}: ${reply.string()}`);
} catch (error) {
  console.error(`${subject}: no answer (${(error as Error).message}); is the service running against ${shownUrl}?`);
  process.exitCode = 1;
} finally {
  await nats.close();
}
