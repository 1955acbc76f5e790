// Types of packed-kit.mjs, for the TypeScript tests that use it.
export function packKit(destination: string, env?: NodeJS.ProcessEnv): string;
export function installKit(tarball: string, prefix: string, env?: NodeJS.ProcessEnv): { binFolder: string; packageFolder: string };
export function installedFootprint(packageFolder: string): { bytes: number; diskBytes: number; packages: number };
