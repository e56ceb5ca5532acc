// A registry on fake time with scripts that live in the test: no VNC server, no module files, so
// lifecycle tests run in milliseconds. Every session event is recorded.
import type { RealizeService, SessionService, StartOptions } from '../../../../scripts/api';
import type { SessionInfo, TrafficTotals } from '../../../shared/session';
import { makeTempDir } from '../../testing/fixtures';
import type { SessionEvent } from '../session-events';
import { SessionRegistry } from '../session-registry';
import type { Timing } from '../session-timers';
import { FakeTime } from './fake-time';

/** What a test script does on start; by default it says its server listens on 127.0.0.1:5999. */
export interface TestScript {
  start?(options: StartOptions, setHostPort: (host: string, port: number) => void): Promise<boolean>;
  stop?(): Promise<void>;
  probe?(): Promise<string | undefined>;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const TEST_TIMING: Timing = {
  inactivityTimeoutMs: 15 * MINUTE,
  maxSessionMs: 24 * HOUR,
  lastViewerGraceMs: 0,
  startTimeoutMs: 30_000,
  sweepIntervalMs: 5_000,
};

export interface RegistryHarness {
  registry: SessionRegistry;
  time: FakeTime;
  events: SessionEvent[];
  /** Traffic reports, each with the fake time it was told at. */
  traffic: (TrafficTotals & { at: number })[];
  timing: Timing;
  stops: () => number;
  /** Public states a session went through, consecutive repeats folded. */
  statesOf(id: string): string[];
  start(type?: string): Promise<SessionInfo>;
  /** Waits (on real time, briefly) until the session reached a final state. */
  settled(id: string): Promise<SessionInfo>;
  /** Lets real I/O run until the condition holds (fake time stands still meanwhile). */
  until(condition: () => boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startRegistry(
  options: {
    timing?: Partial<Timing>;
    scripts?: Record<string, TestScript>;
    count?: number;
    userLimit?: number;
    alive?: () => Promise<void>;
    /** Every type's end_when_last_viewer_leaves grace. */
    lastViewerGraceMs?: number;
  } = {},
): Promise<RegistryHarness> {
  const dir = await makeTempDir('deck-registry');
  const time = new FakeTime();
  const timing: Timing = { ...TEST_TIMING, ...options.timing };
  const scripts = options.scripts ?? { Desk: {} };
  let stops = 0;
  const realizeOf = (script: TestScript): RealizeService => ({ setHostPort }) => {
    const service: SessionService = {
      start: (_token, _timestamp, startOptions) =>
        script.start ? script.start(startOptions, setHostPort) : Promise.resolve((setHostPort('127.0.0.1', 5999), true)),
      stop: async () => {
        stops++;
        await script.stop?.();
      },
    };
    const probe = script.probe;
    if (probe) service.probe = () => probe();
    return service;
  };
  const registry = new SessionRegistry({
    sessionsFile: `${dir.path}/sessions.json`,
    sessionsDir: dir.path,
    user: 'tester',
    userGroups: [],
    env: {},
    stopGraceMs: 2_000,
    timing: () => timing,
    userLimit: () => options.userLimit ?? 8,
    log: () => undefined,
    clock: time,
    scheduler: time,
    loadScript: async (name) => realizeOf(scripts[name]!),
    checkAlive: options.alive ?? (() => Promise.resolve()),
  });
  const grace = options.lastViewerGraceMs !== undefined ? { lastViewerGraceMs: options.lastViewerGraceMs } : {};
  registry.applyConfig(Object.keys(scripts).map((name) => ({ name, script: name, count: options.count ?? 2, options: {}, sizes: ['800x600'], ...grace })));
  await registry.slotsChecked();
  const events: SessionEvent[] = [];
  registry.events.on((event) => void events.push(event));
  const traffic: (TrafficTotals & { at: number })[] = [];
  registry.traffic.on((totals) => void traffic.push({ ...totals, at: time.now() }));
  registry.startSweeping();
  const final = (info: SessionInfo | undefined) => info?.state === 'terminated' || info?.state === 'failed';
  return {
    registry,
    time,
    events,
    traffic,
    timing,
    stops: () => stops,
    statesOf(id) {
      const states = events.flatMap((event) => (event.kind !== 'refused' && event.session.id === id ? [event.session.state] : []));
      return states.filter((state, i) => state !== states[i - 1]);
    },
    start: (type = Object.keys(scripts)[0]!) => registry.startSession({ type, size: '800x600' }),
    async settled(id) {
      for (let i = 0; i < 500 && !final(registry.findSession(id)); i++) await time.settle();
      return registry.getSession(id);
    },
    async until(condition) {
      for (let i = 0; i < 500 && !condition(); i++) await time.settle();
      if (!condition()) throw new Error('the condition never held');
    },
    async close() {
      await registry.close();
      await dir.remove();
    },
  };
}
