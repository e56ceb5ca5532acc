import { describe, expect, it } from 'vitest';
import { RfbClientStream, type Inspection } from './rfb-client-stream';
import * as rfb from './testing/rfb-bytes';

const SERVER_38: Buffer = Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 1])]);
const u32 = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return b;
};

const handshake38 = Buffer.concat([rfb.rfbVersion(8), Buffer.from([1]), Buffer.from([0])]); // None, exclusive
const passing = [
  rfb.setPixelFormat(),
  rfb.setEncodings([7, 16, 0, -223, -258, -308]),
  rfb.framebufferUpdateRequest(false, 0, 0, 1024, 768),
  rfb.enableContinuousUpdates(),
  rfb.clientFence(Buffer.from('fence')),
];
const input = [
  rfb.keyEvent(true, 0x61),
  rfb.pointerEvent(1, 10, 20),
  rfb.clientCutText('secret'),
  rfb.extendedClientCutText(Buffer.alloc(5000, 0x41)),
  rfb.qemuExtendedKeyEvent(true, 0x61, 30),
  rfb.setDesktopSize(800, 600),
  rfb.xvp(4),
];

function run(stream: RfbClientStream, chunks: readonly Buffer[]): { out: Buffer; input: boolean; violation?: string } {
  const out: Buffer[] = [];
  let sawInput = false;
  for (const chunk of chunks) {
    const result: Inspection = stream.fromViewer(chunk);
    if ('violation' in result) return { out: Buffer.concat(out), input: sawInput, violation: result.violation };
    out.push(...result.forward);
    sawInput ||= result.input;
  }
  return { out: Buffer.concat(out), input: sawInput };
}

function opened(viewOnly: boolean, server: Buffer = SERVER_38): RfbClientStream {
  const stream = new RfbClientStream(viewOnly);
  stream.fromServer(server);
  return stream;
}

/** Every way of cutting `bytes` in two, plus byte-by-byte. */
function splits(bytes: Buffer): Buffer[][] {
  const all: Buffer<ArrayBufferLike>[][] = [[bytes], [...bytes].map((b) => Buffer.from([b]))];
  for (let i = 1; i < bytes.length; i += 1) all.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return all;
}

describe('RfbClientStream, full control', () => {
  it('passes everything unchanged and notices input', () => {
    const stream = Buffer.concat([handshake38, ...passing, ...input]);
    const result = run(opened(false), [stream]);
    expect(result.violation).toBeUndefined();
    expect(result.out.equals(stream)).toBe(true);
    expect(result.input).toBe(true);
  });

  it('reports no input for update requests alone', () => {
    const result = run(opened(false), [Buffer.concat([handshake38, ...passing])]);
    expect(result.input).toBe(false);
  });

  it('falls back to pass-through on an unknown message, counting it as input', () => {
    const stream = Buffer.concat([handshake38, Buffer.from([77, 1, 2, 3]), rfb.framebufferUpdateRequest(true, 0, 0, 1, 1)]);
    const result = run(opened(false), [stream]);
    expect(result.out.equals(stream)).toBe(true);
    expect(result.input).toBe(true);
  });
});

describe('RfbClientStream, view-only', () => {
  const expected = Buffer.concat([rfb.rfbVersion(8), Buffer.from([1]), Buffer.from([1]), ...passing]);
  const mixed = Buffer.concat([handshake38, ...passing.flatMap((p, i) => [p, input[i % input.length]!]), ...input]);

  it('drops key, pointer, clipboard, resize and xvp messages, passes the rest, forces a shared ClientInit', () => {
    const result = run(opened(true), [mixed]);
    expect(result.violation).toBeUndefined();
    expect(result.out.equals(expected)).toBe(true);
    expect(result.input).toBe(false);
  });

  it('gives the same result however the stream is cut', () => {
    for (const chunks of splits(mixed)) {
      const result = run(opened(true), chunks);
      expect(result.out.equals(expected)).toBe(true);
    }
  });

  it('closes on an unknown message type', () => {
    const result = run(opened(true), [handshake38, Buffer.from([77, 0, 0, 0])]);
    expect(result.violation).toMatch(/unknown message type 77/);
  });

  it('closes on an unknown QEMU subtype and on unsupported security types', () => {
    expect(run(opened(true), [handshake38, Buffer.from([255, 9])]).violation).toMatch(/QEMU/);
    const vencrypt = Buffer.concat([rfb.rfbVersion(8), Buffer.from([19])]);
    expect(run(opened(true), [vencrypt]).violation).toMatch(/security type 19/);
  });

  it('closes on unsupported versions, a version newer than the server, or a viewer speaking first', () => {
    expect(run(opened(true), [Buffer.from('RFB 003.005\n')]).violation).toMatch(/version/);
    expect(run(opened(true, rfb.rfbVersion(7)), [rfb.rfbVersion(8)]).violation).toMatch(/newer/);
    expect(run(new RfbClientStream(true), [rfb.rfbVersion(8)]).violation).toMatch(/before the server/);
  });

  it('follows a 3.8 VncAuth handshake', () => {
    const response = Buffer.alloc(16, 0xaa);
    const hs = Buffer.concat([rfb.rfbVersion(8), Buffer.from([2]), response, Buffer.from([1])]);
    const result = run(opened(true), [Buffer.concat([hs, rfb.keyEvent(true, 0x61), rfb.framebufferUpdateRequest(true, 0, 0, 9, 9)])]);
    expect(result.out.equals(Buffer.concat([hs, rfb.framebufferUpdateRequest(true, 0, 0, 9, 9)]))).toBe(true);
  });

  it('follows a 3.7 None handshake', () => {
    const hs = Buffer.concat([rfb.rfbVersion(7), Buffer.from([1]), Buffer.from([1])]);
    const result = run(opened(true), [Buffer.concat([hs, rfb.pointerEvent(0, 1, 1)])]);
    expect(result.out.equals(hs)).toBe(true);
  });

  it('follows a 3.3 handshake where the server picks the security type', () => {
    for (const [type, clientSecurity] of [
      [1, Buffer.alloc(0)],
      [2, Buffer.alloc(16, 7)],
    ] as const) {
      const stream = new RfbClientStream(true);
      stream.fromServer(rfb.rfbVersion(8));
      const version = stream.fromViewer(rfb.rfbVersion(3));
      expect('forward' in version && Buffer.concat(version.forward).equals(rfb.rfbVersion(3))).toBe(true);
      stream.fromServer(u32(type));
      const rest = Buffer.concat([clientSecurity, Buffer.from([1]), rfb.keyEvent(true, 0x61), rfb.setPixelFormat()]);
      const result = run(stream, [rest]);
      expect(result.out.equals(Buffer.concat([clientSecurity, Buffer.from([1]), rfb.setPixelFormat()]))).toBe(true);
    }
  });

  it('closes a 3.3 viewer that answers before the server chose security', () => {
    const stream = new RfbClientStream(true);
    stream.fromServer(rfb.rfbVersion(8));
    expect(run(stream, [rfb.rfbVersion(3), Buffer.from([1])]).violation).toMatch(/before the server chose/);
  });
});

describe('RfbClientStream, SetDesktopSize before ExtendedDesktopSize (TigerVNC 1.12 aborts on it)', () => {
  const early = rfb.setDesktopSize(640, 480);
  const announce = rfb.setEncodings([0, -308]);
  const withdraw = rfb.setEncodings([0, -223]);
  const update = rfb.framebufferUpdateRequest(true, 0, 0, 1, 1);

  it('drops it on a full-control connection until the current SetEncodings has -308, however the stream is cut', () => {
    const stream = Buffer.concat([handshake38, early, update, announce, early, withdraw, early, update]);
    const expected = Buffer.concat([handshake38, update, announce, early, withdraw, update]);
    for (const chunks of splits(stream)) {
      const result = run(opened(false), chunks);
      expect(result.violation).toBeUndefined();
      expect(result.out.equals(expected)).toBe(true);
    }
  });

  it('finds -308 anywhere in a long encoding list split anywhere', () => {
    const long = rfb.setEncodings([...Array.from({ length: 300 }, (_, i) => i + 1), -308, 5]);
    const stream = Buffer.concat([handshake38, long, early]);
    for (const cut of [1, 5, 7, 600, 1211, 1213]) {
      const result = run(opened(false), [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(result.out.equals(stream)).toBe(true);
    }
  });

  it('counts a dropped SetDesktopSize as no input, and passes other bytes on without a copy', () => {
    const stream = opened(false);
    expect(run(stream, [handshake38]).out.equals(handshake38)).toBe(true);
    expect(stream.fromViewer(early)).toEqual({ forward: [], input: false });
    const chunk = Buffer.concat([update, rfb.keyEvent(true, 0x61)]);
    const result = stream.fromViewer(chunk);
    expect('forward' in result && result.forward[0] === chunk && result.input).toBe(true);
  });

  it('starts at ClientInit where the bridge did the security handshake itself', () => {
    const result = run(new RfbClientStream(true, { afterSecurity: true }), [Buffer.concat([Buffer.from([0]), rfb.keyEvent(true, 0x61), update])]);
    expect(result.out.equals(Buffer.concat([Buffer.from([1]), update]))).toBe(true); // shared forced, key dropped
    const full = run(new RfbClientStream(false, { afterSecurity: true }), [Buffer.concat([Buffer.from([0]), early, announce, early])]);
    expect(full.out.equals(Buffer.concat([Buffer.from([0]), announce, early]))).toBe(true);
  });
});
