// What the built-in scripts do on a session's host, for real on a private sshd host: a missing
// program is named with its package; files reach the host's private directory over stdin.
import { readFile, stat } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openRemoteSession, type TestRemoteSession } from '../../electron/core/testing/remote-session-fixture';
import { startSshHosts, type SshHosts } from '../../electron/core/testing/sshd';
import { OPENBOX, requirePrograms, writeRemoteFiles, XVFB } from './remote-x';

let hosts: SshHosts;
let session: TestRemoteSession | undefined;

beforeAll(async () => {
  hosts = await startSshHosts(1, { prefix: 'deck-remote-x' });
});
afterEach(async () => {
  await session?.close();
  session = undefined;
});
afterAll(async () => {
  await hosts?.close();
});

describe('programs and files on the host', () => {
  it('names the package of a program the host lacks, and passes when all are there', async () => {
    session = await openRemoteSession(hosts, 'n1', 'programs');
    const { host } = session.remote;
    await expect(requirePrograms(host, [OPENBOX, XVFB])).resolves.toBeUndefined();
    await expect(requirePrograms(host, [OPENBOX, { binary: 'no-such-window-manager', pkg: 'nswm' }])).rejects.toThrow(
      'no-such-window-manager is not installed on n1: install the package nswm there',
    );
  });

  it('writes files into the private directory there, private, with their exact text', async () => {
    session = await openRemoteSession(hosts, 'n1', 'files');
    const { host } = session.remote;
    const text = "<a b='c'>\n$(echo no) `no` \\n</a>\n";
    await writeRemoteFiles(host, [
      { path: `${host.scratchDir}/one.xml`, text },
      { path: `${host.scratchDir}/two.sh`, text: '#!/bin/sh\nexit 0\n', mode: '700' },
    ]);
    expect(await readFile(`${host.scratchDir}/one.xml`, 'utf8')).toBe(text);
    expect((await stat(`${host.scratchDir}/one.xml`)).mode & 0o777).toBe(0o600);
    expect((await stat(`${host.scratchDir}/two.sh`)).mode & 0o777).toBe(0o700);
  });
});
