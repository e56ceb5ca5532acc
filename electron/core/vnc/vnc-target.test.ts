// Targets as scripts give them and as files record them, old files included.
import { describe, expect, it } from 'vitest';
import { persistedTarget } from '../registry/persisted-session';
import { describeTarget, readTarget, targetDetails, tcpTarget, unixTarget } from './vnc-target';

describe('VNC targets', () => {
  it('reads a live-registry target written before Unix sockets ({ host, port }) as TCP', () => {
    expect(persistedTarget({ target: { host: '127.0.0.1', port: 5901 } })).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 5901 });
    expect(readTarget({ kind: 'unix', path: '/d/sessions/a/rfb.sock' })).toEqual({ kind: 'unix', path: '/d/sessions/a/rfb.sock' });
    expect(readTarget({ kind: 'tcp', host: 'h', port: 1 })).toEqual({ kind: 'tcp', host: 'h', port: 1 });
    expect(readTarget({ kind: 'unix' })).toBeUndefined();
    expect(readTarget({ host: 'h' })).toBeUndefined();
    expect(persistedTarget({})).toBeUndefined();
  });

  it('refuses what a script cannot mean, naming the call', () => {
    expect(() => unixTarget('rfb.sock')).toThrow('setUnixSocket: expected an absolute path, found "rfb.sock"');
    expect(() => unixTarget(`/${'x'.repeat(107)}`)).toThrow(/longer than a Unix socket path may be \(107 bytes\)/);
    expect(() => tcpTarget('127.0.0.1', 0)).toThrow('setHostPort: expected a port from 1 to 65535, found 0');
    expect(() => tcpTarget('', 5900)).toThrow(/setHostPort: expected a host/);
  });

  it('says where the server listens, in messages and in audit details', () => {
    expect(describeTarget(unixTarget('/s/rfb.sock'))).toBe('/s/rfb.sock');
    expect(describeTarget(tcpTarget('127.0.0.1', 5901))).toBe('127.0.0.1:5901');
    expect(targetDetails(unixTarget('/s/rfb.sock'))).toEqual({ socket: '/s/rfb.sock' });
    expect(targetDetails({ host: '127.0.0.1', port: 5901 })).toEqual({ host: '127.0.0.1', port: 5901 });
  });
});
