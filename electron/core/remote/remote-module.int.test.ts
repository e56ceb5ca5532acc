// A user's own module (resources/example-script.mjs, in its runner process) on another machine:
// session.host's run, spawn and forward cross the runner protocol, and nothing is left after stop.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { findProcesses } from '../testing/fixtures';
import { freeDisplays, reserveDisplays } from '../testing/free-display';
import { startSshHosts, type SshHosts } from '../testing/sshd';
import { connectViewer } from '../testing/viewer-client';

let hosts: SshHosts;
let base: number;
let harness: EngineHarness;

beforeAll(async () => {
  hosts = await startSshHosts(1, { prefix: 'deck-remote-module' });
  base = await reserveDisplays(1);
  // The user's copy of the example, next to their sessions file.
  const example = await readFile(join(import.meta.dirname, '..', '..', '..', 'resources', 'example-script.mjs'), 'utf8');
  const options = { sizes: ['800x600'], display_base: base, program: 'exec sleep 300', host: 'n1', ssh_config: hosts.configFile };
  harness = await startEngine({ Mine: { script: './my-script.mjs', count: 1, options } }, {}, { 'my-script.mjs': example });
});
afterAll(async () => {
  await harness?.close();
  freeDisplays(base, 1);
  await hosts?.close();
});

describe('the example module on another machine', () => {
  it('starts its Xvnc on the host through session.host, reachable through the bridge, gone after stop', async () => {
    const session = await harness.engine.startSession({ type: 'Mine', size: '800x600' });
    expect(session.host).toBe('n1');
    expect(await findProcesses('Xvnc', `:${base}`, '-rfbunixpath', `session-deck-${session.id}-`)).toHaveLength(1);
    const viewer = await connectViewer((await harness.engine.openViewer(session.id)).url);
    expect(viewer.init.width).toBe(800);
    await viewer.close();
    await harness.engine.stopSession(session.id);
    expect(await findProcesses(`session-deck-${session.id}-`)).toEqual([]);
    expect((await readdir('/tmp')).filter((name) => name.startsWith(`session-deck-${session.id}-`))).toEqual([]);
  });
});
