// Reads a configuration file as text, only a regular file and only up to a bound: a sessions file
// is a few kilobytes, and one that is huge, a FIFO or a device (/dev/zero) must not hold the host
// up or fill its memory. Errors are the part of a message after the file's name.
import { isUtf8 } from 'node:buffer';
import { constants, type FileHandle, open } from 'node:fs/promises';

/** A sessions file of 64 types with every option is under 64 KiB. */
export const MAX_CONFIG_BYTES = 2 ** 20;

const MiB = 2 ** 20;
const size = (bytes: number) => (bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`);

/** Where decoding first replaced a byte: e.g. Latin-1 "Büro" would otherwise load as "B\uFFFDro". */
function notUtf8(text: string): string {
  const before = text.slice(0, text.indexOf('\uFFFD'));
  const line = before.split('\n').length;
  return `not UTF-8 text: invalid bytes at line ${line}, column ${before.length - before.lastIndexOf('\n')} (save the file as UTF-8)`;
}

export async function readConfigText(file: string, limit = MAX_CONFIG_BYTES): Promise<string> {
  let handle: FileHandle;
  try {
    // Non-blocking, so that opening a FIFO does not wait for a writer.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`cannot read ${file}: not a regular file`);
    if (stats.size > limit) throw new Error(`too large: ${size(stats.size)} (at most ${size(limit)})`);
    // Read up to the size it had when opened: a file that grows meanwhile is cut there.
    const buffer = Buffer.alloc(stats.size);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      ({ bytesRead: read } = await handle.read(buffer, length, buffer.length - length, length));
    }
    const bytes = buffer.subarray(0, length);
    const text = bytes.toString('utf8');
    if (!isUtf8(bytes)) throw new Error(notUtf8(text));
    return text;
  } finally {
    await handle.close();
  }
}
