// A machine without the built-ins' server programs (an AppImage brings none): the type says what to
// install before anyone presses Start, and a start is refused with the same words, starting nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from './testing/script-session';

describe('a built-in script whose server program is not installed', () => {
  let fixture: EngineFixture;

  beforeAll(async () => {
    fixture = await startEngine(
      'deck-missing-server',
      { Desk: { script: 'xvnc', count: 1, options: { sizes: ['800x600'], display_base: 990 } } },
      { env: { PATH: '/nonexistent-deck-bin' } },
    );
  });
  afterAll(() => fixture?.close());

  it('is listed with the package to install, and its start is refused with it', async () => {
    const [type] = await fixture.engine.listTypes();
    expect(type?.notInstalled).toBe('Xvnc is not installed on this machine: install the package tigervnc-standalone-server (Fedora/RHEL: tigervnc-server)');
    await expect(fixture.engine.startSession({ type: 'Desk', size: '800x600' })).rejects.toMatchObject({
      code: 'start_failed',
      message: expect.stringContaining('Desk: Xvnc is not installed on this machine'),
    });
    expect(await fixture.engine.listSessions()).toEqual([]);
    expect((await fixture.engine.listTypes())[0]?.slots[0]).toEqual({ index: 0, state: 'free' });
  });
});
