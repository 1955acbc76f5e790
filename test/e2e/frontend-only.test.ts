import { describeGreenPack } from './green-pack.js';

describeGreenPack({
  name: 'e2e-frontend',
  kind: 'frontend-only',
  args: ['--author', 'E2E Test', '--description', "Shows the team's \"live\" board"],
});
