// Durability of the day files, seen through the appender's fs seam: a crash test cannot see a
// missing sync (the page cache survives SIGKILL), so every sync is counted here instead.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { DayFileAppender, dayFilePath, nodeJournalFs, type AppendFile, type JournalFs } from './day-file-appender';

const line = (text: string) => Buffer.from(`${text}\n`);

/** The real file system, with every operation logged and datasync / close made controllable. */
function recordingFs() {
  const log: string[] = [];
  const hooks = {
    /** Awaited before each datasync completes. */
    beforeDatasync: async () => undefined as void,
    closeFails: false,
  };
  const fs: JournalFs = {
    async open(path, flags, mode) {
      const real = await nodeJournalFs.open(path, flags, mode);
      const name = basename(path);
      log.push(`open ${name}`);
      const file: AppendFile = {
        write: async (buffer, offset, length) => {
          log.push(`write ${name}`);
          return real.write(buffer, offset, length);
        },
        read: (buffer, offset, length, position) => real.read(buffer, offset, length, position),
        stat: () => real.stat(),
        datasync: async () => {
          await hooks.beforeDatasync();
          await real.datasync();
          log.push(`datasync ${name}`);
        },
        sync: async () => {
          await real.sync();
          log.push(`sync ${name}`);
        },
        close: async () => {
          log.push(`close ${name}`);
          await real.close();
          if (hooks.closeFails && name.endsWith('.jsonl')) throw new Error('close failed');
        },
      };
      return file;
    },
    readdir: (path) => nodeJournalFs.readdir(path),
    unlink: (path) => nodeJournalFs.unlink(path),
  };
  return { fs, log, hooks };
}

describe('day file appender durability', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir('deck-appender');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('syncs a burst of appends once, and acknowledges each only after that sync', async () => {
    const { fs, log } = recordingFs();
    const appender = new DayFileAppender(dir.path, fs);
    await appender.append('2030-01-01', line('first')); // creates the file
    log.length = 0;
    const burst = Array.from({ length: 5 }, (_, i) =>
      appender.append('2030-01-01', line(`burst ${i}`)).then((result) => {
        log.push(`ack ${i}`);
        return result;
      }),
    );
    await Promise.all(burst);
    expect(log.filter((entry) => entry.startsWith('datasync'))).toEqual(['datasync 2030-01-01.jsonl']);
    const synced = log.indexOf('datasync 2030-01-01.jsonl');
    expect(log.findIndex((entry) => entry.startsWith('write'))).toBeLessThan(synced);
    expect(log.findIndex((entry) => entry.startsWith('ack'))).toBeGreaterThan(synced);
    expect((await readFile(dayFilePath(dir.path, '2030-01-01'), 'utf8')).split('\n')).toHaveLength(7);
    await appender.close();
  });

  it('does not acknowledge an append while its sync is still running', async () => {
    const { fs, hooks } = recordingFs();
    let release: () => void = () => undefined;
    hooks.beforeDatasync = () => new Promise<void>((resolve) => (release = resolve));
    const appender = new DayFileAppender(dir.path, fs);
    let acknowledged = false;
    const append = appender.append('2030-01-01', line('x')).then(() => (acknowledged = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acknowledged).toBe(false);
    release();
    await append;
    expect(acknowledged).toBe(true);
    await appender.close();
  });

  it('syncs the directory when it creates a day file, not when it reopens one', async () => {
    const { fs, log } = recordingFs();
    const appender = new DayFileAppender(dir.path, fs);
    await appender.append('2030-01-01', line('x'));
    const dirName = basename(dir.path);
    expect(log.filter((entry) => !entry.startsWith('close'))).toEqual(['open 2030-01-01.jsonl', `open ${dirName}`, `sync ${dirName}`, 'write 2030-01-01.jsonl', 'datasync 2030-01-01.jsonl']);
    await appender.close();
    log.length = 0;
    const again = new DayFileAppender(dir.path, fs);
    await again.append('2030-01-01', line('y'));
    expect(log).not.toContain(`sync ${dirName}`);
    await again.close();
  });

  it('a file close that fails while trimming open files is no unhandled rejection, and the other files still close', async () => {
    const { fs, hooks, log } = recordingFs();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const appender = new DayFileAppender(dir.path, fs);
      hooks.closeFails = true;
      // Four days in one burst: the two oldest handles are closed after the flush.
      const days = ['2030-01-01', '2030-01-02', '2030-01-03', '2030-01-04'];
      const results = await Promise.all(days.map((day) => appender.append(day, line(day))));
      expect(results.map((result) => result.day)).toEqual(days);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      expect(log.filter((entry) => entry.startsWith('close') && entry.endsWith('.jsonl'))).toEqual(['close 2030-01-01.jsonl', 'close 2030-01-02.jsonl']);
      expect(await appender.append('2030-01-04', line('still working'))).toMatchObject({ day: '2030-01-04' });
      await appender.close().catch(() => undefined);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
