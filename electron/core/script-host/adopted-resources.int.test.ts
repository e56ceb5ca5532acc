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
    // This run's own ids and sleeps, so that parallel runs never meet.
    const [id, other] = [`adopted-${process.pid}`, `adopted-${process.pid}0`];
    const [mine, theirs] = [`1011.${process.pid}`, `1012.${process.pid}`];
    const dir = await makeTempDir('deck-adopted');
    const scratchDir = join(dir.path, id);
    await mkdir(scratchDir, { mode: 0o700 });
    await writeVncPasswordFile(join(scratchDir, 'passwd'), randomVncPassword());
    daemon(id, mine);
    daemon(other, theirs); // another session: a marker that only starts alike
    try {
      await expect.poll(async () => [...(await findProcesses(`sleep ${mine}`)), ...(await findProcesses(`sleep ${theirs}`))]).toHaveLength(2);
      const handle = await adoptSessionResources({ id, scratchDir, processes: [], stopGraceMs: 1000 });
      await handle.release();
      expect(await findProcesses(`sleep ${mine}`)).toEqual([]);
      expect(await findProcesses(`sleep ${theirs}`)).toHaveLength(1);
    } finally {
      for (const pid of await processesWithEnvironment(sessionMarkerEntry(other))) process.kill(pid, 'SIGKILL');
      await dir.remove();
    }
  });
});
