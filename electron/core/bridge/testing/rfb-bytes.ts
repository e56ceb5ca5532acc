// Byte builders for RFB client messages and handshakes, shared by the unit tests and the Node RFB client.
export const rfbVersion = (minor: 3 | 7 | 8): Buffer => Buffer.from(`RFB 003.00${minor}\n`, 'latin1');

export { framebufferUpdateRequest, setEncodings, setPixelFormat } from '../../vnc/rfb-client-messages';

export function keyEvent(down: boolean, keysym: number): Buffer {
  const b = Buffer.alloc(8);
  b[0] = 4;
  b[1] = down ? 1 : 0;
  b.writeUInt32BE(keysym, 4);
  return b;
}

export function pointerEvent(buttons: number, x: number, y: number): Buffer {
  const b = Buffer.alloc(6);
  b[0] = 5;
  b[1] = buttons;
  b.writeUInt16BE(x, 2);
  b.writeUInt16BE(y, 4);
  return b;
}

export function clientCutText(text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const b = Buffer.alloc(8);
  b[0] = 6;
  b.writeInt32BE(body.length, 4);
  return Buffer.concat([b, body]);
}

/** Extended clipboard (negative length): flags word then payload. */
export function extendedClientCutText(payload: Buffer): Buffer {
  const b = Buffer.alloc(8);
  b[0] = 6;
  b.writeInt32BE(-(4 + payload.length), 4);
  const flags = Buffer.alloc(4);
  flags.writeUInt32BE(0x10000001, 0); // "provide" text
  return Buffer.concat([b, flags, payload]);
}

/** EnableContinuousUpdates for the area from the origin (empty unless a size is given). */
export function enableContinuousUpdates(width = 0, height = 0): Buffer {
  const b = Buffer.alloc(10);
  b[0] = 150;
  b[1] = 1;
  b.writeUInt16BE(width, 6);
  b.writeUInt16BE(height, 8);
  return b;
}

export function clientFence(payload: Buffer): Buffer {
  const b = Buffer.alloc(9);
  b[0] = 248;
  b[8] = payload.length;
  return Buffer.concat([b, payload]);
}

export function setDesktopSize(width: number, height: number): Buffer {
  const b = Buffer.alloc(8 + 16);
  b[0] = 251;
  b.writeUInt16BE(width, 2);
  b.writeUInt16BE(height, 4);
  b[6] = 1;
  b.writeUInt16BE(width, 8 + 8);
  b.writeUInt16BE(height, 8 + 10);
  return b;
}

export function qemuExtendedKeyEvent(down: boolean, keysym: number, keycode: number): Buffer {
  const b = Buffer.alloc(12);
  b[0] = 255;
  b[1] = 0;
  b.writeUInt16BE(down ? 1 : 0, 2);
  b.writeUInt32BE(keysym, 4);
  b.writeUInt32BE(keycode, 8);
  return b;
}

export function xvp(code: number): Buffer {
  return Buffer.from([250, 0, 1, code]);
}
