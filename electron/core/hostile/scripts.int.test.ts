// Scripts that try to take the host down: an unhandled rejection, process.exit at import and during
// a start, an import that never finishes, a path at a device or a FIFO, a stop() or probe() that
// never answers, a daemon that leaves the session's process group, an edited module. In each the
// host stays up and answers, and nothing is left behind: no process, no descriptor.
import { execFileSync } from 'node:child_process';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeScriptModules, configureScriptModules } from '../script-host/script-modules';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { findProcesses } from '../testing/fixtures';
import { withoutLeaks } from './leak-check';

// Long enough for a module that fails at once to fail by itself on a loaded machine.
const LOAD_TIMEOUT_MS = 5000;
const SIZES = { sizes: ['800x600'] };

/** A module whose start() runs `start` (after `setHostPort`), and whose stop() runs `stop`. */
const scriptModule = (parts: { top?: string; start?: string; stop?: string; probe?: string }) => `
${parts.top ?? ''}
export function realizeService({ setHostPort }) {
  return {
    async start(token, timestamp, { session }) { setHostPort('127.0.0.1', 5999); ${parts.start ?? 'return true;'} },
    async stop() { ${parts.stop ?? ''} },
    ${parts.probe ? `async probe() { ${parts.probe} },` : ''}
  };
}
`;

const GOOD = scriptModule({ start: `session.spawn('sleep', ['4601']); return true;` });

/** The error a start rejects with. */
const startError = (harness: EngineHarness, type: string) =>
  harness.engine.startSession({ type, size: '800x600' }).then(
    () => undefined,
    (error: unknown) => error as { code: string; message: string; details?: { logTail?: string } },
  );

/** Starts an engine with the types and modules, runs the scenario, ends it all, checks for leaks. */
async function scenario(types: Record<string, string>, modules: Record<string, string>, body: (harness: EngineHarness) => Promise<void>) {
  const dir = await withoutLeaks(async () => {
    const entries = Object.fromEntries(Object.entries(types).map(([type, script]) => [type, { script, count: 1, options: SIZES }]));
    const harness = await startEngine(entries, {}, modules);
    try {
      await body(harness);
    } finally {
      await harness.close();
      await closeScriptModules();
    }
    return harness.dir;
  });
  expect(await findProcesses('script-runner.mjs', dir)).toEqual([]);
}

describe('a script cannot take the host down', () => {
  beforeAll(async () => {
    configureScriptModules({ loadTimeoutMs: LOAD_TIMEOUT_MS, log: () => undefined });
    // The config watcher's first fs.watch opens the process's one inotify descriptor, for good.
    await (await startEngine({ Good: { script: 'xvnc', count: 1, options: SIZES } })).close();
  });
  afterAll(() => closeScriptModules());

  it('an unhandled rejection inside start() fails that start only; the runner and the host go on', async () => {
    const rejects = scriptModule({ start: `Promise.reject(new Error('lost in the void')); await new Promise((r) => setTimeout(r, 50)); throw new Error('start blew up');` });
    await scenario({ Rejects: './rejects.mjs', Good: './good.mjs' }, { 'rejects.mjs': rejects, 'good.mjs': GOOD }, async (harness) => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await startError(harness, 'Rejects');
        expect(error).toMatchObject({ code: 'start_failed', message: expect.stringMatching(/start blew up/) });
        expect(error?.details?.logTail).toMatch(/unhandled error in script module .*rejects\.mjs: lost in the void/);
      }
      const good = await harness.engine.startSession({ type: 'Good', size: '800x600' });
      expect(good.state).toBe('ready');
      await harness.engine.stopSession(good.id);
    });
  });

  it('process.exit at import fails the load with a message; running sessions of other modules go on', async () => {
    await scenario({ Good: './good.mjs' }, { 'good.mjs': GOOD, 'exits.mjs': scriptModule({ top: 'process.exit(0);' }) }, async (harness) => {
      const running = await harness.engine.startSession({ type: 'Good', size: '800x600' });
      await harness.writeTypes({ Good: { script: './good.mjs', count: 1, options: SIZES }, Exits: { script: './exits.mjs', count: 1, options: SIZES } });
      await harness.engine.reloadConfig();
      expect((await harness.engine.getConfigStatus()).error).toMatch(/\/script: script module .*exits\.mjs exited with code 0 while loading/);
      expect(await harness.engine.getSession(running.id)).toMatchObject({ state: 'ready' });
      expect(await findProcesses('sleep', '4601')).toHaveLength(1);
      await harness.engine.stopSession(running.id);
    });
  });

  it('process.exit during a start fails it, and the runner is started again on the next use', async () => {
    const module = scriptModule({ top: `import { existsSync, writeFileSync } from 'node:fs'; const flag = new URL('./exited-once', import.meta.url);`, start: `if (!existsSync(flag)) { writeFileSync(flag, ''); process.exit(3); } return true;` });
    await scenario({ Once: './once.mjs' }, { 'once.mjs': module }, async (harness) => {
      expect(await startError(harness, 'Once')).toMatchObject({ code: 'start_failed', message: expect.stringMatching(/script module .*once\.mjs exited with code 3/) });
      const second = await harness.engine.startSession({ type: 'Once', size: '800x600' });
      expect(second.state).toBe('ready');
      await harness.engine.stopSession(second.id);
    });
  });

  it('messages that make no sense, sent from inside the module, are ignored', async () => {
    const junk = [null, 'text', { t: 'note', what: 'callback', service: 1, name: '__proto__', args: [] }, { t: 'note', what: 'callback', service: 1, name: 'setHostPort' }, { t: 'call', id: 1, method: 'secret', session: 'nope' }, { t: 'call', id: 2, method: 'secret' }, { t: 'reply', id: 999, ok: false }, { t: 'note', what: 'setViewerPassword', session: 'x', value: '' }];
    const module = scriptModule({ start: `for (const message of ${JSON.stringify(junk)}) process.send(message); process.send({ t: 'note', what: 'setViewerPassword', session: session.id, value: '' }); session.spawn('sleep', ['4605']); return true;` });
    await scenario({ Junk: './junk.mjs' }, { 'junk.mjs': module }, async (harness) => {
      const session = await harness.engine.startSession({ type: 'Junk', size: '800x600' });
      expect(session.state).toBe('ready');
      await harness.engine.stopSession(session.id);
    });
  });

  it('a runner that lets go of its channel is ended, and what was in flight in it fails', async () => {
    const module = scriptModule({ start: `process.removeAllListeners('disconnect'); process.disconnect(); setInterval(() => {}, 1000); await new Promise(() => {});` });
    await scenario({ Lets: './lets-go.mjs', Good: './good.mjs' }, { 'lets-go.mjs': module, 'good.mjs': GOOD }, async (harness) => {
      expect(await startError(harness, 'Lets')).toMatchObject({ code: 'start_failed', message: expect.stringMatching(/lets-go\.mjs was killed by SIGKILL/) });
      const good = await harness.engine.startSession({ type: 'Good', size: '800x600' });
      await harness.engine.stopSession(good.id);
    });
  });

  it('an import that never finishes fails after the load timeout, and a later reload is not blocked', async () => {
    const hangs = scriptModule({ top: 'await new Promise(() => {});' });
    await scenario({ Good: './good.mjs' }, { 'good.mjs': GOOD, 'hangs.mjs': hangs }, async (harness) => {
      await harness.writeTypes({ Hangs: { script: './hangs.mjs', count: 1, options: SIZES } });
      await harness.engine.reloadConfig();
      expect((await harness.engine.getConfigStatus()).error).toMatch(`hangs.mjs did not finish loading within ${LOAD_TIMEOUT_MS / 1000} s`);
      await harness.writeTypes({ Good: { script: './good.mjs', count: 1, options: SIZES }, Other: { script: './good.mjs', count: 1, options: SIZES } });
      await harness.engine.reloadConfig();
      expect((await harness.engine.getConfigStatus()).error).toBeUndefined();
      expect((await harness.engine.listTypes()).map((type) => type.name).sort()).toEqual(['Good', 'Other']);
    });
  });

  it('a script path at /dev/zero, a FIFO or a directory is refused before anything is read', async () => {
    await scenario({ Good: './good.mjs' }, { 'good.mjs': GOOD }, async (harness) => {
      execFileSync('mkfifo', [join(harness.dir, 'fifo.mjs')]);
      for (const [script, kind] of [['/dev/zero', 'a character device'], ['./fifo.mjs', 'a FIFO'], ['/tmp', 'a directory']] as const) {
        await harness.writeTypes({ Bad: { script, count: 1, options: SIZES } });
        // Read, /dev/zero and a FIFO would hang the load until its timeout, with another message.
        await harness.engine.reloadConfig();
        expect((await harness.engine.getConfigStatus()).error).toMatch(`is ${kind}, not a regular file`);
      }
    });
  });

  it('a syntax error names its file and line', async () => {
    await scenario({ Good: './good.mjs' }, { 'good.mjs': GOOD, 'broken.mjs': 'export function realizeService() {\n  return {{;\n}\n' }, async (harness) => {
      await harness.writeTypes({ Broken: { script: './broken.mjs', count: 1, options: SIZES } });
      await harness.engine.reloadConfig();
      expect((await harness.engine.getConfigStatus()).error).toMatch(/broken\.mjs failed to load: SyntaxError: Unexpected token .*\(.*broken\.mjs:2\)/);
    });
  });

  it('a stop() that never answers: the session still ends within the stop grace, its slot is freed, close() returns', async () => {
    const module = scriptModule({ start: `session.spawn('sleep', ['4602']); return true;`, stop: 'await new Promise(() => {});' });
    await scenario({ Stuck: './stuck.mjs' }, { 'stuck.mjs': module }, async (harness) => {
      const session = await harness.engine.startSession({ type: 'Stuck', size: '800x600' });
      // Without the harness's 2 s stop grace these would wait for ever, past the test's timeout.
      expect(await harness.engine.stopSession(session.id)).toMatchObject({ state: 'terminated' });
      expect(await findProcesses('sleep', '4602')).toEqual([]);
      expect((await harness.engine.listTypes())[0]?.slots[0]).toEqual({ index: 0, state: 'free' });
      const again = await harness.engine.startSession({ type: 'Stuck', size: '800x600' });
      await harness.engine.close();
      expect(await harness.engine.getSession(again.id)).toMatchObject({ state: 'terminated', cause: 'manager_shutdown' });
    });
  });

  it("a probe() that never answers makes the slot unavailable with that reason, and the host answers meanwhile", async () => {
    const module = scriptModule({ probe: 'await new Promise(() => {});' });
    await scenario({ Mute: './mute.mjs' }, { 'mute.mjs': module }, async (harness) => {
      const starting = startError(harness, 'Mute');
      expect(await harness.engine.listSessions()).toEqual([]);
      const error = await starting;
      expect(error).toMatchObject({ code: 'at_capacity', message: expect.stringMatching(/slot 0: the script's probe did not answer within 3000 ms/) });
      expect((await harness.engine.listTypes())[0]?.slots[0]).toEqual({ index: 0, state: 'unavailable', reason: "the script's probe did not answer within 3000 ms" });
    });
  });

  it("a process that left the session's process group (setsid) is gone after the session ends", async () => {
    const daemon = `1007.${process.pid}`; // this run's own: a leftover of another run is not counted
    const module = scriptModule({ start: `session.spawn('sleep', ['4603']); session.spawn('/bin/sh', ['-c', 'setsid sleep ${daemon} &'], { role: 'helper' }); return true;` });
    await scenario({ Daemon: './daemon.mjs' }, { 'daemon.mjs': module }, async (harness) => {
      const session = await harness.engine.startSession({ type: 'Daemon', size: '800x600' });
      await expect.poll(() => findProcesses(`sleep ${daemon}`)).toHaveLength(1);
      await harness.engine.stopSession(session.id);
      expect(await findProcesses(`sleep ${daemon}`)).toEqual([]);
    });
  });

  it('a module edited on disk is loaded afresh: a new runner, and the old one ends', async () => {
    const version = (n: number) => scriptModule({ start: `session.log('this is version ${n}'); return false;` });
    await scenario({ Edited: './edited.mjs' }, { 'edited.mjs': version(1) }, async (harness) => {
      expect((await startError(harness, 'Edited'))?.details?.logTail).toMatch(/this is version 1/);
      const path = join(harness.dir, 'edited.mjs');
      await writeFile(path, version(2));
      await utimes(path, new Date(), new Date(Date.now() + 5000)); // a new mtime even on a coarse clock
      await harness.engine.reloadConfig();
      expect((await startError(harness, 'Edited'))?.details?.logTail).toMatch(/this is version 2/);
      await expect.poll(() => findProcesses('script-runner.mjs', path)).toHaveLength(1);
    });
  });
});
