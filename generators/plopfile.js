// The plopfile stays JavaScript: node-plop loads it with import(), which cannot read
// TypeScript on Node 20. It loads the compiled generators (`npm install` builds dist/).
import { setUpPlop } from '../dist/generation/plop-setup.js';

export default function plopfile(plop) {
  setUpPlop(plop);
}
