// A start is a race: the script's start() against its server exiting early, the start timeout and
// a stop asked for meanwhile. The first to finish decides the outcome; nothing here ends the session.
import type { SessionService } from '../../../scripts/api';
import type { TerminationCause } from '../../shared/session';
import type { SessionResourcesHandle } from '../script-host/session-resources';
import type { Scheduler } from './clock';
import type { VncTarget } from './session-record';

export type StartOutcome = { ok: true; target: VncTarget } | { ok: false; cause: TerminationCause; message: string };

/** The start timeout, held while the session waits in a scheduler's queue and restarted in full after. */
export class StartTimeout {
  private cancel: () => void = () => undefined;
  private fire: (() => void) | undefined;
  private paused = false;

  constructor(
    private readonly scheduler: Scheduler,
    readonly ms: number,
  ) {}

  arm(fire: () => void): void {
    this.fire = fire;
    if (!this.paused) this.restart();
  }

  pause(): void {
    this.paused = true;
    this.cancel();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.restart();
  }

  disarm(): void {
    this.cancel();
    this.fire = undefined;
  }

  private restart(): void {
    this.cancel();
    const fire = this.fire;
    this.cancel = fire ? this.scheduler.after(this.ms, fire) : () => undefined;
  }
}

export interface StartRaceInput {
  service: SessionService;
  resources: SessionResourcesHandle;
  session: { id: string; createdAt: number; size: string; user: string; maxDurationMs: number };
  timeout: StartTimeout;
  /** Where the script said its server listens (setHostPort or setUnixSocket), read once start() succeeded. */
  target(): VncTarget | undefined;
  /** Why a stop was asked for meanwhile, if one was. */
  stopCause(): TerminationCause | undefined;
}

class Lost extends Error {
  constructor(
    readonly endCause: TerminationCause,
    message: string,
  ) {
    super(message);
  }
}

export async function raceStart(input: StartRaceInput): Promise<StartOutcome> {
  const { resources, session } = input;
  const [width, height] = session.size.split('x').map(Number) as [number, number];
  const contenders: Promise<unknown>[] = [
    // A module may return a plain value or throw synchronously: both count as its answer.
    Promise.resolve().then(() =>
      input.service.start(session.id, session.createdAt, { size: session.size, width, height, user: session.user, maxDurationMs: session.maxDurationMs, session: resources.resources }),
    ),
    resources.endingExit.then(({ cause, description }) => {
      if (cause === 'host_unreachable') throw new Lost('start_failed', description);
      throw new Lost('start_failed', `the ${cause === 'server_exited' ? 'server' : 'command'} exited during start: ${description}`);
    }),
    resources.jobEnded.then((description) => {
      throw new Lost('job_ended', `the batch job ended before its server was ready: ${description}`);
    }),
    new Promise<never>((_, reject) => input.timeout.arm(() => reject(new Lost('start_timeout', `no ready server within ${input.timeout.ms} ms`)))),
    new Promise<never>((_, reject) => {
      const onAbort = () => reject(new Lost(input.stopCause() ?? 'start_failed', 'start cancelled'));
      if (resources.resources.signal.aborted) onAbort();
      else resources.resources.signal.addEventListener('abort', onAbort, { once: true });
    }),
  ];
  try {
    const ok = await Promise.race(contenders);
    if (ok !== true) return { ok: false, cause: 'start_failed', message: 'the script reported failure' };
    const target = input.target();
    if (!target) return { ok: false, cause: 'start_failed', message: 'the script never called setHostPort(host, port) or setUnixSocket(path)' };
    return { ok: true, target };
  } catch (error) {
    if (error instanceof Lost) return { ok: false, cause: error.endCause, message: error.message };
    return { ok: false, cause: input.stopCause() ?? 'start_failed', message: (error as Error)?.message ?? String(error) };
  } finally {
    input.timeout.disarm();
    resources.abort('start finished');
  }
}
