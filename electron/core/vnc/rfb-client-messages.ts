// Byte builders for the RFB client messages a framebuffer reader sends (RFC 6143 §7.5): the
// thumbnail client and the tests' RFB clients build them here.

/** SetPixelFormat: 32 bpp, depth 24, little endian, true colour, shifts R 16 G 8 B 0 (bytes B, G, R, unused). */
export function setPixelFormat(): Buffer {
  const b = Buffer.alloc(20);
  b[0] = 0;
  // 32 bpp, depth 24, little endian, true colour, 255/255/255, shifts 16/8/0
  Buffer.from([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]).copy(b, 4);
  return b;
}

export function setEncodings(encodings: readonly number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * encodings.length);
  b[0] = 2;
  b.writeUInt16BE(encodings.length, 2);
  encodings.forEach((encoding, i) => b.writeInt32BE(encoding, 4 + 4 * i));
  return b;
}

export function framebufferUpdateRequest(incremental: boolean, x: number, y: number, w: number, h: number): Buffer {
  const b = Buffer.alloc(10);
  b[0] = 3;
  b[1] = incremental ? 1 : 0;
  b.writeUInt16BE(x, 2);
  b.writeUInt16BE(y, 4);
  b.writeUInt16BE(w, 6);
  b.writeUInt16BE(h, 8);
  return b;
}
