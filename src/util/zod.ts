import { z } from 'zod';

// Every schema here validates once per run: compiling a fast path (zod's JIT) costs more than
// it saves, so it is turned off for the whole CLI. Import z from this module.
z.config({ jitless: true });

export { z };
