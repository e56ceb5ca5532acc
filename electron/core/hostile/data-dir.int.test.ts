// Data that must not be lost, tried as a careless user and a hostile neighbour would: a data
// directory holding the user's own `sessions/` folder, a symlinked one, two hosts on one data
// directory, a hand-edited settings file with a trailing comma beside old history, a damaged live
// registry, a world-writable data directory. Real host processes where the host's own start-up is
// what is tested, engines in this process otherwise; every scenario counts descriptors and memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATA_DIR_MARKER, markScratchDir } from '../data-dir/markers';
import { SessionDeckEngine } from '../engine';
import { encodeLine } from '../journal/line-codec';
import { DAY_MS, utcDay } from '../journal/utc-day';
import { identify, isSameProcess } from '../process/process-identity';
import { fileSettingsStore } from '../settings/file-settings-store';
import { makeTempDir, writeSessionsFile, type TempDir } from '../testing/fixtures';
import { reserveDisplays } from '../testing/free-display';
import { withoutLeaks } from './leak-check';

const DISPLAY_BASE = await reserveDisplays(1);
const TYPES = { Desk: { script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: DISPLAY_BASE } } };

let root: TempDir;
let sessionsFile: string;
let children: ChildProcess[] = [];

beforeEach(async () => {
  root = await makeTempDir('deck-hostile-data');
  sessionsFile = await writeSessionsFile(root.path, TYPES);
});

afterEach(async () => {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  children = [];
  await root.remove();
});

function engineOn(dataDir: string, logs: string[] = []): SessionDeckEngine {
  return new SessionDeckEngine({
    sessionsFile,
    dataDir,
    user: 'tester',
    userGroups: [],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    allowedOrigins: [],
    settingsStore: fileSettingsStore(join(dataDir, 'settings.json')),
    stopGraceMs: 1_000,
    log: (line) => logs.push(line),
  });
}

/** Starts an engine that must be refused; returns the refusal's message. */
async function refusal(dataDir: string): Promise<string> {
  const engine = engineOn(dataDir);
  try {
    await engine.start();
  } catch (error) {
    return (error as Error).message;
  } finally {
    await engine.close();
  }
  throw new Error(`the engine started on ${dataDir}`);
}

interface HostRun {
  child: ChildProcess;
  /** Resolves once the host says it is ready, or rejects with its output when it exits first. */
  ready: Promise<void>;
  exit: Promise<{ code: number | null; output: string }>;
}

function startHost(dataDir: string, tokenFile: string | null = join(root.path, 'token')): HostRun {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/headless/cli.ts', '--config', sessionsFile, '--port', '0', '--data-dir', dataDir, ...(tokenFile ? ['--token-file', tokenFile] : []), '--no-open'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  const exit = new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready at http:\/\/127\.0\.0\.1:\d+\//.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exit.then(() => reject(new Error(`host exited:\n${output}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exit };
}

const tree = (dir: string) => readdir(dir, { recursive: true }).then((names) => names.sort());

describe('the data directory under careless and hostile use', { timeout: 60_000 }, () => {
  it("refuses a folder with the user's own sessions/ folder, and deletes none of its files", async () => {
    const dataDir = join(root.path, 'projects');
    await mkdir(join(dataDir, 'sessions', 'AbCdEfGhIjKl'), { recursive: true });
    await writeFile(join(dataDir, 'sessions', 'AbCdEfGhIjKl', 'draft.txt'), 'my words');
    await writeFile(join(dataDir, 'sessions', 'minutes.txt'), 'keep me');
    const before = await tree(dataDir);
    const message = await withoutLeaks(() => refusal(dataDir));
    expect(message).toMatch(/is not empty and Session Deck did not create it .*"sessions\/minutes\.txt"/);
    expect(await tree(dataDir)).toEqual(before);
  });

  it("refuses to host in the user's folder and writes nothing there, not even its token", async () => {
    const dataDir = join(root.path, 'projects');
    await mkdir(join(dataDir, 'sessions'), { recursive: true });
    await writeFile(join(dataDir, 'sessions', 'minutes.txt'), 'keep me');
    const before = await tree(dataDir);
    const { code, output } = await withoutLeaks(() => startHost(dataDir, null).exit);
    expect(code).toBe(1);
    expect(output).toMatch(/^session-deck-host: data directory .* is not empty and Session Deck did not create it/m);
    expect(output).not.toContain('    at ');
    expect(await tree(dataDir)).toEqual(before);
  });

  it('in its own data directory removes only the scratch directories it marked', async () => {
    const dataDir = join(root.path, 'data');
    await (async () => {
      const engine = engineOn(dataDir);
      await engine.start();
      await engine.close();
    })();
    const sessions = join(dataDir, 'sessions');
    await mkdir(join(sessions, 'OrphanOrphan'));
    await markScratchDir(join(sessions, 'OrphanOrphan'));
    await mkdir(join(sessions, 'LooksLikeOne'));
    await writeFile(join(sessions, 'LooksLikeOne', 'thesis.tex'), 'six years');
    await mkdir(join(root.path, 'elsewhere'));
    await markScratchDir(join(root.path, 'elsewhere'));
    await symlink(join(root.path, 'elsewhere'), join(sessions, 'LinkedLinked'));
    const logs: string[] = [];
    await withoutLeaks(async () => {
      const engine = engineOn(dataDir, logs);
      await engine.start();
      await engine.close();
    });
    expect((await readdir(sessions)).sort()).toEqual(['LinkedLinked', 'LooksLikeOne']);
    expect(await readFile(join(sessions, 'LooksLikeOne', 'thesis.tex'), 'utf8')).toBe('six years');
    expect(await readdir(join(root.path, 'elsewhere'))).toHaveLength(1);
    expect(logs.join('\n')).toContain(`leaving ${join(sessions, 'LooksLikeOne')} alone`);
  });

  it('refuses a symlinked sessions/ and never touches what it points at', async () => {
    const dataDir = join(root.path, 'data');
    await mkdir(dataDir, { mode: 0o700 });
    await writeFile(join(dataDir, DATA_DIR_MARKER), '');
    const photos = join(root.path, 'photos');
    await mkdir(join(photos, 'AbCdEfGhIjKl'), { recursive: true });
    await markScratchDir(join(photos, 'AbCdEfGhIjKl'));
    await symlink(photos, join(dataDir, 'sessions'));
    const message = await withoutLeaks(() => refusal(dataDir));
    expect(message).toContain(`${join(dataDir, 'sessions')} is a symbolic link`);
    expect(await readdir(photos)).toEqual(['AbCdEfGhIjKl']);
  });

  it('refuses a world-writable data directory, naming its mode and the fix', async () => {
    const dataDir = join(root.path, 'data');
    await mkdir(dataDir);
    await chmod(dataDir, 0o777);
    const message = await withoutLeaks(() => refusal(dataDir));
    expect(message).toBe(`data directory ${dataDir} is writable by every user (mode 0777): another user could replace Session Deck's files there; make it private with: chmod 700 '${dataDir}'`);
  });

  it('lets two engines in one process not share a data directory; the second names the first', async () => {
    const dataDir = join(root.path, 'data');
    await withoutLeaks(async () => {
      const first = engineOn(dataDir);
      await first.start();
      try {
        expect(await refusal(dataDir)).toMatch(new RegExp(`in use by another Session Deck \\(pid ${process.pid}, this very process, since \\d{4}-`));
      } finally {
        await first.close();
      }
      const again = engineOn(dataDir);
      await again.start();
      await again.close();
    });
  });

  it('refuses a second host on the same data directory, naming the first; a crashed first is taken over', async () => {
    const dataDir = join(root.path, 'data');
    await writeFile(join(root.path, 'token'), randomBytes(24).toString('base64url'), { mode: 0o600 });
    await withoutLeaks(async () => {
      const first = startHost(dataDir);
      await first.ready;
      const second = startHost(dataDir);
      const { code, output } = await second.exit;
      expect(code).toBe(1);
      expect(output).toMatch(new RegExp(`data directory ${dataDir} is in use by another Session Deck \\(pid ${first.child.pid}, since \\d{4}-\\d\\d-\\d\\dT`));
      first.child.kill('SIGKILL');
      await first.exit;
      const third = startHost(dataDir);
      await third.ready;
      third.child.kill('SIGTERM');
      expect((await third.exit).code).toBe(0);
    });
  });

  it('stops on a settings file with a trailing comma, with file, line and column, and old history survives', async () => {
    const dataDir = join(root.path, 'data');
    await mkdir(dataDir, { mode: 0o700 });
    await writeFile(join(dataDir, 'settings.json'), '{\n  "retentionDays": 365,\n}\n');
    const days = [40, 90, 200].map((age) => utcDay(Date.now() - age * DAY_MS));
    for (const log of ['audit', 'history']) {
      await mkdir(join(dataDir, 'journal', log), { recursive: true });
      for (const day of days) await writeFile(join(dataDir, 'journal', log, `${day}.jsonl`), encodeLine({ day }));
    }
    await writeFile(join(root.path, 'token'), randomBytes(24).toString('base64url'), { mode: 0o600 });
    const { code, output } = await withoutLeaks(() => startHost(dataDir).exit);
    expect(code).toBe(1);
    expect(output).toContain(`session-deck-host: ${join(dataDir, 'settings.json')}:3:1: expected a property name in double quotes, found "}"`);
    for (const log of ['audit', 'history']) expect(await readdir(join(dataDir, 'journal', log))).toEqual(days.map((day) => `${day}.jsonl`).sort());
    expect(await readFile(join(dataDir, 'settings.json'), 'utf8')).toContain('365');
  });

  it('moves a damaged live registry aside, says so, and ends the processes still legible in it', async () => {
    const dataDir = join(root.path, 'data');
    await (async () => {
      const engine = engineOn(dataDir);
      await engine.start();
      await engine.close();
    })();
    const orphan = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    const identity = (await identify(orphan.pid!))!;
    const stranger = { pid: process.pid, startTime: '1' }; // a pid ours no longer: must be left alone
    const text = `{"version":1,"sessions":[{"id":"AbCdEfGhIjKl","processes":[{"pid":${identity.pid},"startTime":"${identity.startTime}","role":"server"},{"pid":${stranger.pid},"startTime":"1"}],"scratchDir":"/tm`;
    await writeFile(join(dataDir, 'live-sessions.json'), text);
    const logs: string[] = [];
    await withoutLeaks(async () => {
      const engine = engineOn(dataDir, logs);
      await engine.start();
      await engine.close();
    });
    const [moved] = (await readdir(dataDir)).filter((name) => name.startsWith('live-sessions.json.corrupt-'));
    expect(moved).toBeDefined();
    expect(await readFile(join(dataDir, moved!), 'utf8')).toBe(text);
    expect(logs.join('\n')).toContain(`live registry ${join(dataDir, 'live-sessions.json')} is damaged (`);
    expect(logs.join('\n')).toContain(`moved it to ${join(dataDir, moved!)}`);
    expect(await isSameProcess(identity)).toBe(false);
    expect(logs.join('\n')).toContain(`ended process ${identity.pid}`);
  });
});
