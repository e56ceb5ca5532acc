import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { hashPin, hashPinFromInput, PIN_HASH_PATTERN, pinProblem, verifyPin } from './pin-hash';

const CHEAP = { ln: 10, r: 8, p: 1 };

describe('PIN hash', () => {
  it('is a salted scrypt hash that only the same PIN matches', async () => {
    const hash = await hashPin('4711', CHEAP);
    expect(hash).toMatch(PIN_HASH_PATTERN);
    expect(hash).not.toContain('4711');
    expect(await verifyPin('4711', hash)).toBe(true);
    expect(await verifyPin('4712', hash)).toBe(false);
    expect(await hashPin('4711', CHEAP)).not.toBe(hash);
  });

  it('uses the default cost (2^15) unless told', async () => {
    expect(await hashPin('123456')).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
  });

  it('matches nothing with a malformed hash, and refuses PINs too short, too long or with controls', async () => {
    expect(await verifyPin('4711', '$scrypt$ln=10,r=8,p=1$short$short')).toBe(false);
    expect(pinProblem('123')).toBe('a PIN has 4 to 64 characters, this one 3');
    expect(pinProblem('1'.repeat(65))).toMatch(/this one 65/);
    expect(pinProblem('12\u000734')).toBe('a PIN holds no control characters');
    await expect(hashPin('12')).rejects.toThrow('a PIN has 4 to 64 characters, this one 2');
  });

  it('--hash-pin reads the first line of its input', async () => {
    const hash = await hashPinFromInput(Readable.from(['98', '76\r\nrest\n']));
    expect(await verifyPin('9876', hash)).toBe(true);
    await expect(hashPinFromInput(Readable.from([]))).rejects.toThrow('this one 0');
  });
});
