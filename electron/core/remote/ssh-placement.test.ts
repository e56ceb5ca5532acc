import { describe, expect, it } from 'vitest';
import { parseSessionTypes } from '../config/session-types';
import { readPlacement } from './ssh-placement';

const load = (options: Record<string, unknown>, script = 'xvnc') => parseSessionTypes({ T: { script, count: 2, options } }, '/etc/deck/sessions.json');

describe('readPlacement', () => {
  it('reads host, hosts, drain, ssh_config (relative to the sessions file) and ssh_options', () => {
    expect(readPlacement('xvnc', { host: 'n8' }, '/etc/deck')).toEqual({ hosts: ['n8'], drain: [], sshOptions: [] });
    expect(readPlacement('xvnc', { hosts: ['a', 'b'], drain: ['b'], ssh_config: 'ssh/config', ssh_options: ['ConnectTimeout=5'] }, '/etc/deck')).toEqual({
      hosts: ['a', 'b'],
      drain: ['b'],
      sshConfig: '/etc/deck/ssh/config',
      sshOptions: ['ConnectTimeout=5'],
    });
    expect(readPlacement('xvnc', {}, '/etc/deck')).toBeUndefined();
    // The external script's host is where its server listens.
    expect(readPlacement('external', { host: '10.0.0.5' }, '/etc/deck')).toBeUndefined();
    // A Nexus Python script's host is its own option: it runs here.
    expect(readPlacement('simple_vnc.py', { host: 'render01' }, '/etc/deck')).toBeUndefined();
    expect(() => readPlacement('simple_vnc.py', { hosts: ['a'] }, '/etc/deck')).toThrow(/expected no "hosts" for the Python script/);
    // A Slurm type is placed by the scheduler; its SSH keys are for its submit host.
    expect(readPlacement('slurm', { submit_host: 'login', ssh_config: '/etc/deck/ssh_config' }, '/etc/deck')).toBeUndefined();
    expect(() => readPlacement('slurm', { hosts: ['a'] }, '/etc/deck')).toThrow(/expected no "hosts" for the slurm script/);
  });

  it('refuses settings that would accept host keys blindly or prompt, naming the key', () => {
    expect(() => load({ host: 'n8', ssh_options: ['StrictHostKeyChecking=no'] })).toThrow(/\/T\/options\/ssh_options\/0: StrictHostKeyChecking cannot be set to no: host keys are never accepted blindly/);
    expect(() => load({ host: 'n8', ssh_options: ['stricthostkeychecking=accept-new'] })).toThrow(/never accepted blindly/);
    expect(() => load({ host: 'n8', ssh_options: ['BatchMode=no'] })).toThrow(/never waits on a prompt/);
    expect(() => load({ host: 'n8', ssh_options: ['ControlPath=/tmp/x'] })).toThrow(/ssh_options\/0/);
    expect(() => load({ host: 'n8', ssh_options: ['-oProxyCommand=x'] })).toThrow(/expected an ssh setting "Name=value"/);
  });

  it('refuses a destination ssh would read as an option, drain outside hosts, and both host and hosts', () => {
    expect(() => load({ host: '-oProxyCommand=touch /tmp/x' })).toThrow(/\/T\/options\/host: expected an SSH destination/);
    expect(() => load({ hosts: ['a'], drain: ['b'] })).toThrow(/\/T\/options\/drain\/0: expected one of the type's hosts \(a\), found "b"/);
    expect(() => load({ host: 'a', hosts: ['b'] })).toThrow(/expected "host" or "hosts", not both/);
    expect(() => load({ ssh_options: ['ConnectTimeout=5'] })).toThrow(/\/T\/options\/ssh_options: expected "host" or "hosts"/);
  });

  it('lets types on different machines use the same displays, not types on the same one', () => {
    const types = { A: { script: 'xvnc', count: 2, options: { host: 'a' } }, B: { script: 'xvnc', count: 2, options: { host: 'b' } } };
    expect(parseSessionTypes(types, 'sessions.json')).toHaveLength(2);
    expect(() => parseSessionTypes({ ...types, C: { script: 'xvnc', count: 1, options: { hosts: ['b', 'c'] } } }, 'sessions.json')).toThrow(/overlaps "B"/);
  });
});
