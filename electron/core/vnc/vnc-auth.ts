// VNC authentication helpers in plain Node crypto: the obfuscated password file that Xvnc's
// -rfbauth reads, and the DES challenge response a VncAuth client sends.
import { createCipheriv, createDecipheriv, randomInt } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

// The fixed key every VNC implementation uses to obfuscate stored passwords (d3des order, bit-reversed).
const PASSWORD_FILE_KEY = Buffer.from('e84ad660c4721ae0', 'hex');
// VncAuth passwords are truncated to 8 bytes by the protocol.
const VNC_PASSWORD_LENGTH = 8;
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_';

/** Single DES in ECB mode: OpenSSL 3 only offers it through 3DES with the key repeated. */
function desEncrypt(key: Buffer, block: Buffer): Buffer {
  const cipher = createCipheriv('des-ede3-ecb', Buffer.concat([key, key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

const reverseBits = (byte: number): number => {
  let out = 0;
  for (let bit = 0; bit < 8; bit++) out |= ((byte >> bit) & 1) << (7 - bit);
  return out;
};

function passwordBlock(password: string): Buffer {
  const block = Buffer.alloc(VNC_PASSWORD_LENGTH);
  block.write(password.slice(0, VNC_PASSWORD_LENGTH), 'latin1');
  return block;
}

/** A fresh random password that uses all 8 significant bytes (~47 bits). */
export function randomVncPassword(): string {
  // randomInt draws uniformly; a random byte taken modulo 59 would favour the first 20 characters.
  return Array.from({ length: VNC_PASSWORD_LENGTH }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
}

/** The 8 bytes `vncpasswd -f` prints for this password. */
export function obfuscatePassword(password: string): Buffer {
  return desEncrypt(PASSWORD_FILE_KEY, passwordBlock(password));
}

/** Writes a VncAuth password file readable by its owner only. */
export async function writeVncPasswordFile(path: string, password: string): Promise<void> {
  await writeFile(path, obfuscatePassword(password), { mode: 0o600, flag: 'wx' });
}

/** Reads back the password from a VncAuth password file (the obfuscation is reversible by design). */
export async function readVncPasswordFile(path: string): Promise<string> {
  const bytes = (await readFile(path)).subarray(0, VNC_PASSWORD_LENGTH);
  const key = Buffer.concat([PASSWORD_FILE_KEY, PASSWORD_FILE_KEY, PASSWORD_FILE_KEY]);
  const decipher = createDecipheriv('des-ede3-ecb', key, null);
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(bytes), decipher.final()]);
  const end = plain.indexOf(0);
  return plain.subarray(0, end < 0 ? plain.length : end).toString('latin1');
}

/** The 16-byte answer to a VncAuth challenge: each half DES-encrypted with the bit-reversed password. */
export function vncAuthResponse(password: string, challenge: Buffer): Buffer {
  if (challenge.length !== 16) throw new Error(`VncAuth challenge must be 16 bytes, got ${challenge.length}`);
  const key = Buffer.from(passwordBlock(password).map(reverseBits));
  return Buffer.concat([desEncrypt(key, challenge.subarray(0, 8)), desEncrypt(key, challenge.subarray(8, 16))]);
}
