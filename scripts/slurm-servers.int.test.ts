// The other VNC servers a Slurm job can run on its node (options.server): TigerVNC's vncserver
// wrapper (which daemonizes Xvnc, so the job ends it by its pid file) and x11vnc on an Xvfb, each
// run for real in a one-node Slurm of this file's own: a viewer through the bridge gets the
// handshake and a whole frame; the password stays in 0600 files, never on a command line; a stop
// leaves no job, process, display lock or file behind.
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RfbClient } from '../electron/core/bridge/testing/rfb-client';
import { connectViewer } from '../electron/core/bridge/testing/viewer-client';
import { startEngine, type EngineHarness } from '../electron/core/testing/engine-harness';
import { displayTraces, findProcesses } from '../electron/core/testing/fixtures';
import { freeDisplays, reserveDisplays } from '../electron/core/testing/free-display';
import { SLURM_NODE, startSlurmCluster, type SlurmCluster } from '../electron/core/testing/slurm-cluster';
import { readVncPasswordFile } from '../electron/core/vnc/vnc-auth';
import { jobDirOf, startExplained } from './testing/slurm-session';
import { slurmType } from './testing/slurm-type';

const DISPLAYS = 2;

let cluster: SlurmCluster;
let h: EngineHarness;
let displayBase: number;
let workDir: string;

beforeAll(async () => {
  cluster = await startSlurmCluster();
  displayBase = await reserveDisplays(DISPLAYS);
  workDir = join(cluster.dir, 'work');
  await mkdir(workDir, { mode: 0o700 });
  const type = (server: string) => slurmType({ cluster, displayBase, displayCount: DISPLAYS, workDir, options: { server } });
  h = await startEngine({ tiger: type('vncserver'), x11: type('x11vnc') });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await cluster?.stop();
  if (displayBase !== undefined) freeDisplays(displayBase, DISPLAYS);
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
const exists = (path: string) => stat(path).then(() => true, () => false);

/** The password files a server was started with (-rfbauth, -PasswordFile), wherever they are. */
const passwordFilesOf = (cmdline: string) => [...cmdline.matchAll(/-(?:rfbauth|PasswordFile) (\S+)/g)].map((match) => match[1]!);

/**
 * A running job's servers: the expected programs, the password in no command line and only in 0600
 * files, and a whole frame through the bridge. Returns the password files the servers read.
 */
async function checkRunning(sessionId: string, programs: RegExp[]): Promise<string[]> {
  const session = await h.engine.getSession(sessionId);
  expect(session).toMatchObject({ state: 'ready', job: { node: SLURM_NODE } });
  const jobDir = jobDirOf(workDir, session.id);
  const running = await findProcesses(jobDir);
  for (const program of programs) expect(running.some((cmdline) => program.test(cmdline.split(' ')[0]!)), `${program} in ${running.join('\n')}`).toBe(true);
  const password = await readVncPasswordFile(join(jobDir, 'passwd'));
  expect(password.length).toBeGreaterThanOrEqual(6);
  for (const cmdline of running) expect(cmdline).not.toContain(password);
  const passwordFiles = [join(jobDir, 'passwd'), ...running.flatMap(passwordFilesOf)];
  for (const file of passwordFiles) expect(await modeOf(file), file).toBe(0o600);
  expect(await modeOf(join(jobDir, 'connection.json'))).toBe(0o600);

  const viewer = new RfbClient(await connectViewer((await h.engine.openViewer(session.id)).url));
  const init = await viewer.handshake();
  expect(init).toMatchObject({ width: 800, height: 600 });
  expect(await viewer.frame()).toBe(800 * 600 * init.bytesPerPixel);
  viewer.ws.close();
  return passwordFiles;
}

describe.each([
  { type: 'tiger', server: 'vncserver', programs: [/(^|\/)X(tiger)?vnc$/] },
  { type: 'x11', server: 'x11vnc', programs: [/(^|\/)x11vnc$/, /(^|\/)Xvfb$/] },
])('a Slurm job running $server', ({ type, programs }) => {
  it('serves its desktop through the bridge, keeps the password out of argv, and leaves nothing after a stop', async () => {
    const session = await startExplained(h, cluster, type);
    const jobDir = jobDirOf(workDir, session.id);
    let passwordFiles: string[];
    try {
      passwordFiles = await checkRunning(session.id, programs);
    } finally {
      const ended = await h.engine.stopSession(session.id);
      expect(ended).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    }
    expect((await cluster.jobs()).find((job) => job.id === session.job!.id)?.state).toMatch(/CANCELLED|COMPLETED/);
    expect(await findProcesses(jobDir)).toEqual([]);
    for (let display = displayBase; display < displayBase + DISPLAYS; display++) expect(await displayTraces(display)).toEqual([]);
    expect(await readdir(workDir)).toEqual([]);
    // Copies of the password outside the job directory (vncserver's temp dir) went with the server.
    for (const file of passwordFiles) expect(await exists(file), file).toBe(false);
  });
});
