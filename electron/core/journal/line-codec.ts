// One JSON value per line, prefixed with the CRC-32 of its JSON text ("1a2b3c4d {...}\n"). A line
// torn by a crash, or damaged later, fails its checksum and is skipped on read; because every line
// stands alone, damage never spreads to the lines before or after it.
import { crc32 } from 'node:zlib';

const NEWLINE = 0x0a;
const PREFIX_LENGTH = 9; // 8 hex digits and a space

export function encodeLine(value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const prefix = Buffer.from(`${crc32(json).toString(16).padStart(8, '0')} `, 'latin1');
  return Buffer.concat([prefix, json, Buffer.from([NEWLINE])]);
}

/** The value of one line (without its newline), or undefined when the line is torn or damaged. */
export function decodeLine(line: Buffer): unknown {
  if (line.length <= PREFIX_LENGTH || line[PREFIX_LENGTH - 1] !== 0x20) return undefined;
  const hex = line.toString('latin1', 0, PREFIX_LENGTH - 1);
  if (!/^[0-9a-f]{8}$/.test(hex)) return undefined;
  const json = line.subarray(PREFIX_LENGTH);
  if (crc32(json) !== Number.parseInt(hex, 16)) return undefined;
  try {
    return JSON.parse(json.toString('utf8'));
  } catch {
    return undefined;
  }
}

export interface DecodedLine {
  value: unknown;
  /** Byte offset of the line in the file, and its length including the newline (if any). */
  offset: number;
  length: number;
}

export interface DecodedFile {
  lines: DecodedLine[];
  /** Lines that failed their checksum: a torn tail after a crash, or damage. */
  bad: number;
}

/**
 * Every intact line of a file. After a torn write the last line may lack its newline: it is kept
 * only if its checksum holds, as the checksum covers the whole value.
 */
export function decodeFile(data: Buffer): DecodedFile {
  const lines: DecodedLine[] = [];
  let bad = 0;
  let start = 0;
  while (start < data.length) {
    const newline = data.indexOf(NEWLINE, start);
    const end = newline === -1 ? data.length : newline;
    const length = (newline === -1 ? end : end + 1) - start;
    if (end > start) {
      const value = decodeLine(data.subarray(start, end));
      if (value === undefined) bad += 1;
      else lines.push({ value, offset: start, length });
    }
    start += length;
  }
  return { lines, bad };
}
