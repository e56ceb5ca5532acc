// Processes that carry a session's marker in their environment: what is left of a session after
// its process groups have been ended, such as a daemon that called setsid. Only processes of our
// own uid whose environment has this session's exact marker are ever signalled.
import { isLive, processesWithEnvironment } from '../../../scripts/lib/proc';
import { sessionMarkerEntry } from './session-environment';

const POLL_MS = 50;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}

/** SIGTERM to every process marked with sessionId, SIGKILL to those alive after graceMs; their pids. */
export async function endMarkedProcesses(sessionId: string, graceMs: number): Promise<number[]> {
  const pids = await processesWithEnvironment(sessionMarkerEntry(sessionId));
  if (pids.length === 0) return [];
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  const alive = async () => (await Promise.all(pids.map(async (pid) => ((await isLive(pid)) ? pid : undefined)))).filter((pid) => pid !== undefined);
  let left = await alive();
  while (left.length > 0 && Date.now() < deadline) {
    await delay(POLL_MS);
    left = await alive();
  }
  // Checked again before SIGKILL: a pid that ended meanwhile may have been reused.
  const stillMarked = new Set(await processesWithEnvironment(sessionMarkerEntry(sessionId)));
  for (const pid of left) if (stillMarked.has(pid)) signal(pid, 'SIGKILL');
  return pids;
}
