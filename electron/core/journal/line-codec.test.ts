import { describe, expect, it } from 'vitest';
import { decodeFile, decodeLine, encodeLine } from './line-codec';

describe('line codec', () => {
  it('round-trips a value as one checksummed line', () => {
    const line = encodeLine({ a: 'é\n"', b: 2 });
    expect(line.at(-1)).toBe(0x0a);
    expect(line.subarray(0, -1).includes(0x0a)).toBe(false);
    expect(decodeLine(line.subarray(0, -1))).toEqual({ a: 'é\n"', b: 2 });
  });

  it('rejects a line whose content or checksum changed', () => {
    const line = encodeLine({ seq: 1 }).subarray(0, -1);
    const flipped = Buffer.from(line);
    flipped[flipped.length - 2] = 0x32; // the digit 1 becomes 2
    expect(decodeLine(flipped)).toBeUndefined();
    expect(decodeLine(Buffer.from('zzzzzzzz {"seq":1}'))).toBeUndefined();
    expect(decodeLine(Buffer.from(''))).toBeUndefined();
  });

  it('skips a torn last line and a damaged middle line, keeping every other line and its offset', () => {
    const lines = [1, 2, 3, 4].map((seq) => encodeLine({ seq }));
    const damaged = Buffer.from(lines[1] as Buffer);
    damaged[12] = 0x78;
    const torn = (lines[3] as Buffer).subarray(0, 10);
    const file = Buffer.concat([lines[0] as Buffer, damaged, lines[2] as Buffer, torn]);
    const decoded = decodeFile(file);
    expect(decoded.bad).toBe(2);
    expect(decoded.lines.map((line) => line.value)).toEqual([{ seq: 1 }, { seq: 3 }]);
    const third = decoded.lines[1];
    expect(third?.offset).toBe((lines[0] as Buffer).length * 2);
    expect(third?.length).toBe((lines[2] as Buffer).length);
  });

  it('keeps a complete last line that only lacks its newline', () => {
    const file = Buffer.concat([encodeLine({ seq: 1 }), encodeLine({ seq: 2 }).subarray(0, -1)]);
    expect(decodeFile(file)).toMatchObject({ bad: 0, lines: [{ value: { seq: 1 } }, { value: { seq: 2 } }] });
  });
});
