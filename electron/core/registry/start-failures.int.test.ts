// A start that returns false, throws, hangs, never says where its server listens, or whose server
// exits early: the slot is freed at once, everything the script spawned is killed, stop() runs
// once, and the session ends as failed with the cause and the tail of the script's log.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { findProcesses } from '../testing/fixtures';

/** A module whose start() runs `body`; stop() appends a line to stops.txt beside it. */
const scriptModule = (body: string) => `
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
const here = new URL('.', import.meta.url).pathname;
export function realizeService({ setHostPort }) {
  return {
    async start(token, timestamp, { session }) {
      ${body}
    },
    async stop() { appendFileSync(join(here, 'stops.txt'), 'stop\\n'); },
  };
}
`;

const MODULES = {
  'false.mjs': scriptModule(`session.log('about to fail'); session.spawn('sleep', ['4242'], { role: 'helper' }); return false;`),
  'throws.mjs': scriptModule(`session.log('the disk is on fire'); throw new Error('boom: no such server');`),
  'hangs.mjs': scriptModule(`session.spawn('sleep', ['4243'], { role: 'helper' }); await new Promise(() => {});`),
  'exits.mjs': scriptModule(`session.spawn('sh', ['-c', 'echo server gave up >&2; exit 3']); await session.waitForPort('127.0.0.1', 1, 60000); return true;`),
  'no-host-port.mjs': scriptModule(`return true;`),
};

const TYPES = Object.fromEntries(
  Object.keys(MODULES).map((file) => [file.replace('.mjs', ''), { script: `./${file}`, count: 1, options: { sizes: ['800x600'] } }]),
);

describe('failed starts', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  const stopsCalled = async () => (await readFile(join(harness.dir, 'stops.txt'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

  it.each([
    ['false', 'start_failed', /the script reported failure/, /about to fail/],
    ['throws', 'start_failed', /boom: no such server/, /the disk is on fire/],
    ['hangs', 'start_timeout', /no ready server within 1500 ms/, /started helper sleep/],
    ['exits', 'start_failed', /the server exited during start: sh exited with code 3/, /server gave up/],
    ['no-host-port', 'start_failed', /never called setHostPort/, /session .*no-host-port slot 0/],
  ])('%s: fails with %s, frees the slot, kills what it spawned, stops once', async (type, cause, message, logLine) => {
    harness = await startEngine(TYPES, { timing: { startTimeoutMs: 1500 } }, MODULES);
    const error = await harness.engine.startSession({ type, size: '800x600' }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ code: 'start_failed', message: expect.stringMatching(message), details: { cause, logTail: expect.stringMatching(logLine) } });
    const sessionId = (error as { details: { sessionId: string } }).details.sessionId;
    expect(await harness.engine.getSession(sessionId)).toMatchObject({ state: 'failed', cause, message: expect.stringMatching(message), logTail: expect.stringMatching(logLine) });
    expect(harness.statesOf(sessionId)).toEqual(['starting', 'failed']);
    expect((await harness.engine.listTypes()).find((t) => t.name === type)?.slots[0]).toEqual({ index: 0, state: 'free' });
    expect(await findProcesses('sleep', '424')).toEqual([]);
    expect(await stopsCalled()).toBe(1);

    const audit = await harness.engine.listAudit({ sessionId });
    expect(audit.items.map((record) => record.kind)).toEqual(['session_completed', 'start_failed', 'session_created']);
    const history = await harness.engine.listHistory({ type });
    expect(history.items[0]).toMatchObject({ id: sessionId, state: 'failed', cause });
  });

  it('a stop during a hanging start ends it as terminated by the user, and stop() still runs once', async () => {
    harness = await startEngine(TYPES, { timing: { startTimeoutMs: 60_000 } }, MODULES);
    const starting = harness.engine.startSession({ type: 'hangs', size: '800x600' });
    await expect.poll(() => findProcesses('sleep', '4243')).toHaveLength(1);
    const [session] = await harness.engine.listSessions();
    const stopped = await harness.engine.stopSession(session!.id);
    expect(stopped).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect(await starting).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect(await findProcesses('sleep', '4243')).toEqual([]);
    expect(await stopsCalled()).toBe(1);
  });
});

describe('a script that cannot be set up', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('fails the start with its error (not at capacity) when realizeService or probe throws, and frees the slot', async () => {
    const modules = {
      'bad-realize.mjs': `export function realizeService({ commonOptions }) { throw new Error('options.port: expected a port, found "x"'); }`,
      'bad-probe.mjs': `export function realizeService() { return { async probe() { throw new Error('cannot read /proc'); }, async start() { return true; }, async stop() {} }; }`,
    };
    harness = await startEngine(
      { BadRealize: { script: './bad-realize.mjs', count: 1, options: { sizes: ['800x600'] } }, BadProbe: { script: './bad-probe.mjs', count: 1, options: { sizes: ['800x600'] } } },
      {},
      modules,
    );
    await expect(harness.engine.startSession({ type: 'BadRealize', size: '800x600' })).rejects.toMatchObject({
      code: 'start_failed',
      message: 'BadRealize: options.port: expected a port, found "x"',
    });
    await expect(harness.engine.startSession({ type: 'BadProbe', size: '800x600' })).rejects.toMatchObject({ code: 'start_failed', message: 'BadProbe: cannot read /proc' });
    for (const type of await harness.engine.listTypes()) expect(type.slots[0]).toEqual({ index: 0, state: 'free' });
    expect(await harness.engine.listSessions()).toEqual([]);
  });
});
