import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { endRecordedGroup, identify, isSameProcess } from './process-identity';

describe('process identity', () => {
  it('never signals a process whose start time differs from the record (a reused pid)', async () => {
    const stranger = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      const identity = await identify(stranger.pid!);
      expect(identity).toBeDefined();
      expect(await isSameProcess(identity!)).toBe(true);
      const impostor = { pid: stranger.pid!, startTime: String(Number(identity!.startTime) - 1) };
      expect(await endRecordedGroup(impostor, 200)).toBe(false);
      expect(await isSameProcess(identity!)).toBe(true);
      const exited = new Promise((resolve) => stranger.once('exit', resolve));
      expect(await endRecordedGroup(identity!, 2000)).toBe(true);
      await exited;
      expect(await isSameProcess(identity!)).toBe(false);
    } finally {
      stranger.kill('SIGKILL');
    }
  });
});
