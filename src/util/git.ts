import { quoted } from './quoted.js';

/** Runs git in `cwd`: its stdout, or the last line of its stderr (or the spawn error) as the reason it failed. */
async function runGit(args: string[], cwd: string, timeout?: number): Promise<{ ok: true; stdout: string } | { ok: false; reason: string }> {
  // Imported on first use: child_process brings net and streams, 1–2 ms a run given --author never needs.
  const { spawnSync } = await import('node:child_process');
  // spawnSync, not execFile: git answers in milliseconds, and an asynchronous child costs a
  // stream (net.Socket) for each of its pipes and their events, several milliseconds on a cold start.
  const run = spawnSync('git', args, { cwd, timeout, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' });
  if (!run.error && run.status === 0) return { ok: true, stdout: run.stdout };
  const failure = run.error?.message ?? `Command failed: git ${args.join(' ')}`;
  return { ok: false, reason: (run.stderr ?? '').trim().split('\n').pop() || failure };
}

/** `git config user.name`, or undefined when git or the setting is missing. */
export async function gitUserName(cwd = process.cwd()): Promise<string | undefined> {
  const run = await runGit(['config', 'user.name'], cwd, 3000);
  return run.ok ? run.stdout.trim() || undefined : undefined;
}

/**
 * `git show REVISION:./FILE` in `cwd`: the file's text at that revision, or why git could not
 * give it. The revision is data, never an option: one that starts with "-" (or is empty) is
 * refused before git runs, and `--end-of-options` keeps git from reading it as one anyway.
 */
export async function gitShow(cwd: string, revision: string, file: string): ReturnType<typeof runGit> {
  if (revision === '' || revision.startsWith('-') || /[\u0000-\u001f]/.test(revision))
    return { ok: false, reason: `${quoted(revision)} is not a revision: a revision is a tag, branch or commit, and never starts with "-"` };
  return runGit(['show', '--end-of-options', `${revision}:./${file}`], cwd);
}

/** True when `cwd` is inside a git work tree. */
export async function isGitWorkTree(cwd: string): Promise<boolean> {
  const run = await runGit(['rev-parse', '--is-inside-work-tree'], cwd, 5000);
  return run.ok && run.stdout.trim() === 'true';
}

/** The commit a revision names in `cwd`, or why git could not resolve it. */
export async function gitCommitOf(cwd: string, revision: string): ReturnType<typeof runGit> {
  const run = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], cwd, 5000);
  return run.ok ? { ok: true, stdout: run.stdout.trim() } : { ok: false, reason: run.reason || `${revision} names no commit here` };
}

/** The tags that match `pattern` (a glob such as `v*`) and are in the history of HEAD; empty outside a repository. */
export async function gitTagsMergedIntoHead(cwd: string, pattern: string): Promise<string[]> {
  const run = await runGit(['tag', '--list', '--merged', 'HEAD', '--end-of-options', pattern], cwd, 5000);
  return run.ok ? run.stdout.split('\n').filter((tag) => tag !== '') : [];
}
