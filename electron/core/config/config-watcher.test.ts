// The watcher with real files: edits seen after the directory is removed and made again, through a
// symlinked file, after a symlink further along is switched (the poll), and an invalid edit never
// replaces the last good configuration.
import { EventEmitter } from 'node:events';
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { ConfigWatcher } from './config-watcher';

const NO_POLL = 3_600_000;
const types = (...names: string[]) =>
  JSON.stringify(Object.fromEntries(names.map((name, i) => [name, { script: 'xvnc', count: 1, options: { display_base: 400 + i } }])));

describe('ConfigWatcher', () => {
  let dir: TempDir;
  let watcher: ConfigWatcher | undefined;
  let valid: string[][];
  let invalid: string[];

  beforeEach(async () => {
    dir = await makeTempDir('deck-watcher');
    [valid, invalid] = [[], []];
  });
  afterEach(async () => {
    watcher?.close();
    await dir.remove();
  });

  const watchFile = (file: string, pollMs = NO_POLL, watch?: (directory: string) => FSWatcher) => {
    watcher = new ConfigWatcher({ file, debounceMs: 20, pollMs, ...(watch ? { watch } : {}), onValid: (loaded) => valid.push(loaded.map((type) => type.name)), onInvalid: (message) => invalid.push(message) });
    watcher.start();
  };
  const lastValid = () => valid.at(-1);

  it('sees edits after its directory is removed and made again; an invalid edit keeps the last good one', async () => {
    const configDir = join(dir.path, 'config');
    const file = join(configDir, 'sessions.json');
    await mkdir(configDir);
    await writeFile(file, types('A'));
    watchFile(file);
    await rm(configDir, { recursive: true });
    await expect.poll(() => invalid.at(-1)).toMatch(/^sessions\.json: cannot read .*ENOENT/);
    await mkdir(configDir);
    await writeFile(file, types('B'));
    await expect.poll(lastValid).toEqual(['B']);
    // The new directory is watched too, not only noticed once.
    await writeFile(file, types('C'));
    await expect.poll(lastValid).toEqual(['C']);
    const loads = valid.length;
    await writeFile(file, '{"C": {"script": "xvnc", "count": 0}}');
    await expect.poll(() => invalid.at(-1)).toBe('sessions.json: /C/count: expected an integer from 1 to 64, found 0');
    expect(valid.length).toBe(loads);
  });

  it('sees edits to the target of a symlinked file, in place and renamed over', async () => {
    await mkdir(join(dir.path, 'shown'));
    await mkdir(join(dir.path, 'real'));
    const target = join(dir.path, 'real', 'deck.json');
    const file = join(dir.path, 'shown', 'sessions.json');
    await writeFile(target, types('A'));
    await symlink(target, file);
    watchFile(file);
    await writeFile(target, types('B'));
    await expect.poll(lastValid).toEqual(['B']);
    await writeFile(`${target}.tmp`, types('C'));
    await rename(`${target}.tmp`, target);
    await expect.poll(lastValid).toEqual(['C']);
  });

  it('polls for what no watched directory sees: a symlink further along the path switched', async () => {
    const releases = join(dir.path, 'releases');
    for (const release of ['one', 'two']) await mkdir(join(releases, release), { recursive: true });
    await writeFile(join(releases, 'one', 'sessions.json'), types('One'));
    await writeFile(join(releases, 'two', 'sessions.json'), types('Two'));
    await symlink(join(releases, 'one'), join(releases, 'current'));
    const file = join(dir.path, 'sessions.json');
    await symlink(join(releases, 'current', 'sessions.json'), file);
    const watched: string[] = [];
    watchFile(file, 100, (directory) => (watched.push(directory), fsWatch(directory)));
    await symlink(join(releases, 'two'), join(releases, 'next'));
    await rename(join(releases, 'next'), join(releases, 'current'));
    await expect.poll(lastValid).toEqual(['Two']);
    // Now the new release's directory is watched.
    await expect.poll(() => watched).toContain(join(releases, 'two'));
    await writeFile(join(releases, 'two', 'sessions.json'), types('Two', 'More'));
    await expect.poll(lastValid).toEqual(['Two', 'More']);
  });

  it('polls where the file system reports no change (NFS): each edit, and the file gone and back', async () => {
    const file = join(dir.path, 'sessions.json');
    await writeFile(file, types('A'));
    const silent = () => Object.assign(new EventEmitter(), { close: () => undefined }) as unknown as FSWatcher;
    watchFile(file, 50, silent);
    await writeFile(file, types('B'));
    await expect.poll(lastValid).toEqual(['B']);
    await rm(file);
    await expect.poll(() => invalid.at(-1)).toMatch(/^sessions\.json: cannot read .*ENOENT/);
    await writeFile(file, types('C'));
    await expect.poll(lastValid).toEqual(['C']);
  });

  it('stops watching when closed', async () => {
    const file = join(dir.path, 'sessions.json');
    await writeFile(file, types('A'));
    watchFile(file, 50);
    watcher!.close();
    await writeFile(file, types('B'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(valid).toEqual([]);
  });
});
