import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { groupAlive, isLive, isLiveState, parseStat, processesByGroup, processesWithEnvironment, processUid, readCommandLine, readEnvironment, readProcStat } from './proc';

const STAT = (comm: string) => `4242 (${comm}) S 1 4240 4239 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 18446744073709551615\n`;

describe('the /proc reader', () => {
  it('parses a stat line, whatever the command name holds', () => {
    for (const comm of ['sleep', 'a b', 'x) S 9 9 9 (y', '((']) {
      expect(parseStat(STAT(comm))).toEqual({ pid: 4242, state: 'S', ppid: 1, pgrp: 4240, session: 4239, startTime: '987654' });
    }
    expect(parseStat('')).toBeUndefined();
    expect(parseStat('garbage')).toBeUndefined();
    expect(parseStat('12 (short) S 1')).toBeUndefined();
  });

  it('reads this process: its stat, its command line', async () => {
    const self = await readProcStat(process.pid);
    expect(self).toMatchObject({ pid: process.pid, ppid: process.ppid });
    expect(await isLive(process.pid)).toBe(true);
    expect(await readCommandLine(process.pid)).toContain('node');
    expect(await readProcStat(2 ** 22 + 1)).toBeUndefined(); // above pid_max: never a process
    expect(await readCommandLine(2 ** 22 + 1)).toBe('');
  });

  it('indexes processes by group, tells zombies from live members, and sees a group end', async () => {
    // A group of its own: sh becomes `sleep 30`, which never reaps its exited child (a zombie).
    const child = spawn('/bin/sh', ['-c', 'sleep 0 & exec sleep 30'], { detached: true, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const pgid = child.pid!;
    try {
      await expect.poll(async () => ((await processesByGroup()).get(pgid) ?? []).map((member) => member.state).sort()).toEqual(['S', 'Z']);
      const members = (await processesByGroup()).get(pgid)!;
      expect(members.filter((member) => isLiveState(member.state)).map((member) => member.pid)).toEqual([pgid]);
      expect(members.every((member) => member.pgrp === pgid)).toBe(true);
      expect(await groupAlive(pgid)).toBe(true);
    } finally {
      process.kill(-pgid, 'SIGKILL');
    }
    await exited;
    await expect.poll(() => groupAlive(pgid)).toBe(false);
  });

  it('finds processes by an entry of the environment they started with, exactly, and only our own', async () => {
    const marker = `PROC_TEST_MARK=${process.pid}-${Date.now()}`;
    const marked = spawn('sleep', ['30'], { env: { PATH: process.env.PATH, PROC_TEST_MARK: marker.split('=')[1] }, stdio: 'ignore' });
    const other = spawn('sleep', ['30'], { env: { PATH: process.env.PATH, PROC_TEST_MARK: `${marker.split('=')[1]}0` }, stdio: 'ignore' });
    try {
      await expect.poll(() => readEnvironment(marked.pid!)).toContain(marker);
      expect(await processUid(marked.pid!)).toBe(process.getuid!());
      expect(await processesWithEnvironment(marker)).toEqual([marked.pid]);
      expect(await readEnvironment(2 ** 22 + 1)).toBeUndefined();
    } finally {
      marked.kill('SIGKILL');
      other.kill('SIGKILL');
    }
  });
});
