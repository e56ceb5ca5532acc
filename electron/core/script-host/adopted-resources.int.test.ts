// A session re-adopted after a restart: at its end, what left its recorded process groups (setsid)
// is found by the session's marker and ended too; a process with another session's marker is not.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesWithEnvironment } from '../../../scripts/lib/proc';
import { findProcesses, makeTempDir } from '../testing/fixtures';
import { randomVncPassword, writeVncPasswordFile } from '../vnc/vnc-auth';
import { adoptSessionResources } from './adopted-resources';
import { SESSION_MARKER, sessionMarkerEntry } from './session-environment';

const daemon = (session: string, seconds: string) =>
  spawn('/bin/sh', ['-c', `setsid sleep ${seconds} &`], { env: { PATH: process.env.PATH, [SESSION_MARKER]: session }, stdio: 'ignore' });

describe('a re-adopted session', () => {
  it('ends the processes that carry its marker, and only those', async () => {
    const dir = await makeTempDir('deck-adopted');
    const scratchDir = join(dir.path, 'adopted-1');
    await mkdir(scratchDir, { mode: 0o700 });
    await writeVncPasswordFile(join(scratchDir, 'passwd'), randomVncPassword());
    daemon('adopted-1', '1011');
    daemon('adopted-10', '1012'); // another session: a marker that only starts alike
    try {
      await expect.poll(() => findProcesses('sleep', '101')).toHaveLength(2);
      const handle = await adoptSessionResources({ id: 'adopted-1', scratchDir, processes: [], stopGraceMs: 1000 });
      await handle.release();
      expect(await findProcesses('sleep', '1011')).toEqual([]);
      expect(await findProcesses('sleep', '1012')).toHaveLength(1);
    } finally {
      for (const pid of await processesWithEnvironment(sessionMarkerEntry('adopted-10'))) process.kill(pid, 'SIGKILL');
      await dir.remove();
    }
  });
});
