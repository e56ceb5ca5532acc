import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/fixtures';
import { encryptedFileSecretStore } from './encrypted-file-store';

describe('encrypted file secret store', () => {
  it('keeps values encrypted on disk (0600), readable back, listed without values', async () => {
    const dir = await makeTempDir('deck-secrets');
    try {
      const store = encryptedFileSecretStore(dir.path);
      await store.set('lab-server', 's3cret-Pa55word');
      await store.set('another', 'x');
      const onDisk = await readFile(join(dir.path, 'secrets.json'), 'utf8');
      expect(onDisk).not.toContain('s3cret');
      expect((await stat(join(dir.path, 'secrets.json'))).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir.path, 'secrets.key'))).mode & 0o777).toBe(0o600);
      expect(await encryptedFileSecretStore(dir.path).get('lab-server')).toBe('s3cret-Pa55word');
      expect((await store.list()).map((secret) => secret.name)).toEqual(['another', 'lab-server']);
      await store.delete('another');
      expect(await store.get('another')).toBeUndefined();
      expect(await store.list()).toEqual([{ name: 'lab-server', updatedAt: expect.any(Number) }]);
    } finally {
      await dir.remove();
    }
  });

  it('refuses a tampered value', async () => {
    const dir = await makeTempDir('deck-secrets');
    try {
      const store = encryptedFileSecretStore(dir.path);
      await store.set('x', 'value');
      const path = join(dir.path, 'secrets.json');
      const secrets = JSON.parse(await readFile(path, 'utf8'));
      const bytes = Buffer.from(secrets.x.sealed, 'base64');
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
      secrets.x.sealed = bytes.toString('base64');
      await (await import('node:fs/promises')).writeFile(path, JSON.stringify(secrets));
      await expect(encryptedFileSecretStore(dir.path).get('x')).rejects.toThrow();
    } finally {
      await dir.remove();
    }
  });

  it('keeps every key of concurrent set() calls, on one store and across two stores of one directory', async () => {
    const dir = await makeTempDir('deck-secrets');
    try {
      const store = encryptedFileSecretStore(dir.path);
      const other = encryptedFileSecretStore(dir.path);
      await store.set('seed', 'x'); // both stores then share one key file
      for (let round = 0; round < 20; round++) {
        await Promise.all([store.set(`a${round}`, 'one'), other.set(`b${round}`, 'two'), store.set(`c${round}`, 'three')]);
      }
      const names = (await store.list()).map((secret) => secret.name);
      expect(names).toHaveLength(61);
      expect(await other.get('c19')).toBe('three');
      expect((await stat(join(dir.path, 'secrets.json'))).mode & 0o777).toBe(0o600);
      expect((await readdir(dir.path)).sort()).toEqual(['secrets.json', 'secrets.key']);
    } finally {
      await dir.remove();
    }
  });

  it('stores names with dots and other odd characters as they are', async () => {
    const dir = await makeTempDir('deck-secrets');
    try {
      const store = encryptedFileSecretStore(dir.path);
      await Promise.all([store.set('vnc.office', 'a'), store.set('__proto__', 'b'), store.delete('missing')]);
      expect((await store.list()).map((secret) => secret.name)).toEqual(['__proto__', 'vnc.office']);
      expect(await store.get('__proto__')).toBe('b');
      await store.delete('vnc.office');
      expect(await store.get('vnc.office')).toBeUndefined();
    } finally {
      await dir.remove();
    }
  });
});
