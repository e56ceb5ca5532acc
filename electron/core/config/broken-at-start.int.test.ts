// A sessions file that is broken when the app starts: the app (invalidSessionsFile:
// 'start_without_types') starts with no types and the error in its config status, and the fixed
// file applies without a restart; the default still refuses the start.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionDeckEngine } from '../engine';
import { makeTempDir, type TempDir } from '../testing/fixtures';

describe('a sessions file broken at start', () => {
  let dir: TempDir;
  let engine: SessionDeckEngine | undefined;
  afterEach(async () => {
    await engine?.close();
    await dir?.remove();
  });

  const engineFor = (file: string, invalidSessionsFile?: 'refuse' | 'start_without_types') =>
    new SessionDeckEngine({
      sessionsFile: file,
      dataDir: join(dir.path, 'data'),
      user: 'tester',
      userGroups: [],
      env: {},
      allowedOrigins: [],
      ...(invalidSessionsFile ? { invalidSessionsFile } : {}),
    });

  it('starts without types and shows the error, then applies the fixed file', async () => {
    dir = await makeTempDir('deck-broken-start');
    const file = join(dir.path, 'sessions.json');
    await writeFile(file, '{"Desk": {"script": "xvnc", "count": "two"}}');
    engine = engineFor(file, 'start_without_types');
    await engine.start();
    expect(await engine.listTypes()).toEqual([]);
    expect((await engine.getConfigStatus()).error).toBe('sessions.json: /Desk/count: expected an integer from 1 to 64, found "two"');
    expect((await engine.listAudit({ kind: 'config_invalid' })).items).toHaveLength(1);
    await writeFile(file, '{"Desk": {"script": "xvnc", "count": 1, "options": {"display_base": 400}}}');
    await expect.poll(async () => (await engine!.listTypes()).map((type) => type.name), { timeout: 10_000 }).toEqual(['Desk']);
    expect((await engine.getConfigStatus()).error).toBeUndefined();
  });

  it('refuses the start by default', async () => {
    dir = await makeTempDir('deck-broken-start');
    const file = join(dir.path, 'sessions.json');
    await writeFile(file, '{');
    const refused = engineFor(file);
    await expect(refused.start()).rejects.toThrow('sessions.json: invalid JSON at line 1, column 2');
    await refused.close();
  });
});
