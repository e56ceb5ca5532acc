// The admin PIN, stored only as a slow hash: scrypt from node:crypto, in the PHC string format
// ($scrypt$ln=15,r=8,p=1$<salt>$<hash>, base64 without padding), compared in constant time.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { KIOSK_PIN_MAX_LENGTH, KIOSK_PIN_MIN_LENGTH } from '../../shared/kiosk';
import { NO_CONTROLS } from '../config/sessions-schema';

const WITHOUT_CONTROLS = new RegExp(NO_CONTROLS, 'u');

export const PIN_HASH_PATTERN = /^\$scrypt\$ln=(1[0-9]|20),r=([1-9]|1[0-6]),p=([1-4])\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;

/** 2^15 rounds, 32 MiB: about a tenth of a second here, per guess. */
const DEFAULT_COST = { ln: 15, r: 8, p: 1 };
const KEY_BYTES = 32;

const scrypt = (pin: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCallback(pin.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));

const costOptions = ({ ln, r, p }: { ln: number; r: number; p: number }): ScryptOptions => ({ N: 2 ** ln, r, p, maxmem: 256 * 2 ** ln * r * p });

const unpadded = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

/** What is wrong with a PIN as typed, or undefined. */
export function pinProblem(pin: string): string | undefined {
  const length = [...pin].length;
  if (length < KIOSK_PIN_MIN_LENGTH || length > KIOSK_PIN_MAX_LENGTH) return `a PIN has ${KIOSK_PIN_MIN_LENGTH} to ${KIOSK_PIN_MAX_LENGTH} characters, this one ${length}`;
  if (!WITHOUT_CONTROLS.test(pin)) return 'a PIN holds no control characters';
  return undefined;
}

export async function hashPin(pin: string, cost = DEFAULT_COST): Promise<string> {
  const problem = pinProblem(pin);
  if (problem) throw new Error(problem);
  const salt = randomBytes(16);
  const key = await scrypt(pin, salt, costOptions(cost));
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${unpadded(salt)}$${unpadded(key)}`;
}

/** Whether the PIN matches the hash; a malformed hash matches nothing. */
export async function verifyPin(pin: string, hash: string): Promise<boolean> {
  const match = PIN_HASH_PATTERN.exec(hash);
  if (!match || pinProblem(pin)) return false;
  const [, ln, r, p, salt, expected] = match as unknown as [string, string, string, string, string, string];
  const key = await scrypt(pin, Buffer.from(salt, 'base64'), costOptions({ ln: Number(ln), r: Number(r), p: Number(p) }));
  return timingSafeEqual(key, Buffer.from(expected, 'base64'));
}

/** `--hash-pin`: the PIN is the first line of the input (never an argument, which others can read in /proc). */
export async function hashPinFromInput(input: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += chunk.toString();
    if (text.includes('\n') || text.length > 4096) break;
  }
  const pin = text.split(/\r?\n/)[0] ?? '';
  return hashPin(pin);
}
