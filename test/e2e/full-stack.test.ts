import { describeGreenPack } from './green-pack.js';

// One env entry of every type; required and optional; with and without a default.
const ENV = {
  API_TOKEN: { flag: 'API_TOKEN:secret#Token of the provider API', text: 'e2e-secret-value-never-shown', value: 'e2e-secret-value-never-shown', secret: true },
  PROVIDER_URL: {
    flag: 'PROVIDER_URL:url#Base URL of the provider',
    text: 'https://e2e-user:e2e-url-password@provider.example/v1',
    value: 'https://e2e-user:e2e-url-password@provider.example/v1',
    shown: 'https://***@provider.example/v1',
    neverShown: 'e2e-url-password',
  },
  POLL_SECONDS: { flag: 'POLL_SECONDS:number#Seconds between two polls', text: '15', value: 15 },
  RETRY_SECONDS: { flag: 'RETRY_SECONDS:number=30.0#Seconds before a retry (a default the service reads as 30)', text: '2.5', value: 2.5 },
  BETA_UI: { flag: 'BETA_UI:boolean=false#Show the beta UI', text: 'true', value: true },
  GREETING: { flag: 'GREETING:string:optional#Greeting shown on the board', text: 'Hello, "team" & co', value: 'Hello, "team" & co' },
};

describeGreenPack({
  name: 'e2e-fullstack',
  kind: 'full-stack',
  args: [
    '--author',
    'E2E Test',
    '--display-name',
    'Board <Live> "E2E"',
    '--description',
    "Reads the provider's board & answers pings",
    ...Object.values(ENV).flatMap((entry) => ['--env', entry.flag]),
  ],
  env: ENV,
});
