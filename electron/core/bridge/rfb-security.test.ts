import { describe, expect, it } from 'vitest';
import { vncAuthResponse } from '../vnc/vnc-auth';
import { CLOSE } from './close-codes';
import { RfbSecurityProxy, type SecurityStep } from './rfb-security';
import * as rfb from './testing/rfb-bytes';

const u32 = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return b;
};
const reason = (text: string) => Buffer.concat([u32(Buffer.byteLength(text)), Buffer.from(text)]);
const CHALLENGE = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const PASSWORD = 'secret12';
const CLIENT_INIT = Buffer.from([1]);

/** Everything one run of the proxy produced, each direction concatenated. */
interface Outcome {
  toViewer: Buffer;
  toServer: Buffer;
  done?: { fromViewer: Buffer; fromServer: Buffer };
  failure?: { code: number; reason: string };
}

function collect(steps: SecurityStep[]): Outcome {
  const outcome: Outcome = { toViewer: Buffer.concat(steps.flatMap((s) => s.toViewer)), toServer: Buffer.concat(steps.flatMap((s) => s.toServer)) };
  for (const step of steps) {
    if (step.done) outcome.done = step.done;
    if (step.failure) outcome.failure = step.failure;
  }
  return outcome;
}

/**
 * The server's side in order, then the viewer's, each cut into the given pieces. Viewer bytes after
 * the handshakes are through go to the relay, as the relay does it: counted in done.fromViewer here.
 */
function run(password: string | undefined, server: Buffer[], viewer: Buffer[]): Outcome {
  const proxy = new RfbSecurityProxy(password);
  const steps = [proxy.start()];
  for (const chunk of server) steps.push(proxy.fromServer(chunk));
  const relayed: Buffer[] = [];
  for (const chunk of viewer) {
    if (steps.some((step) => step.done)) relayed.push(chunk);
    else steps.push(proxy.fromViewer(chunk));
  }
  const outcome = collect(steps);
  if (outcome.done) outcome.done = { ...outcome.done, fromViewer: Buffer.concat([outcome.done.fromViewer, ...relayed]) };
  return outcome;
}

const bytewise = (bytes: Buffer): Buffer[] => [...bytes].map((b) => Buffer.from([b]));

describe('RfbSecurityProxy towards the server', () => {
  const server38 = Buffer.concat([rfb.rfbVersion(8), Buffer.from([2, 19, 2]), CHALLENGE, u32(0)]);
  const viewer38 = Buffer.concat([rfb.rfbVersion(8), Buffer.from([1]), CLIENT_INIT]);

  it('answers VncAuth with the password and lets a 3.8 viewer in with None, whole or byte by byte', () => {
    for (const [server, viewer] of [
      [[server38], [viewer38]],
      [bytewise(server38), bytewise(viewer38)],
    ] as const) {
      const outcome = run(PASSWORD, [...server], [...viewer]);
      expect(outcome.failure).toBeUndefined();
      expect(outcome.toServer.equals(Buffer.concat([rfb.rfbVersion(8), Buffer.from([2]), vncAuthResponse(PASSWORD, CHALLENGE)]))).toBe(true);
      // Banner, one security type (None), SecurityResult OK.
      expect(outcome.toViewer.equals(Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 1]), u32(0)]))).toBe(true);
      expect(outcome.done?.fromViewer.equals(CLIENT_INIT)).toBe(true);
      expect(outcome.done?.fromServer).toHaveLength(0);
    }
  });

  it('says nothing to the viewer until the server has answered; what a viewer says too early waits', () => {
    const proxy = new RfbSecurityProxy(PASSWORD);
    expect(proxy.start()).toEqual({ toViewer: [], toServer: [] });
    const early = proxy.fromViewer(viewer38);
    expect(early).toEqual({ toViewer: [], toServer: [] });
    const banner = proxy.fromServer(rfb.rfbVersion(8));
    expect(banner.toViewer).toEqual([]);
    const accepted = proxy.fromServer(server38.subarray(12));
    expect(Buffer.concat(accepted.toViewer).equals(Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 1]), u32(0)]))).toBe(true);
    expect(accepted.done?.fromViewer.equals(CLIENT_INIT)).toBe(true);
  });

  it('speaks 3.7 and 3.3 to older servers, and None where that is all a server offers', () => {
    const v37 = run(PASSWORD, [Buffer.concat([rfb.rfbVersion(7), Buffer.from([1, 1])])], [viewer38]);
    expect(v37.toServer.equals(Buffer.concat([rfb.rfbVersion(7), Buffer.from([1])]))).toBe(true); // no SecurityResult for None in 3.7
    expect(v37.done).toBeDefined();
    const v33 = run(PASSWORD, [Buffer.concat([rfb.rfbVersion(3), u32(2), CHALLENGE, u32(0)])], [viewer38]);
    expect(v33.toServer.equals(Buffer.concat([rfb.rfbVersion(3), vncAuthResponse(PASSWORD, CHALLENGE)]))).toBe(true);
    expect(v33.done).toBeDefined();
    const none33 = run(undefined, [Buffer.concat([rfb.rfbVersion(3), u32(1)])], [viewer38]);
    expect(none33.done).toBeDefined();
    const none38 = run(PASSWORD, [Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 1]), u32(0)])], [viewer38]);
    expect(none38.toServer.equals(Buffer.concat([rfb.rfbVersion(8), Buffer.from([1])]))).toBe(true);
    expect(none38.done).toBeDefined();
  });

  it('answers other banners with the version they mean (RFC 6143 7.1.1)', () => {
    const answer = (banner: string) => run(PASSWORD, [Buffer.from(banner, 'latin1')], []).toServer.toString('latin1');
    expect(answer('RFB 003.889\n')).toBe('RFB 003.008\n');
    expect(answer('RFB 004.001\n')).toBe('RFB 003.008\n');
    expect(answer('RFB 003.005\n')).toBe('RFB 003.003\n');
    expect(answer('RFB 003.007\n')).toBe('RFB 003.007\n');
  });

  it('tells a waiting 3.8 viewer why the server refused the password, then fails with 1011', () => {
    const refused = Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 2]), CHALLENGE, u32(1), reason('Authentication failure')]);
    const outcome = run('wrong', [refused], [viewer38]);
    expect(outcome.failure).toEqual({ code: CLOSE.targetError, reason: 'VNC server refused the password: Authentication failure' });
    expect(outcome.done).toBeUndefined();
    const tail = outcome.toViewer.subarray(14);
    expect(tail.readUInt32BE(0)).toBe(1);
    expect(tail.subarray(8).toString()).toBe('VNC server refused the password: Authentication failure');
  });

  it('keeps a refusal until the viewer reaches its SecurityResult, or gives it up on abandon()', () => {
    const proxy = new RfbSecurityProxy(PASSWORD);
    proxy.start();
    const early = proxy.fromServer(Buffer.concat([rfb.rfbVersion(8), Buffer.from([0]), reason('Too many security failures')]));
    expect(early.failure).toBeUndefined();
    expect(proxy.failurePending).toBe(true);
    const told = proxy.fromViewer(viewer38);
    expect(told.failure?.reason).toBe('VNC server refused the connection: Too many security failures');
    expect(proxy.failurePending).toBe(false);

    const slow = new RfbSecurityProxy(PASSWORD);
    slow.start();
    slow.fromServer(Buffer.concat([rfb.rfbVersion(3), u32(2), CHALLENGE, u32(1)])); // 3.3 says no reason
    expect(slow.abandon().failure).toEqual({ code: CLOSE.targetError, reason: 'VNC server refused the password' });
  });

  it('fails plainly on what it cannot do: no known password, foreign security types, not RFB, too old', () => {
    const reasonOf = (password: string | undefined, server: Buffer) => run(password, [server], [viewer38]).failure?.reason;
    expect(reasonOf(undefined, Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 2])]))).toMatch(/asks for a password, and none is known/);
    expect(reasonOf(undefined, Buffer.concat([rfb.rfbVersion(3), u32(2)]))).toMatch(/asks for a password, and none is known/);
    expect(reasonOf(PASSWORD, Buffer.concat([rfb.rfbVersion(8), Buffer.from([2, 19, 18])]))).toMatch(/only security types the bridge does not speak \(19, 18\)/);
    expect(reasonOf(PASSWORD, Buffer.concat([rfb.rfbVersion(3), u32(16)]))).toMatch(/chose security type 16/);
    expect(reasonOf(PASSWORD, Buffer.from('SSH-2.0-Open'))).toMatch(/not a VNC server \(it sent "SSH-2.0-Open"\)/);
    expect(reasonOf(PASSWORD, Buffer.from('RFB 002.000\n'))).toMatch(/RFB 2\.0, older than 3\.3/);
    expect(reasonOf(PASSWORD, Buffer.concat([rfb.rfbVersion(8), Buffer.from([0]), u32(100_000)]))).toMatch(/refused the connection: a 100000-byte reason/);
    expect(reasonOf(PASSWORD, Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 2]), Buffer.alloc(70_000)]))).toBe('VNC server sent more than its handshake');
  });
});

describe('RfbSecurityProxy towards the viewer', () => {
  const server = Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 2]), CHALLENGE, u32(0)]);

  it('lets 3.7 and 3.3 viewers in with None (no SecurityResult for None there)', () => {
    const v37 = run(PASSWORD, [server], [Buffer.concat([rfb.rfbVersion(7), Buffer.from([1]), CLIENT_INIT])]);
    expect(v37.toViewer.equals(Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 1])]))).toBe(true);
    expect(v37.done?.fromViewer.equals(CLIENT_INIT)).toBe(true);
    const v33 = run(PASSWORD, [server], [Buffer.concat([rfb.rfbVersion(3), CLIENT_INIT])]);
    expect(v33.toViewer.equals(Buffer.concat([rfb.rfbVersion(8), u32(1)]))).toBe(true);
    expect(v33.done?.fromViewer.equals(CLIENT_INIT)).toBe(true);
  });

  it('offers None only: a viewer that picks VncAuth, or speaks another version, is closed with 1008', () => {
    const picked = run(PASSWORD, [server], [Buffer.concat([rfb.rfbVersion(8), Buffer.from([2])])]);
    expect(picked.failure).toEqual({ code: CLOSE.policy, reason: 'viewer chose security type 2; the bridge offers None (1) only' });
    expect(picked.toViewer.subarray(14, 18).readUInt32BE(0)).toBe(1); // a failed SecurityResult first
    expect(run(PASSWORD, [server], [Buffer.from('RFB 004.000\n')]).failure?.code).toBe(CLOSE.policy);
    expect(run(PASSWORD, [server], [Buffer.from('GET / HTTP/1.1\r\n')]).failure?.code).toBe(CLOSE.policy);
  });

  it('bounds what a viewer may send before the server accepted the bridge', () => {
    const outcome = run(PASSWORD, [], [Buffer.concat([rfb.rfbVersion(3), Buffer.alloc(70_000)])]);
    expect(outcome.failure).toEqual({ code: CLOSE.policy, reason: 'viewer sent too much before the VNC server accepted the bridge' });
  });

  it('is done once: later bytes are not its business', () => {
    const proxy = new RfbSecurityProxy(PASSWORD);
    proxy.start();
    proxy.fromServer(server);
    expect(proxy.fromViewer(Buffer.concat([rfb.rfbVersion(8), Buffer.from([1])])).done).toBeDefined();
    expect(proxy.fromViewer(CLIENT_INIT)).toEqual({ toViewer: [], toServer: [] });
    expect(proxy.fromServer(Buffer.alloc(24))).toEqual({ toViewer: [], toServer: [] });
  });
});

describe('RfbSecurityProxy, eager (a viewer that answers 3.8)', () => {
  const server38 = Buffer.concat([rfb.rfbVersion(8), Buffer.from([2, 19, 2]), CHALLENGE, u32(0)]);

  it("sends its banner, security type and result at once, each its own message, then checks the viewer's answers", () => {
    const proxy = new RfbSecurityProxy(PASSWORD, true);
    const greeting = proxy.fromServer(server38);
    expect(greeting.toViewer.map((b) => [...b])).toEqual([[...rfb.rfbVersion(8)], [1, 1], [0, 0, 0, 0]]);
    const answer = proxy.fromViewer(Buffer.concat([rfb.rfbVersion(8), Buffer.from([1]), CLIENT_INIT]));
    expect(answer.toViewer).toEqual([]);
    expect(answer.done?.fromViewer.equals(CLIENT_INIT)).toBe(true);
  });

  it('closes a viewer that answers another version or asks for another security type', () => {
    for (const [viewer, reason] of [
      [rfb.rfbVersion(7), 'viewer answered RFB 3.7; this connection speaks 3.8 only'],
      [Buffer.concat([rfb.rfbVersion(8), Buffer.from([2])]), 'viewer chose security type 2; the bridge offers None (1) only'],
    ] as const) {
      const proxy = new RfbSecurityProxy(PASSWORD, true);
      proxy.fromServer(server38);
      const step = proxy.fromViewer(viewer);
      expect(step.failure).toEqual({ code: CLOSE.policy, reason });
      expect(step.toViewer).toEqual([]);
      expect(step.done).toBeUndefined();
    }
  });

  it("tells a server's refusal after the viewer's choice, as a failed result with the reason", () => {
    const proxy = new RfbSecurityProxy(PASSWORD, true);
    const refusal = Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 2]), CHALLENGE, u32(1), reason('Authentication failure')]);
    expect(proxy.fromServer(refusal).toViewer.map((b) => [...b])).toEqual([[...rfb.rfbVersion(8)], [1, 1]]);
    const step = proxy.fromViewer(Buffer.concat([rfb.rfbVersion(8), Buffer.from([1])]));
    const text = 'VNC server refused the password: Authentication failure';
    expect(Buffer.concat(step.toViewer).equals(Buffer.concat([u32(1), reason(text)]))).toBe(true);
    expect(step.failure).toEqual({ code: CLOSE.targetError, reason: text });
  });
});
