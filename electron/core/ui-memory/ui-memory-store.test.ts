// The app's window memory in a real store file, opened with conf (what electron-store is inside
// Electron, with the same options): kept across runs, 0600, a damaged or foreign file survived.
import Conf from 'conf';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/dispatch';
import { uiMemoryMethods, uiMemoryStoreOptions } from './ui-memory-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deck-ui-memory-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One run of the app: the store file opened afresh, as main does at each start. */
const run = (logs: string[] = []) => uiMemoryMethods(new Conf(uiMemoryStoreOptions(dir)), (line) => logs.push(line));

const memory = {
  openTabs: ['aB3_x-1', 'c9'],
  selectedSessionId: 'c9',
  disconnected: ['old-one'],
  selectedSizes: { 'Local Desktop': '1280x800', 'Cluster, big': '1920x1080' },
  scaleMode: 'actual',
  sidebar: 'closed',
};

describe('the window memory of the app', () => {
  it('is nothing before the first save, and what was saved in the next run', async () => {
    expect(await run().loadUiMemory()).toBeNull();
    await run().saveUiMemory(memory);
    expect(await run().loadUiMemory()).toEqual(memory);
    const file = join(dir, 'ui-memory.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ window: memory });
  });

  it('starts afresh from a damaged file or one that holds something else, and says why', async () => {
    await writeFile(join(dir, 'ui-memory.json'), '{"window": {"openTabs": [', { mode: 0o600 });
    expect(await run().loadUiMemory()).toBeNull();
    await writeFile(join(dir, 'ui-memory.json'), JSON.stringify({ window: { openTabs: 'not a list' } }), { mode: 0o600 });
    const logs: string[] = [];
    expect(await run(logs).loadUiMemory()).toBeNull();
    expect(logs).toEqual([expect.stringMatching(/^ui-memory\.json: window\/openTabs: expected .*, found "not a list"; the window starts afresh$/)]);
    // And it is written over by the next save.
    await run().saveUiMemory(memory);
    expect(await run().loadUiMemory()).toEqual(memory);
  });

  it('takes only what the contract allows, checked as every IPC argument is', async () => {
    const methods = run();
    await expect(dispatch(methods, 'saveUiMemory', [{ ...memory, openTabs: ['../../etc'] }])).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('/openTabs/0') });
    await expect(dispatch(methods, 'saveUiMemory', [{ ...memory, password: 'x' }])).rejects.toMatchObject({ code: 'bad_request' });
    await expect(dispatch(methods, 'saveUiMemory', [{ openTabs: Array.from({ length: 257 }, (_, i) => `s${i}`) }])).rejects.toMatchObject({ code: 'bad_request' });
    await expect(dispatch(methods, 'saveUiMemory', [])).rejects.toMatchObject({ code: 'bad_request' });
    expect(await run().loadUiMemory()).toBeNull();
    await dispatch(methods, 'saveUiMemory', [{ sidebar: 'open' }]);
    expect(await dispatch(run(), 'loadUiMemory', [])).toEqual({ sidebar: 'open' });
  });
});
