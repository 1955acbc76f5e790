// The plopfile stays JavaScript: node-plop loads it with import(), which cannot read
// TypeScript on Node 20. It loads the built generators (`npm install` builds dist/): plop is
// the maintainers' front door, and tests compare what it makes with what the source makes.
import { setUpPlop } from '../dist/commands/plop-generators.js';

export default function plopfile(plop) {
  setUpPlop(plop);
}
