// Nexus-style Python scripts through the engine, with the system python3: a start that returns
// False, raises, hangs, or never calls set_host_port fails and frees its slot with its printed
// output and traceback in the error and the log, and what it started is ended; stop() runs exactly
// once per start; the runner is gone after stop; a syntax error is a configuration error.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSessionTypes } from '../config/session-types';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { findProcesses } from '../testing/fixtures';
import { reserveDisplay } from '../testing/free-display';
import { connectViewer } from '../testing/viewer-client';
import { probeRfbServer } from '../vnc/rfb-client';
import { readVncPasswordFile } from '../vnc/vnc-auth';

const XVNC_DISPLAY = await reserveDisplay();
const FIXED_DISPLAY = await reserveDisplay();

/** A script whose start() runs `body` (indented 8 spaces); stop() appends a line to stops.txt beside it. */
const script = (body: string, stop = 'pass') => `
import json, os, subprocess, sys, time
from nexus_remote_service import RemoteServiceScript

HERE = os.path.dirname(os.path.abspath(__file__))

class Script(RemoteServiceScript):
    def start(self, token, timestamp=None, options=dict()):
${body
  .trim()
  .split('\n')
  .map((line) => `        ${line}`)
  .join('\n')}

    def stop(self):
        with open(os.path.join(HERE, "stops.txt"), "a") as out:
            out.write("stop\\n")
        ${stop}
        return super().stop()

def realize_service(name, count=1, index=0, common_options=dict()):
    return Script(name, count=count, index=index, common_options=common_options)
`;

const MODULES = {
  'false.py': script(`
print("about to fail")
subprocess.Popen(["sleep", "4251"])
return False`),
  'raises.py': script(`
print("the disk is on fire")
raise RuntimeError("boom: no such server")`),
  'hangs.py': script(`
subprocess.Popen(["sleep", "4252"])
time.sleep(3600)`),
  'no_host_port.py': script(`
print("forgot set_host_port")
return super().start(token, timestamp=timestamp, options=options)`),
  // A real Xvnc with the session's password file, as options hands it over; plus a process that
  // leaves the runner's process group (setsid) and one that stays in it.
  'xvnc.py': script(
    `
with open(os.path.join(HERE, "options.json"), "w") as out:
    json.dump({"options": options, "name": self._name, "count": self._count, "index": self._index, "common": self._common_options, "home": os.environ["HOME"]}, out)
display = self._common_options["display_base"] + self._index
self._server = subprocess.Popen(["Xvnc", ":%d" % display, "-rfbport", str(5900 + display), "-localhost", "-interface", "127.0.0.1",
    "-SecurityTypes", "VncAuth", "-PasswordFile", options["session_deck_password_file"], "-geometry", options["size"], "-nolisten", "tcp"])
subprocess.Popen(["setsid", "sleep", "4253"])
subprocess.Popen(["sleep", "4254"])
print("xvnc started for", options["username"])
self.set_host_port("127.0.0.1", 5900 + display)
for _ in range(200):
    try:
        import socket
        socket.create_connection(("127.0.0.1", 5900 + display), timeout=1).close()
        break
    except OSError:
        time.sleep(0.05)
return super().start(token, timestamp=timestamp, options=options)`,
    'self._server.terminate()',
  ),
};

const TYPES = {
  false: { script: './false.py', count: 1, options: { sizes: ['800x600'] } },
  raises: { script: './raises.py', count: 1, options: { sizes: ['800x600'] } },
  hangs: { script: './hangs.py', count: 1, options: { sizes: ['800x600'] } },
  no_host_port: { script: './no_host_port.py', count: 1, options: { sizes: ['800x600'] } },
  xvnc: { script: 'xvnc.py', count: 1, options: { sizes: ['800x600'], display_base: XVNC_DISPLAY, site_key: 'kept' } },
  fixed: { script: 'xvnc.py', count: 1, options: { sizes: ['800x600'], display_base: FIXED_DISPLAY, password_secret: 'site-vnc' } },
};

describe('Python session scripts', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  const stopsCalled = async () => (await readFile(join(harness.dir, 'stops.txt'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

  it.each([
    ['false', 'start_failed', /the script reported failure/, /about to fail[\s\S]*start\(\) returned False/],
    ['raises', 'start_failed', /start\(\) raised .*RuntimeError: boom: no such server/, /the disk is on fire[\s\S]*Traceback[\s\S]*raises\.py", line \d+, in start/],
    ['hangs', 'start_timeout', /no ready server within 2500 ms/, /started helper python3/],
    ['no_host_port', 'start_failed', /never called setHostPort/, /forgot set_host_port/],
  ])('%s: fails with %s, frees the slot, ends what it started, stops once', async (type, cause, message, logLine) => {
    harness = await startEngine(TYPES, { timing: { startTimeoutMs: 2500 } }, MODULES);
    const error = await harness.engine.startSession({ type, size: '800x600' }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ code: 'start_failed', message: expect.stringMatching(message), details: { cause, logTail: expect.stringMatching(logLine) } });
    const sessionId = (error as { details: { sessionId: string } }).details.sessionId;
    expect(harness.statesOf(sessionId)).toEqual(['starting', 'failed']);
    expect((await harness.engine.listTypes()).find((t) => t.name === type)?.slots[0]).toEqual({ index: 0, state: 'free' });
    expect(await findProcesses('sleep', '425')).toEqual([]);
    expect(await findProcesses('script_runner.py', type)).toEqual([]);
    expect(await stopsCalled()).toBe(1);
  });

  it('runs a real server: options as documented, print() in the log, stop() once, nothing left after stop', async () => {
    harness = await startEngine(TYPES, {}, MODULES);
    const session = await harness.engine.startSession({ type: 'xvnc', size: '800x600' });
    expect(session.state).toBe('ready');
    const seen = JSON.parse(await readFile(join(harness.dir, 'options.json'), 'utf8'));
    const scratch = join(harness.dir, 'data', 'sessions', session.id);
    expect(seen).toEqual({
      options: {
        size: '800x600',
        width: 800,
        height: 600,
        username: 'tester',
        session_deck_session: session.id,
        session_deck_scratch_dir: scratch,
        session_deck_password_file: join(scratch, 'home', '.vnc', 'passwd'),
      },
      name: 'xvnc',
      count: 1,
      index: 0,
      common: TYPES.xvnc.options,
      home: join(scratch, 'home'),
    });
    // The password is never in the options (only in the 0600 file).
    expect(JSON.stringify(seen)).not.toContain(await readVncPasswordFile(join(scratch, 'passwd')));
    expect(await findProcesses('script_runner.py', 'xvnc.py')).toHaveLength(1);
    expect(await findProcesses('sleep', '4253')).toHaveLength(1);
    const log = await readFile(join(scratch, 'session.log'), 'utf8');
    expect(log).toMatch(/xvnc started for tester/);

    const stopped = await harness.engine.stopSession(session.id);
    expect(stopped).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect(await stopsCalled()).toBe(1);
    expect(await findProcesses('script_runner.py', 'xvnc.py')).toEqual([]);
    expect(await findProcesses('Xvnc', `:${XVNC_DISPLAY}`)).toEqual([]);
    // Left in the runner's group, and out of it (setsid): both ended with the session.
    expect(await findProcesses('sleep', '4254')).toEqual([]);
    expect(await findProcesses('sleep', '4253')).toEqual([]);
  });

  it("a site's fixed password: a saved secret named by password_secret, which the server checks and the bridge signs in with", async () => {
    harness = await startEngine(TYPES, {}, MODULES);
    const refused = await harness.engine.startSession({ type: 'fixed', size: '800x600' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'start_failed', message: expect.stringMatching(/no saved password named "site-vnc" \(save it in Settings > Saved secrets\)/) });
    await harness.engine.setSecret('site-vnc', 'fixedpw1');
    const session = await harness.engine.startSession({ type: 'fixed', size: '800x600' });
    try {
      const port = 5900 + FIXED_DISPLAY;
      await expect(probeRfbServer('127.0.0.1', port, 'wrongpw1')).rejects.toThrow(/authentication failed/i);
      expect(await probeRfbServer('127.0.0.1', port, 'fixedpw1')).toMatchObject({ width: 800, height: 600 });
      const viewer = await connectViewer((await harness.engine.openViewer(session.id)).url);
      expect(viewer.init).toMatchObject({ width: 800, height: 600 });
      await viewer.close();
    } finally {
      await harness.engine.stopSession(session.id);
    }
  });

  it('a stop during a hanging start: stop() still runs once, the session ends as stopped', async () => {
    harness = await startEngine(TYPES, { timing: { startTimeoutMs: 60_000 } }, MODULES);
    const starting = harness.engine.startSession({ type: 'hangs', size: '800x600' });
    await expect.poll(() => findProcesses('sleep', '4252'), { timeout: 30_000 }).toHaveLength(1);
    const [session] = await harness.engine.listSessions();
    expect(await harness.engine.stopSession(session!.id)).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect(await starting).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect(await findProcesses('sleep', '4252')).toEqual([]);
    expect(await findProcesses('script_runner.py', 'hangs.py')).toEqual([]);
    expect(await stopsCalled()).toBe(1);
  });

  it('a syntax error is a configuration error naming the file and the line', async () => {
    harness = await startEngine({}, {}, {});
    await writeFile(join(harness.dir, 'broken.py'), 'from nexus_remote_service import RemoteServiceScript\n\ndef realize_service(name, count=1, index=0, common_options=dict()):\n    return (\n\nclass X:\n    pass\n');
    const file = join(harness.dir, 'remote_session_config.json');
    await writeFile(file, JSON.stringify({ Broken: { script: 'broken.py', count: 1 } }));
    await expect(loadSessionTypes(file)).rejects.toThrow(/^remote_session_config\.json: \/Broken\/script: script module .*\/broken\.py failed to load: SyntaxError at line 4: /);
  });

  it('a script without realize_service, or one that raises at import, is a configuration error', async () => {
    harness = await startEngine({}, {}, {});
    await writeFile(join(harness.dir, 'empty.py'), 'x = 1\n');
    await writeFile(join(harness.dir, 'import.py'), 'import no_such_module_here\n');
    const file = join(harness.dir, 'sessions.json');
    await writeFile(file, JSON.stringify({ Empty: { script: 'empty.py', count: 1 } }));
    await expect(loadSessionTypes(file)).rejects.toThrow(/empty\.py failed to load: defines no realize_service function/);
    await writeFile(file, JSON.stringify({ Import: { script: 'import.py', count: 1 } }));
    await expect(loadSessionTypes(file)).rejects.toThrow(/import\.py failed to load: importing it raised .*ModuleNotFoundError: No module named 'no_such_module_here'/);
  });
});
