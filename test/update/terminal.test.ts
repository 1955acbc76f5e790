import { afterEach, describe, expect, it } from 'vitest';
import { KHAL_PACK, folderState, scenarioCopy } from '../commands/support.js';
import { TMUX_MISSING, TMUX_SKIP_REASON, TmuxSession } from '../support/tmux.js';
import { shellQuote } from '../../src/util/shell.js';

let session: TmuxSession | undefined;
afterEach(() => session?.stop());
if (TMUX_MISSING) console.warn(TMUX_SKIP_REASON);

describe.skipIf(TMUX_MISSING)('on a terminal, an env change shows what it means for customers and asks first', () => {
  it('answered no: cancelled, nothing changed, exit 1', async () => {
    const folder = await scenarioCopy('full-stack-four-env');
    const before = await folderState(folder);
    session = TmuxSession.start(`node ${shellQuote(KHAL_PACK)} env rename POLL_SECONDS POLL_INTERVAL`, { cwd: folder });
    const screen = await session.waitFor('go ahead?');
    expect(screen).toContain('Breaking: a customer admin must act before upgrading');
    session.type('n');
    session.keys('Enter');
    expect(await session.waitFor(/\[exit \d+\]/)).toContain('Cancelled: nothing was changed.');
    expect(session.screen()).toContain('[exit 1]');
    expect(await folderState(folder)).toEqual(before);
  }, 30_000);

  it('answered yes: the change is made', async () => {
    const folder = await scenarioCopy('full-stack-four-env');
    session = TmuxSession.start(`node ${shellQuote(KHAL_PACK)} env remove FEATURE_BETA_UI`, { cwd: folder });
    await session.answer('go ahead?', 'y');
    const screen = await session.waitFor(/\[exit \d+\]/);
    expect(screen).toContain('[exit 0]');
    expect(JSON.parse((await folderState(folder))['khal-app.json']!).env.map((entry: { key: string }) => entry.key)).not.toContain('FEATURE_BETA_UI');
  }, 30_000);
});
