// Follows the desktop size of a running session's VNC server with a connection of its own, so the
// size a session runs at now is known whether or not anyone views it, and after a viewer's remote
// resize. It asks for the smallest updates there are (one raw pixel at 0,0, 32 bits per pixel) plus
// the DesktopSize and ExtendedDesktopSize pseudo-encodings, so every message stays parseable
// without a decoder and costs next to nothing; it never sends input.
import type { Socket } from 'node:net';
import { rfbHandshake, SocketReader } from './rfb-client';
import { openVncSocket } from './vnc-socket';
import type { VncTarget } from './vnc-target';

const ENCODING_RAW = 0;
const ENCODING_DESKTOP_SIZE = -223;
const ENCODING_EXTENDED_DESKTOP_SIZE = -308;
/** Server cut text beyond this is not a clipboard this watcher has a use for: it hangs up. */
const MAX_CUT_TEXT = 16 * 1024 * 1024;

export interface DesktopSizeWatch {
  /** Resolves when the watch has ended (closed, or the server hung up), with why. */
  readonly ended: Promise<string>;
  close(): void;
}

const setPixelFormat = (): Buffer => {
  const message = Buffer.alloc(20);
  message.writeUInt8(0, 0);
  // bits per pixel, depth, big endian, true colour, red/green/blue max, red/green/blue shift
  Buffer.from([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0]).copy(message, 4);
  return message;
};

const setEncodings = (encodings: readonly number[]): Buffer => {
  const message = Buffer.alloc(4 + 4 * encodings.length);
  message.writeUInt8(2, 0);
  message.writeUInt16BE(encodings.length, 2);
  encodings.forEach((encoding, i) => message.writeInt32BE(encoding, 4 + 4 * i));
  return message;
};

/** An incremental request for the pixel at 0,0: answered when it changes, or the desktop is resized. */
const updateRequest = (): Buffer => Buffer.from([3, 1, 0, 0, 0, 0, 0, 1, 0, 1]);

/** Reads one FramebufferUpdate; returns the new size it announced, if any. */
async function readUpdate(reader: SocketReader): Promise<{ width: number; height: number } | undefined> {
  const rects = (await reader.read(3)).readUInt16BE(1);
  let size: { width: number; height: number } | undefined;
  for (let i = 0; i < rects; i++) {
    const header = await reader.read(12);
    const [y, width, height] = [2, 4, 6].map((at) => header.readUInt16BE(at)) as [number, number, number];
    const encoding = header.readInt32BE(8);
    if (encoding === ENCODING_RAW) await reader.read(width * height * 4);
    else if (encoding === ENCODING_DESKTOP_SIZE) size = { width, height };
    else if (encoding === ENCODING_EXTENDED_DESKTOP_SIZE) {
      const screens = (await reader.read(4)).readUInt8(0);
      await reader.read(16 * screens);
      // y is the status: anything but 0 is a refused resize, the size stays as it was.
      if (y === 0) size = { width, height };
    } else throw new Error(`unexpected encoding ${encoding} in an update`);
  }
  return size;
}

/** Reports the size at once (ServerInit) and after every change, until closed or the server hangs up. */
export async function watchDesktopSize(target: VncTarget, password: string, onSize: (width: number, height: number) => void, timeoutMs = 5000): Promise<DesktopSizeWatch> {
  const socket: Socket = await openVncSocket(target, timeoutMs);
  const reader = new SocketReader(socket);
  let timer: NodeJS.Timeout | undefined;
  try {
    const init = await Promise.race([
      rfbHandshake(socket, password, reader),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no RFB handshake within ${timeoutMs} ms`)), timeoutMs))),
    ]);
    onSize(init.width, init.height);
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  socket.write(Buffer.concat([setPixelFormat(), setEncodings([ENCODING_RAW, ENCODING_DESKTOP_SIZE, ENCODING_EXTENDED_DESKTOP_SIZE]), updateRequest()]));
  let closed = false;
  const ended = (async () => {
    for (;;) {
      const type = (await reader.read(1)).readUInt8(0);
      if (type === 0) {
        const size = await readUpdate(reader);
        if (size) onSize(size.width, size.height);
        socket.write(updateRequest());
      } else if (type === 1) {
        const colours = (await reader.read(5)).readUInt16BE(3);
        await reader.read(6 * colours);
      } else if (type === 3) {
        const length = (await reader.read(7)).readUInt32BE(3);
        if (length > MAX_CUT_TEXT) throw new Error(`server cut text of ${length} bytes`);
        await reader.read(length);
      } else if (type !== 2) throw new Error(`unexpected server message ${type}`);
    }
  })().then(
    () => 'ended',
    (error: Error) => (closed ? 'closed' : error.message),
  );
  void ended.finally(() => socket.destroy());
  return {
    ended,
    close() {
      closed = true;
      socket.destroy();
    },
  };
}
