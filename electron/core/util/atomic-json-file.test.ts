import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/fixtures';
import { readJsonFile, serialisedOn, updateJsonFile, writeJsonFile } from './atomic-json-file';

const addKey = (key: string) => (current: unknown) => ({ ...(current as Record<string, number> | undefined), [key]: 1 });

describe('atomic JSON file', () => {
  it('keeps every key of concurrent read-modify-write updates (20 rounds), mode 0600, no temporary left', async () => {
    const dir = await makeTempDir('deck-atomic');
    try {
      const path = join(dir.path, 'data', 'file.json');
      for (let round = 0; round < 20; round++) {
        await Promise.all([updateJsonFile(path, addKey(`a${round}`)), updateJsonFile(path, addKey(`b${round}`))]);
      }
      expect(Object.keys((await readJsonFile(path)) as object)).toHaveLength(40);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir.path, 'data'))).mode & 0o777).toBe(0o700);
      expect(await readdir(join(dir.path, 'data'))).toEqual(['file.json']);
    } finally {
      await dir.remove();
    }
  });

  it('keeps an explicit mode, even over a file that had another', async () => {
    const dir = await makeTempDir('deck-atomic');
    try {
      const path = join(dir.path, 'file.json');
      await writeFile(path, '{}', { mode: 0o644 });
      await writeJsonFile(path, { a: 1 });
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      await writeJsonFile(path, { a: 2 }, { mode: 0o640 });
      expect((await stat(path)).mode & 0o777).toBe(0o640);
      expect(await readFile(path, 'utf8')).toBe('{\n  "a": 2\n}\n');
    } finally {
      await dir.remove();
    }
  });

  it('runs writes and updates of one path in call order; a failed update changes nothing and blocks nothing', async () => {
    const dir = await makeTempDir('deck-atomic');
    try {
      const path = join(dir.path, 'file.json');
      const failed = updateJsonFile(path, () => {
        throw new Error('no');
      });
      const writes = [writeJsonFile(path, { n: 1 }), updateJsonFile(path, (current) => ({ n: (current as { n: number }).n + 1 }))];
      await expect(failed).rejects.toThrow('no');
      await Promise.all(writes);
      expect(await readJsonFile(path)).toEqual({ n: 2 });
      expect(await readJsonFile(join(dir.path, 'missing.json'))).toBeUndefined();
    } finally {
      await dir.remove();
    }
  });

  it('queues by absolute path: another spelling of the same file waits its turn', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const first = serialisedOn('/tmp/x/../queue-test.json', () => new Promise<void>((resolve) => (release = resolve)).then(() => void order.push('first')));
    const second = serialisedOn('/tmp/queue-test.json', async () => void order.push('second'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });
});
