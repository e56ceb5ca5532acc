// Fail closed with real files and a real Xvnc: when the live registry cannot be saved, a start
// is refused with journal_unavailable before any server runs unrecorded. (A record that fails
// after the server started is covered on fake time in registry/subscribers/fail-closed.test.ts.)
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { findProcesses } from '../testing/fixtures';
import { reserveDisplays } from '../testing/free-display';
import { withoutLeaks } from './leak-check';

const DISPLAY = await reserveDisplays(1);

describe('an unwritable live registry', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('refuses the start, leaves no server, and starts again once the file can be written', async () => {
    harness = await startEngine({ Desk: { script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: DISPLAY } } });
    // A non-empty directory where the file goes: the atomic rename over it fails, even for root.
    const blocker = join(harness.dir, 'data', 'live-sessions.json');
    await mkdir(blocker, { recursive: true });
    await writeFile(join(blocker, 'in-the-way'), '');
    const refusedStart = () =>
      expect(harness.engine.startSession({ type: 'Desk', size: '640x480' })).rejects.toMatchObject({
        code: 'journal_unavailable',
        message: expect.stringContaining('the live registry cannot be saved'),
      });
    await refusedStart(); // the first one opens the journal's day files, which stay open
    await withoutLeaks(async () => {
      for (let i = 0; i < 3; i++) await refusedStart();
    });
    expect(await findProcesses('Xvnc', `:${DISPLAY} `)).toEqual([]);
    expect((await harness.engine.listTypes())[0]?.slots[0]).toEqual({ index: 0, state: 'free' });
    const audit = await harness.engine.listAudit({});
    expect(audit.items.map((record) => record.kind)).toContain('start_failed');

    await rm(blocker, { recursive: true });
    const session = await harness.engine.startSession({ type: 'Desk', size: '640x480' });
    expect(session.state).toBe('ready');
    await harness.engine.stopSession(session.id);
  });
});
