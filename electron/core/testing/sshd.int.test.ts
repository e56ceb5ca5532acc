// The private sshd fixture itself: two hosts with their own address and key, reachable by alias
// through the generated ssh_config, gone (with their connections) after stop() and close().
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLive } from '../../../scripts/lib/proc';
import { startSshHosts, type SshHosts } from './sshd';

const run = promisify(execFile);
let hosts: SshHosts;

const ssh = (alias: string, command: string) =>
  run('ssh', ['-F', hosts.configFile, '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', alias, command], { timeout: 15_000 });

beforeAll(async () => {
  hosts = await startSshHosts(2);
});
afterAll(async () => {
  await hosts?.close();
});

describe('startSshHosts', () => {
  it('gives each host its own address, port and host key, reachable by alias', async () => {
    const [n1, n2] = hosts.hosts;
    expect(n1!.address).toBe('127.0.0.2');
    expect(n2!.address).toBe('127.0.0.3');
    expect(n1!.hostKey).not.toBe(n2!.hostKey);
    const { stdout } = await ssh('n2', 'echo "$SSH_CONNECTION"');
    expect(stdout).toContain(`127.0.0.3 ${n2!.port}`);
  });

  it('stop() ends the listener and its connections; restart() serves again', async () => {
    const n1 = hosts.host('n1');
    const pid = n1.pid!;
    await n1.stop();
    expect(await isLive(pid)).toBe(false);
    await expect(ssh('n1', 'true')).rejects.toThrow();
    await n1.restart();
    await expect(ssh('n1', 'echo back')).resolves.toMatchObject({ stdout: 'back\n' });
  });
});
