import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/fixtures';
import { LiveRegistryFile, type PersistedSession } from './live-registry-file';

const session = (id: string): PersistedSession => ({
  id,
  type: 'Local',
  index: 0,
  size: '800x600',
  user: 'me',
  createdAt: 1,
  scratchDir: `/tmp/${id}`,
  processes: [{ pid: 1, startTime: '2', role: 'server', command: 'Xvnc' }],
});

describe('live registry file', () => {
  it('writes atomically (0600, no temporary left), the newest of queued states winning', async () => {
    const dir = await makeTempDir('deck-live');
    try {
      const file = new LiveRegistryFile(join(dir.path, 'live-sessions.json'));
      expect(await file.read()).toEqual([]);
      await Promise.all([file.write([session('a')]), file.write([session('b')]), file.write([session('c')])]);
      expect((await file.read()).map(({ id }) => id)).toEqual(['c']);
      expect((await stat(file.path)).mode & 0o777).toBe(0o600);
      expect(await readdir(dir.path)).toEqual(['live-sessions.json']);
    } finally {
      await dir.remove();
    }
  });

  it('a failed write rejects, and the next write still happens', async () => {
    const dir = await makeTempDir('deck-live');
    try {
      const blocker = join(dir.path, 'data');
      await writeFile(blocker, 'a file where the directory should be');
      const file = new LiveRegistryFile(join(blocker, 'live-sessions.json'));
      await expect(file.write([session('a')])).rejects.toThrow();
      await rm(blocker);
      await file.write([session('b')]);
      expect((await file.read()).map(({ id }) => id)).toEqual(['b']);
    } finally {
      await dir.remove();
    }
  });

  it.each([
    ['cut off', '{"version":1,"sessions":[{"id":"a","processes":[{"pid":41,"startTime":"77","role":"server"},{"pid":42,"startTime":"78"}],"scratchDir":"/tm', 'Unterminated string', 2],
    ['of the wrong shape', '{"version":1,"sessions":[{"id":"a","processes":"pid 41"}]}', '/sessions/0: expected a session', 0],
  ])('a file %s is moved aside and named, with the identities still legible in it', async (_, text, problem, legible) => {
    const dir = await makeTempDir('deck-live');
    try {
      const file = new LiveRegistryFile(join(dir.path, 'live-sessions.json'));
      await writeFile(file.path, text);
      const lines: string[] = [];
      const read = await file.recover((line) => lines.push(line));
      expect(read.sessions).toEqual([]);
      expect(read.corrupt?.problem).toContain(problem);
      expect(read.corrupt?.identities).toHaveLength(legible);
      if (legible) expect(read.corrupt?.identities[0]).toEqual({ pid: 41, startTime: '77' });
      const [moved] = await readdir(dir.path);
      expect(moved).toMatch(/^live-sessions\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
      expect(join(dir.path, moved!)).toBe(read.corrupt?.movedTo);
      expect(await readFile(join(dir.path, moved!), 'utf8')).toBe(text);
      expect(lines[0]).toContain(`live registry ${file.path} is damaged (${read.corrupt?.problem}); moved it to ${read.corrupt?.movedTo}`);
    } finally {
      await dir.remove();
    }
  });
});
