import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Whether tmux is installed. The terminal tests need it; .ci/run installs it (Debian's tmux),
 * so CI always runs them; elsewhere they are skipped with this reason shown.
 */
export const TMUX_MISSING = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
})();
export const TMUX_SKIP_REASON = 'tmux is not installed (apt-get install tmux): terminal tests skipped';

/**
 * A program running in a real terminal (tmux), typed at and read like a person would. Each
 * session has a tmux server of its own, on a socket in the run's temporary folder: on a shared
 * server, a session started just as the last other one ended met the server on its way out
 * ("server exited unexpectedly").
 */
export class TmuxSession {
  private readonly socket: string;

  private constructor(readonly name: string) {
    this.socket = path.join(tmpdir(), `${name}.tmux`);
  }

  static start(command: string, options: { cwd: string; env?: Record<string, string>; width?: number; height?: number }): TmuxSession {
    const session = new TmuxSession(`khal-pack-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
    const env = Object.entries(options.env ?? {}).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    session.tmux([
      'new-session', '-d', '-s', session.name, '-x', String(options.width ?? 120), '-y', String(options.height ?? 50),
      '-c', options.cwd, ...env, `${command}; echo "[exit $?]"; sleep 600`,
    ]);
    return session;
  }

  private tmux(args: string[], options: { stdio?: 'ignore' } = {}): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8', ...options }) ?? '';
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-S', '-200', '-t', this.name]);
  }

  /** A tmux format of the session's pane, e.g. `#{cursor_flag}`, `#{pane_pid}`. */
  display(format: string): string {
    return this.tmux(['display', '-p', '-t', this.name, format]).trim();
  }

  /** Types literal text, or tmux key names (Enter, Down, C-c) with `keys`. */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  keys(...names: string[]): void {
    this.tmux(['send-keys', '-t', this.name, ...names]);
  }

  async waitFor(pattern: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const screen = this.screen();
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Timed out waiting for ${pattern}; the screen shows:\n${this.screen()}`);
  }

  /** Answers the prompt that shows `question`: waits for it, types `answer`, presses Enter. */
  async answer(question: string | RegExp, answer = ''): Promise<void> {
    await this.waitFor(question);
    if (answer) this.type(answer);
    this.keys('Enter');
  }

  stop(): void {
    try {
      // The server ends with its one session.
      this.tmux(['kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    rmSync(this.socket, { force: true });
  }
}
