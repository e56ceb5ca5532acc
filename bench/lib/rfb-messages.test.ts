import { describe, expect, it } from 'vitest';
import { paintColour } from './paint-colour';
import { ENCODING, fenceReply, keyEvent, ServerMessageParser, setEncodings, updateRequest, type ServerEvents } from './rfb-messages';

function rawRect(x: number, y: number, w: number, h: number, colourAt: (px: number, py: number) => number): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(x, 0);
  head.writeUInt16BE(y, 2);
  head.writeUInt16BE(w, 4);
  head.writeUInt16BE(h, 6);
  head.writeInt32BE(ENCODING.raw, 8);
  const pixels = Buffer.alloc(w * h * 4);
  for (let py = 0; py < h; py += 1) {
    for (let px = 0; px < w; px += 1) {
      const rgb = colourAt(x + px, y + py);
      pixels.writeUInt32LE(rgb, (py * w + px) * 4);
    }
  }
  return Buffer.concat([head, pixels]);
}

function update(rects: Buffer[], count = rects.length): Buffer {
  const head = Buffer.from([0, 0, 0, 0]);
  head.writeUInt16BE(count, 2);
  return Buffer.concat([head, ...rects]);
}

function collect(probe = { x: 5, y: 6 }) {
  const seen: Array<{ kind: string; probe?: number | null; rects?: number; bytes?: number; flags?: number; payload?: string }> = [];
  const events: ServerEvents = {
    update: (p, rects, bytes) => seen.push({ kind: 'update', probe: p, rects, bytes }),
    fence: (flags, payload) => seen.push({ kind: 'fence', flags, payload: payload.toString('hex') }),
    endOfContinuousUpdates: () => seen.push({ kind: 'eocu' }),
  };
  return { seen, parser: new ServerMessageParser(events, probe) };
}

const lastRect = (): Buffer => {
  const b = Buffer.alloc(12);
  b.writeInt32BE(ENCODING.lastRect, 8);
  return b;
};

describe('ServerMessageParser', () => {
  const square = (px: number, py: number) => (px >= 4 && py >= 4 ? paintColour(7) : 0);
  const stream = Buffer.concat([
    Buffer.from([150]), // EndOfContinuousUpdates
    update([rawRect(0, 0, 3, 3, square), rawRect(4, 4, 4, 4, square)]),
    Buffer.from([248, 0, 0, 0, 0x80, 0, 0, 3, 2, 0xab, 0xcd]), // fence request, 2-byte payload
    Buffer.from([2]), // bell
    Buffer.from([3, 0, 0, 0, 0, 0, 0, 2, 0x68, 0x69]), // cut text "hi"
    update([rawRect(0, 0, 2, 2, square), lastRect()], 0xffff),
  ]);
  const expected = [
    { kind: 'eocu' },
    { kind: 'update', probe: paintColour(7), rects: 2, bytes: 4 + 12 + 36 + 12 + 64 },
    { kind: 'fence', flags: 0x80000003, payload: 'abcd' },
    { kind: 'update', probe: null, rects: 1, bytes: 4 + 12 + 16 + 12 },
  ];

  it('parses updates, fences and the messages it skips, in one piece', () => {
    const { seen, parser } = collect();
    parser.feed(stream);
    expect(seen).toEqual(expected);
  });

  it('gives the same result at every split point and byte by byte', () => {
    for (let split = 1; split < stream.length; split += 1) {
      const { seen, parser } = collect();
      parser.feed(stream.subarray(0, split));
      parser.feed(stream.subarray(split));
      expect(seen).toEqual(expected);
    }
    const { seen, parser } = collect();
    for (const byte of stream) parser.feed(Buffer.from([byte]));
    expect(seen).toEqual(expected);
  });

  it('reports the probe of the last rectangle covering it, and refuses encodings it did not ask for', () => {
    const { seen, parser } = collect({ x: 0, y: 0 });
    parser.feed(update([rawRect(0, 0, 1, 1, () => 0x112233), rawRect(0, 0, 1, 1, () => 0x445566)]));
    expect(seen[0]).toMatchObject({ probe: 0x445566 });
    const hextile = Buffer.alloc(12);
    hextile.writeInt32BE(5, 8);
    expect(() => parser.feed(update([hextile]))).toThrow(/encoding 5/);
  });
});

describe('client messages', () => {
  it('encodes SetEncodings, FramebufferUpdateRequest, KeyEvent and a fence reply', () => {
    expect(setEncodings([0, -313]).toString('hex')).toBe('02000002' + '00000000' + 'fffffec7');
    expect(updateRequest(true, 1024, 768).toString('hex')).toBe('0301000000000400' + '0300');
    expect(keyEvent(true, 0x61).toString('hex')).toBe('0401000000000061');
    expect(fenceReply(0x80000003, Buffer.from([0xab])).toString('hex')).toBe('f8000000' + '00000003' + '01ab');
  });
});
