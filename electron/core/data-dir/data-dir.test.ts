import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { DataDirError } from './data-dir-error';
import { DATA_DIR_MARKER, isOwnScratchDir, LOCK_FILE, markScratchDir } from './markers';
import { checkSecretFile } from './modes';
import { openDataDir } from './open-data-dir';

let root: TempDir;
beforeEach(async () => (root = await makeTempDir('deck-datadir')));
afterEach(() => root.remove());

const lockRecord = async (dir: string) => JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as { pid: number; startTime: string; since: number };

describe('opening the data directory', () => {
  it('creates a missing one 0700 with its marker, its sessions folder and a lock naming this process', async () => {
    const dir = join(root.path, 'a', 'data');
    const lock = await openDataDir(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await readdir(dir)).sort()).toEqual([DATA_DIR_MARKER, LOCK_FILE, 'sessions']);
    expect(await lockRecord(dir)).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
  });

  it('adopts a directory of an earlier version that holds only Session Deck entries, and marks it', async () => {
    const dir = join(root.path, 'data');
    await mkdir(join(dir, 'journal', 'audit'), { recursive: true, mode: 0o700 });
    await mkdir(join(dir, 'sessions', 'AbCdEfGhIjKl'), { recursive: true });
    for (const name of ['settings.json', 'live-sessions.json', 'access-token', 'secrets.json', 'secrets.key', 'settings.json.1a2b3c4d']) await writeFile(join(dir, name), '{}');
    const lines: string[] = [];
    const lock = await openDataDir(dir, { log: (line) => lines.push(line) });
    await lock.release();
    expect(await readdir(dir)).toContain(DATA_DIR_MARKER);
    expect(lines.join('\n')).toContain('marked as Session Deck');
  });

  it.each([
    ['a folder of the user', { 'thesis.tex': 'my work' }, '"thesis.tex"'],
    ['a sessions folder holding user files', { 'sessions/notes.txt': 'keep me' }, '"sessions/notes.txt"'],
  ])('refuses a non-empty directory it did not create (%s), naming what is in it, and writes nothing', async (_, files, named) => {
    const dir = join(root.path, 'data');
    for (const [name, text] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    const before = await readdir(dir, { recursive: true });
    const failure = openDataDir(dir);
    await expect(failure).rejects.toBeInstanceOf(DataDirError);
    await expect(failure).rejects.toThrow(new RegExp(`${dir} is not empty and Session Deck did not create it .*${named}.*choose another directory`));
    expect(await readdir(dir, { recursive: true })).toEqual(before);
  });

  it('accepts any content in the application\'s own folder', async () => {
    const dir = join(root.path, 'data');
    await mkdir(join(dir, 'GPUCache'), { recursive: true });
    await (await openDataDir(dir, { appOwned: true })).release();
    expect(await readdir(dir)).toContain(DATA_DIR_MARKER);
  });

  it('refuses a symlinked sessions folder and leaves what it points at alone', async () => {
    const dir = join(root.path, 'data');
    const elsewhere = join(root.path, 'photos');
    await mkdir(join(elsewhere, 'AbCdEfGhIjKl'), { recursive: true });
    await mkdir(dir, { mode: 0o700 });
    await symlink(elsewhere, join(dir, 'sessions'));
    await expect(openDataDir(dir)).rejects.toThrow(`${join(dir, 'sessions')} is a symbolic link`);
    expect(await readdir(elsewhere)).toEqual(['AbCdEfGhIjKl']);
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
  });

  it('refuses a world-writable data directory, naming its mode and the chmod that fixes it', async () => {
    const dir = join(root.path, 'data');
    await mkdir(dir);
    await chmod(dir, 0o777);
    await expect(openDataDir(dir)).rejects.toThrow(`data directory ${dir} is writable by every user (mode 0777)`);
    await expect(openDataDir(dir)).rejects.toThrow(`chmod 700 '${dir}'`);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('the lock on the data directory', () => {
  it('refuses a second holder, naming the first by pid and since when, until the first releases', async () => {
    const dir = join(root.path, 'data');
    const first = await openDataDir(dir);
    const { since } = await lockRecord(dir);
    await expect(openDataDir(dir)).rejects.toThrow(`in use by another Session Deck (pid ${process.pid}, this very process, since ${new Date(since).toISOString()}`);
    await first.release();
    await (await openDataDir(dir)).release();
  });

  it.each([
    ['whose process is gone', (record: { pid: number }) => JSON.stringify({ ...record, startTime: '1' })],
    ['that cannot be read', () => 'garbage'],
  ])('takes over a stale lock %s, saying so', async (_, content) => {
    const dir = join(root.path, 'data');
    await (await openDataDir(dir)).release();
    await writeFile(join(dir, LOCK_FILE), content({ pid: process.pid, since: 0 } as { pid: number }));
    const lines: string[] = [];
    const lock = await openDataDir(dir, { log: (line) => lines.push(line) });
    expect(lines.join('\n')).toContain('taking over the stale lock');
    expect(await lockRecord(dir)).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('release leaves a lock that another process took over meanwhile', async () => {
    const dir = join(root.path, 'data');
    const lock = await openDataDir(dir);
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, startTime: '1', since: 0 }));
    await lock.release();
    expect(await readdir(dir)).toContain(LOCK_FILE);
  });
});

describe('scratch directories and secret files', () => {
  it('counts as ours only a real directory named like a session id that carries the marker', async () => {
    const sessions = join(root.path, 'sessions');
    for (const name of ['AbCdEfGhIjKl', 'AbCdEfGhIjK_', 'my-photos', 'Mn0pQrStUvWx']) await mkdir(join(sessions, name), { recursive: true });
    await markScratchDir(join(sessions, 'AbCdEfGhIjKl'));
    await markScratchDir(join(sessions, 'my-photos'));
    await symlink(join(sessions, 'AbCdEfGhIjKl'), join(sessions, 'LinkLinkLink'));
    const ours = [];
    for (const name of await readdir(sessions)) if (await isOwnScratchDir(sessions, name)) ours.push(name);
    expect(ours).toEqual(['AbCdEfGhIjKl']);
  });

  it('refuses a token file that other users may read, naming its mode and the chmod', async () => {
    const file = join(root.path, 'token');
    await writeFile(file, 'x'.repeat(32), { mode: 0o644 });
    await chmod(file, 0o644);
    await expect(checkSecretFile(file)).rejects.toThrow(`token file ${file} can be read or written by other users (mode 0644): make it private with: chmod 600 '${file}'`);
    await chmod(file, 0o600);
    await checkSecretFile(file);
  });
});
