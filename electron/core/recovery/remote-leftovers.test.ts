import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { RemoteLeftovers } from './remote-leftovers';

let dir: TempDir;
afterEach(async () => dir?.remove());

const record = { destination: 'n1', sshOptions: [], scratchDir: '/tmp/session-deck-abc-123', processes: [{ pid: 4242, startTime: '99', role: 'server' as const, name: 'Xvnc' }] };

/** An "ssh" that exits with the code in the file next to it, and notes its last argument (the clean-up). */
async function fakeSsh(code: number): Promise<string> {
  const path = join(dir.path, 'ssh');
  await writeFile(join(dir.path, 'code'), String(code));
  await writeFile(path, `#!/bin/sh\nfor a; do last=$a; done\nprintf '%s' "$last" > ${dir.path}/ran\nexit $(cat ${dir.path}/code)\n`);
  await chmod(path, 0o755);
  return path;
}

describe('RemoteLeftovers', () => {
  it('keeps a leftover on disk while its host does not answer, and forgets it once the clean-up ran there', async () => {
    dir = await makeTempDir('deck-leftovers');
    const path = join(dir.path, 'remote-leftovers.json');
    const logs: string[] = [];
    const leftovers = new RemoteLeftovers({ path, env: {}, stopGraceMs: 100, log: (line) => logs.push(line), sshCommand: await fakeSsh(255) });
    await leftovers.keep('abc', record);
    expect(JSON.parse(await readFile(path, 'utf8')).leftovers).toMatchObject([{ sessionId: 'abc', destination: 'n1', processes: record.processes }]);

    await leftovers.retry();
    expect(leftovers.list()).toHaveLength(1);
    expect(logs.at(-1)).toMatch(/cannot yet end what session abc left on n1/);
    // The clean-up names the recorded pid with its start time and the directory.
    const ran = await readFile(join(dir.path, 'ran'), 'utf8');
    expect(ran).toContain('4242:99');
    expect(ran).toContain('/tmp/session-deck-abc-123');

    // A new start reads it back, and the host answers now.
    await writeFile(join(dir.path, 'code'), '0');
    const next = new RemoteLeftovers({ path, env: {}, stopGraceMs: 100, log: (line) => logs.push(line), sshCommand: join(dir.path, 'ssh') });
    await next.load();
    expect(next.list()).toHaveLength(1);
    await next.retry();
    expect(next.list()).toEqual([]);
    expect(JSON.parse(await readFile(path, 'utf8')).leftovers).toEqual([]);
    await next.close();
  });

  it('moves a damaged file aside and names it', async () => {
    dir = await makeTempDir('deck-leftovers');
    const path = join(dir.path, 'remote-leftovers.json');
    await writeFile(path, '{"leftovers": [');
    const logs: string[] = [];
    const leftovers = new RemoteLeftovers({ path, env: {}, stopGraceMs: 100, log: (line) => logs.push(line) });
    await leftovers.load();
    expect(leftovers.list()).toEqual([]);
    expect((await readdir(dir.path)).some((name) => name.startsWith('remote-leftovers.json.corrupt-'))).toBe(true);
    expect(logs[0]).toMatch(/remote-leftovers\.json is damaged .*moved it to/);
  });
});
