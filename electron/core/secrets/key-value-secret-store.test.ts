import Conf from 'conf';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/fixtures';
import { keyValueSecretStore, SECRET_STORE_OPTIONS, type SealedSecret, type Sealer } from './key-value-secret-store';

// Reversible and visibly not the clear text: enough to see what is stored where.
const sealer: Sealer = {
  seal: async (value) => Buffer.from(value).toString('base64'),
  open: async (sealed) => Buffer.from(sealed, 'base64').toString(),
};

describe('key-value secret store (the Electron store, on conf)', () => {
  it('keeps names with dots as they are: listed, read and deleted by their full name', async () => {
    const dir = await makeTempDir('deck-conf-secrets');
    try {
      const conf = new Conf<Record<string, SealedSecret>>({ cwd: dir.path, configName: 'secrets', ...SECRET_STORE_OPTIONS });
      const store = keyValueSecretStore(conf, sealer);
      await store.set('vnc.office', 'pw-1');
      await store.set('vnc', 'pw-2');
      await store.set('a.b.c', 'pw-3');
      expect((await store.list()).map(({ name }) => name)).toEqual(['a.b.c', 'vnc', 'vnc.office']);
      expect(await store.get('vnc.office')).toBe('pw-1');
      expect(await store.get('vnc')).toBe('pw-2');
      await store.delete('vnc.office');
      expect(await store.get('vnc.office')).toBeUndefined();
      expect(await store.get('vnc')).toBe('pw-2');
      const onDisk = JSON.parse(await readFile(join(dir.path, 'secrets.json'), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(onDisk).sort()).toEqual(['a.b.c', 'vnc']);
      expect(JSON.stringify(onDisk)).not.toContain('pw-');
      expect((await stat(join(dir.path, 'secrets.json'))).mode & 0o777).toBe(0o600);
    } finally {
      await dir.remove();
    }
  });
});
