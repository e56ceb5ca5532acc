import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { obfuscatePassword, randomVncPassword, readVncPasswordFile, vncAuthResponse, writeVncPasswordFile } from './vnc-auth';

describe('vnc-auth', () => {
  it('obfuscates exactly like TigerVNC vncpasswd -f', () => {
    for (const password of ['secret12', 'ab', 'A-_z9xQw']) {
      const reference = execFileSync('vncpasswd', ['-f'], { input: `${password}\n` });
      expect(obfuscatePassword(password).toString('hex')).toBe(reference.toString('hex'));
    }
  });

  it('writes the password file with mode 0600 and refuses to overwrite', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deck-auth-'));
    try {
      const file = join(dir, 'passwd');
      await writeVncPasswordFile(file, 'secret12');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await readFile(file)).toString('hex')).toBe(obfuscatePassword('secret12').toString('hex'));
      await expect(writeVncPasswordFile(file, 'other')).rejects.toThrow(/EEXIST/);
      expect(await readVncPasswordFile(file)).toBe('secret12');
      const short = join(dir, 'short');
      await writeVncPasswordFile(short, 'ab');
      expect(await readVncPasswordFile(short)).toBe('ab');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('makes fresh 8-character passwords', () => {
    const seen = new Set(Array.from({ length: 200 }, randomVncPassword));
    expect(seen.size).toBe(200);
    for (const password of seen) expect(password).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });

  it('draws every character of the alphabet equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) for (const c of randomVncPassword()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(59);
    // ~6780 each; a byte taken modulo 59 would draw 20 of them 25% more often than the rest.
    const values = [...counts.values()];
    expect(Math.max(...values) / Math.min(...values)).toBeLessThan(1.1);
  });

  it('answers a VncAuth challenge deterministically and per password', () => {
    const challenge = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const a = vncAuthResponse('secret12', challenge);
    expect(a).toHaveLength(16);
    expect(vncAuthResponse('secret12', challenge).equals(a)).toBe(true);
    expect(vncAuthResponse('secret13', challenge).equals(a)).toBe(false);
  });
});
