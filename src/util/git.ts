import { execFile } from 'node:child_process';

/** `git config user.name`, or undefined when git or the setting is missing. */
export function gitUserName(cwd = process.cwd()): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 3000 }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim() || undefined);
    });
  });
}
