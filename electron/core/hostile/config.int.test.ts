// Hostile and careless sessions files, edited under a running engine with real Xvnc servers: 64 MiB
// and 1 MiB of '[', a 10,000-character type name, a key given twice, NUL bytes, a byte-order mark, the
// file's directory removed and made again, a symlinked file. Each broken edit is refused with its
// exact message while the last good configuration keeps starting sessions; none leaves a
// descriptor open.
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionDeckEngine } from '../engine';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { reserveDisplays } from '../testing/free-display';
import { withoutLeaks } from './leak-check';

const BASE = await reserveDisplays(6);
const entry = (offset: number) => ({ script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: BASE + offset } });
const desk = (name: string, offset: number) => ({ [name]: entry(offset) });
/** Reloads come from a watch event or, at worst, the 2 s poll. */
const WAIT = { timeout: 15_000, interval: 50 };

let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('deck-hostile-config');
});
afterAll(async () => dir?.remove());

async function startEngine(name: string, sessionsFile: string): Promise<SessionDeckEngine> {
  const engine = new SessionDeckEngine({ sessionsFile, dataDir: join(dir.path, `${name}-data`), user: 'tester', userGroups: [], env: { PATH: process.env.PATH ?? '' }, allowedOrigins: [], stopGraceMs: 2000 });
  await engine.start();
  return engine;
}

const typeNames = async (engine: SessionDeckEngine) => (await engine.listTypes()).filter((type) => !type.removed).map((type) => type.name).sort();
const configError = async (engine: SessionDeckEngine) => (await engine.getConfigStatus()).error;

/** The last good configuration still starts (and stops) a session of `type`. */
async function startsAndStops(engine: SessionDeckEngine, type: string): Promise<void> {
  const session = await engine.startSession({ type, size: '640x480' });
  expect(session.state).toBe('ready');
  await engine.stopSession(session.id);
}

describe('broken edits under a running engine', () => {
  let engine: SessionDeckEngine;
  let configDir: string;
  let file: string;
  beforeAll(async () => {
    configDir = join(dir.path, 'config');
    file = join(configDir, 'sessions.json');
    await mkdir(configDir);
    await writeFile(file, JSON.stringify(desk('Desk', 0)));
    engine = await startEngine('broken', file);
    // Open what stays open for the engine's life (the inotify descriptor) before counting.
    await startsAndStops(engine, 'Desk');
  });
  afterAll(async () => engine?.close());

  const refused = async (text: string | Buffer, message: string) => {
    await writeFile(file, text);
    await expect.poll(() => configError(engine), WAIT).toBe(message);
    expect(await typeNames(engine)).toEqual(['Desk']);
    await startsAndStops(engine, 'Desk');
  };

  // The test's own copy of each file is made before counting.
  it('64 MiB of "[": refused by its size, without reading it', async () => {
    const brackets = Buffer.alloc(64 * 2 ** 20, '[');
    await withoutLeaks(() => refused(brackets, 'sessions.json: too large: 64 MiB (at most 1 MiB)'));
  });

  it('1 MiB of "[": refused by its depth and path, before anything recurses', async () => {
    const brackets = Buffer.alloc(2 ** 20, '[');
    await withoutLeaks(() => refused(brackets, `sessions.json: ${'/0'.repeat(64)}: nested deeper than 64 levels, at line 1, column 65`));
  });

  it('a 10,000-character type name: cut short in the message', async () => {
    const name = 'n'.repeat(10_000);
    await withoutLeaks(() => refused(JSON.stringify({ ...desk('Desk', 0), [name]: entry(1) }), `sessions.json: /: expected a type name of 1-128 characters, found "${'n'.repeat(60)}"… (10000 characters)`));
  });

  it('a key given twice: both lines named', async () => {
    const text = `{\n  "Desk": {\n    "count": 1,\n    "script": "xvnc",\n    "count": 2,\n    "options": {"display_base": ${BASE}}\n  }\n}`;
    await withoutLeaks(() => refused(text, 'sessions.json: /Desk: the key "count" appears twice, at lines 3 and 5'));
  });

  it('NUL bytes in a command and in a type name: refused at load with their path', async () => {
    await withoutLeaks(async () => {
      const command = { Desk: { ...entry(0), options: { ...entry(0).options, command: 'xterm\u0000-e' } } };
      await refused(JSON.stringify(command), 'sessions.json: /Desk/options/command: expected text without control characters, found "xterm\\u0000-e"');
      await refused(JSON.stringify({ ...desk('Desk', 0), ...desk('Bad\u0000Name', 1) }), 'sessions.json: /: expected a key without control characters, found "Bad\\u0000Name"');
    });
  });

  it('a leading byte-order mark: the file loads', async () => {
    await withoutLeaks(async () => {
      await writeFile(file, `\uFEFF${JSON.stringify({ ...desk('Desk', 0), ...desk('Marked', 1) })}`);
      await expect.poll(() => typeNames(engine), WAIT).toEqual(['Desk', 'Marked']);
      expect(await configError(engine)).toBeUndefined();
      await writeFile(file, JSON.stringify(desk('Desk', 0)));
      await expect.poll(() => typeNames(engine), WAIT).toEqual(['Desk']);
    });
  });

  it('the directory removed and made again: the new file loads, and later edits are seen', async () => {
    await withoutLeaks(async () => {
      await rm(configDir, { recursive: true });
      await expect.poll(() => configError(engine), WAIT).toBe(`sessions.json: cannot read ${file}: ENOENT`);
      await startsAndStops(engine, 'Desk');
      await mkdir(configDir);
      await writeFile(file, JSON.stringify({ ...desk('Desk', 0), ...desk('Again', 2) }));
      await expect.poll(() => typeNames(engine), WAIT).toEqual(['Again', 'Desk']);
      expect(await configError(engine)).toBeUndefined();
      await writeFile(file, JSON.stringify({ ...desk('Desk', 0), ...desk('Third', 3) }));
      await expect.poll(() => typeNames(engine), WAIT).toEqual(['Desk', 'Third']);
      await startsAndStops(engine, 'Third');
    });
  });
});

describe('a symlinked sessions file', () => {
  it('reloads when the target is edited; a broken target keeps the last good configuration', async () => {
    const target = join(dir.path, 'real', 'deck.json');
    const file = join(dir.path, 'linked', 'sessions.json');
    await mkdir(join(dir.path, 'real'));
    await mkdir(join(dir.path, 'linked'));
    await writeFile(target, JSON.stringify(desk('Linked', 4)));
    await symlink(target, file);
    const engine = await startEngine('linked', file);
    try {
      await startsAndStops(engine, 'Linked');
      await withoutLeaks(async () => {
        await writeFile(target, JSON.stringify({ ...desk('Linked', 4), ...desk('More', 5) }));
        await expect.poll(() => typeNames(engine), WAIT).toEqual(['Linked', 'More']);
        await writeFile(target, '{"Linked": {"script": "xvnc", "count": 1e400}}');
        await expect.poll(() => configError(engine), WAIT).toBe('sessions.json: /Linked/count: expected an integer from 1 to 64, found 1e400 (out of range)');
        await startsAndStops(engine, 'More');
      });
    } finally {
      await engine.close();
    }
  });
});
