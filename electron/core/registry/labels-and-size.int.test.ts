// A session's label (given at start, renamed later, kept in the history) and the size its desktop
// runs at now, followed by the engine after a viewer's remote resize, with a real Xvnc.
import { afterEach, describe, expect, it } from 'vitest';
import { setDesktopSize, setEncodings } from '../bridge/testing/rfb-bytes';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { reserveDisplays } from '../testing/free-display';
import { connectViewer } from '../testing/viewer-client';

const DISPLAY_BASE = await reserveDisplays(1);
const types = { Desk: { script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: DISPLAY_BASE } } };
const EXTENDED_DESKTOP_SIZE = -308;

describe('labels and the current size', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('keeps the label given at start, renames it, and writes the last one into the history', async () => {
    harness = await startEngine(types);
    const session = await harness.engine.startSession({ type: 'Desk', size: '640x480', label: '  Thesis figures ' });
    expect(session.label).toBe('Thesis figures');
    const renamed = await harness.engine.renameSession(session.id, 'Plots for chapter 3');
    expect(renamed).toMatchObject({ label: 'Plots for chapter 3' });
    expect(renamed.revision).toBeGreaterThan(session.revision);
    expect(harness.events.some((event) => event.kind === 'session' && event.session.label === 'Plots for chapter 3')).toBe(true);
    await harness.engine.stopSession(session.id);
    const [entry] = (await harness.engine.listHistory({})).items;
    expect(entry).toMatchObject({ id: session.id, label: 'Plots for chapter 3' });
    await expect(harness.engine.renameSession(session.id, 'late')).rejects.toMatchObject({ code: 'bad_request' });
    // Blanks remove a label.
    const other = await harness.engine.startSession({ type: 'Desk', size: '640x480', label: 'x' });
    expect(await harness.engine.renameSession(other.id, '   ')).not.toHaveProperty('label');
  });

  it('audits every rename with the label before and after, and none for a rename to the same label', async () => {
    harness = await startEngine(types);
    const session = await harness.engine.startSession({ type: 'Desk', size: '640x480' });
    await harness.engine.renameSession(session.id, 'Draft');
    await harness.engine.renameSession(session.id, ' Draft ');
    await harness.engine.renameSession(session.id, 'Final');
    await harness.engine.renameSession(session.id, '');
    // The engine writes audit records after the rename has answered.
    const renames = async () => (await harness.engine.listAudit({ kind: 'label_changed' })).items.map((record) => [record.sessionId, record.type, record.details]).reverse();
    await expect.poll(renames).toEqual([
      [session.id, 'Desk', { to: 'Draft' }],
      [session.id, 'Desk', { from: 'Draft', to: 'Final' }],
      [session.id, 'Desk', { from: 'Final' }],
    ]);
  });

  it('publishes the size the desktop runs at after a remote resize, not only the start size', async () => {
    harness = await startEngine(types);
    const session = await harness.engine.startSession({ type: 'Desk', size: '640x480' });
    expect(session.currentSize).toBe('640x480');
    const viewer = await connectViewer((await harness.engine.openViewer(session.id)).url);
    viewer.stream.write(setEncodings([0, EXTENDED_DESKTOP_SIZE]));
    viewer.stream.write(setDesktopSize(1000, 700));
    await expect.poll(async () => (await harness.engine.getSession(session.id)).currentSize, { timeout: 10_000 }).toBe('1000x700');
    expect(harness.events.some((event) => event.kind === 'session' && event.session.currentSize === '1000x700')).toBe(true);
    expect((await harness.engine.getSession(session.id)).size).toBe('640x480');
    await viewer.close();
  });
});
