import { EXIT, ExitError } from '../util/exit-codes.js';
import type { PackLock } from './pack-lock.js';
import type { PackWrite } from './pack-write.js';

type Phase = 'answers' | 'render' | 'verify' | 'commit' | 'written';

export const interruptedError = () => new ExitError(EXIT.interrupted, 'Interrupted: nothing was written.');

/**
 * What an interrupt may do at each moment of a run. Before the commit nothing is in the
 * target: drop the staging folder and exit at once. During the commit, only abort its signal:
 * it undoes its moves and the run exits 130 with the target as it was. Once the pack is
 * written, the run goes on to its report and exits 0: an exit code of 130 says nothing was written.
 */
export class RunGuard {
  phase: Phase = 'answers';
  write: PackWrite | undefined;
  /** The lock of the pack a command changes, released when an interrupt ends the run. */
  lock: PackLock | undefined;
  private readonly controller = new AbortController();
  private wake: (() => void) | undefined;

  /** Aborted by an interrupt; the writer's commit stops on it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get interrupted(): boolean {
    return this.controller.signal.aborted;
  }

  /** Called by the signal handler; true when the process may exit right away. */
  interrupt(): boolean {
    if (!this.interrupted) this.controller.abort(interruptedError());
    this.wake?.();
    if (this.phase === 'commit' || this.phase === 'written') return false;
    this.write?.discardSync();
    this.lock?.release();
    return true;
  }

  /** The line printed on an interrupt that exits right away. */
  get interruptMessage(): string {
    return 'Interrupted: nothing was written.';
  }

  /**
   * Test hook: with KHAL_PACK_TEST_PAUSE_AT=render|verify|commit|written the run stops at that phase
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
