import { EXIT, ExitError } from '../util/exit-codes.js';
import type { PackWrite } from './write-pack.js';

type Phase = 'answers' | 'render' | 'verify' | 'commit' | 'written';

/**
 * What an interrupt may do at each moment of a run. Before the commit nothing is in the
 * target: drop the staging folder and exit at once. During the commit, only ask it to stop:
 * it undoes its moves and the run exits 130 with the target as it was.
 */
export class RunGuard {
  phase: Phase = 'answers';
  write: PackWrite | undefined;
  interrupted = false;
  private wake: (() => void) | undefined;

  /** Called by the signal handler; true when the process may exit right away. */
  interrupt(): boolean {
    this.interrupted = true;
    this.wake?.();
    if (this.phase === 'commit') return false;
    // After the commit this drops only the staging folder (and the files --force replaced).
    this.write?.discardSync();
    return true;
  }

  /** The line printed on an interrupt that exits right away. */
  get interruptMessage(): string {
    return this.phase === 'written' ? 'Interrupted after the pack was written.' : 'Interrupted: nothing was written.';
  }

  /**
   * Test hook: with KHAL_PACK_TEST_PAUSE_AT=render|verify|commit the run stops at that phase
   * (for commit: after moving its first file) until it is interrupted, or 30 s pass, so that
   * the kill tests (test/input/kill.test.ts) land their signal there. Unset in real use.
   */
  async pauseForTests(phase: Phase): Promise<void> {
    if (process.env.KHAL_PACK_TEST_PAUSE_AT !== phase || this.interrupted) return;
    process.env.KHAL_PACK_TEST_PAUSE_AT = '';
    process.stderr.write(`[test] paused at ${phase}\n`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 30_000);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

export const interruptedError = () => new ExitError(EXIT.interrupted, 'Interrupted: nothing was written.');
