// Hostile access to the headless host, with the real host server and engine on loopback: a flood of
// refused upgrades, foreign Host headers (DNS rebinding), and login links that are old, expired,
// reused or the permanent token itself. Each scenario leaves no descriptor open.
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAndReadToClose, upgradeRequest } from '../bridge/testing/raw-client';
import { SessionDeckEngine } from '../engine';
import { AccessControl } from '../host/access-control';
import { HostServer } from '../host/host-server';
import { createJournal } from '../journal';
import { makeTempDir, writeSessionsFile, type TempDir } from '../testing/fixtures';
import { reserveDisplays } from '../testing/free-display';
import { withoutLeaks } from './leak-check';

const TOKEN = 'hostile-token-0123456789abcdef';
const TYPE = 'Hostile Desktop';

let dir: TempDir;
let sessionsFile: string;

beforeAll(async () => {
  dir = await makeTempDir('deck-hostile-host');
  sessionsFile = await writeSessionsFile(dir.path, { [TYPE]: { script: 'xvnc', count: 1, options: { sizes: ['800x600'], display_base: await reserveDisplays(1) } } });
  // The first file watch opens the process's one inotify descriptor, which stays: open it before counting.
  await (await startHost('warm-up')).close();
});

afterAll(async () => {
  await dir?.remove();
});

interface RunningHost {
  host: HostServer;
  engine: SessionDeckEngine;
  access: AccessControl;
  dataDir: string;
  close(): Promise<void>;
}

async function startHost(name: string, access = new AccessControl(TOKEN)): Promise<RunningHost> {
  const dataDir = join(dir.path, name);
  const host = new HostServer({ access, rendererDir: join(dir.path, 'no-renderer'), port: 0 });
  await host.listen();
  const engine = new SessionDeckEngine({ sessionsFile, dataDir, user: 'tester', userGroups: [], env: { PATH: process.env.PATH ?? '' }, allowedOrigins: host.origins, stopGraceMs: 2000 });
  await engine.start();
  host.attach(engine, engine.bridgePort);
  return {
    host,
    engine,
    access,
    dataDir,
    async close() {
      await engine.close();
      await host.close();
    },
  };
}

/** A request with headers fetch() would not send as given (Host among them). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, setCookie: response.headers['set-cookie'] ?? [] }));
    });
    request.on('error', reject);
    request.end();
  });
}

async function readAudit(dataDir: string) {
  const journal = createJournal({ dir: join(dataDir, 'journal'), retentionDays: 30, log: () => undefined });
  await journal.start();
  try {
    return (await journal.listAudit({ kind: 'ticket_rejected', limit: 500 })).items;
  } finally {
    await journal.close();
  }
}

describe('a flood of refused upgrades', () => {
  it('becomes a few counted records, written at shutdown, not one durable record per refusal', async () => {
    await withoutLeaks(async () => {
      const running = await startHost('flood');
      const origin = running.host.origins[0]!;
      const forged = `/vnc/${'x'.repeat(43)}`;
      const FORGED = 2000;
      const FOREIGN = 500;
      const attempts = [
        ...Array.from({ length: FORGED }, () => upgradeRequest(forged, { Origin: origin })),
        ...Array.from({ length: FOREIGN }, () => upgradeRequest(forged, { Origin: 'http://evil.example' })),
      ];
      for (let i = 0; i < attempts.length; i += 100) {
        const answers = await Promise.all(attempts.slice(i, i + 100).map((request) => sendAndReadToClose(running.engine.bridgePort, request)));
        for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
      }
      await running.close();

      const records = await readAudit(running.dataDir);
      const count = (reason: string) => records.filter((record) => record.details?.reason === reason).reduce((sum, record) => sum + Number(record.details?.count), 0);
      expect(count('unknown_ticket')).toBe(FORGED);
      expect(count('origin_not_allowed')).toBe(FOREIGN);
      // One record per reason, or two where the burst crossed a minute's end.
      expect(records.length).toBeLessThanOrEqual(4);
      for (const record of records) expect(record.details).toMatchObject({ count: expect.any(Number), firstAt: expect.any(Number), lastAt: expect.any(Number) });
    });
  });
});

describe('requests for another Host name (DNS rebinding)', () => {
  let running: RunningHost;
  beforeAll(async () => (running = await startHost('rebinding')));
  afterAll(async () => running?.close());

  it('answers 421 to every path under a foreign Host, even with the token, and serves its own names', async () => {
    await withoutLeaks(async () => {
      const port = running.host.port;
      const bearer = { Authorization: `Bearer ${TOKEN}` };
      for (const host of [`attacker.example:${port}`, `127.0.0.1.nip.io:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `[::1]:${port}`]) {
        for (const path of ['/', '/api/types', '/api/events', `/login?code=${running.host.loginUrl().split('code=')[1]}`]) {
          const answer = await rawGet(port, path, { Host: host, ...bearer });
          expect(answer.status, `${host} ${path}`).toBe(421);
          expect(answer.setCookie).toEqual([]);
        }
      }
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) expect((await rawGet(port, '/api/types', { Host: host, ...bearer })).status).toBe(200);
    });
  });
});

describe('login links that are old, expired, reused or the permanent token', () => {
  let now = Date.now();
  let running: RunningHost;
  beforeAll(async () => (running = await startHost('login', new AccessControl(TOKEN, { now: () => now }))));
  afterAll(async () => running?.close());

  it('log nobody in, say why, and a fresh link still works once', async () => {
    await withoutLeaks(async () => {
      const port = running.host.port;
      const own = { Host: `127.0.0.1:${port}` };
      const login = async (code: string) => {
        const answer = await rawGet(port, `/login?code=${encodeURIComponent(code)}`, own);
        return { status: answer.status, cookie: answer.setCookie.length > 0, alert: /role="alert">([^<]*)</.exec(answer.body)?.[1] ?? '' };
      };
      const refused = (why: string) => ({ status: 401, cookie: false, alert: expect.stringContaining(why) });

      // A code another host (or this one before a restart) made.
      const other = new AccessControl(TOKEN).newLoginCode();
      expect(await login(other)).toEqual(refused('link is wrong'));
      // The permanent token as a link, in every spelling a URL gives it.
      expect(await login(TOKEN)).toEqual(refused('does not work in a link'));
      expect(await login(` ${TOKEN} `)).toEqual(refused('does not work in a link'));
      expect((await rawGet(port, `/login?token=${TOKEN}`, own)).setCookie).toEqual([]);
      expect((await rawGet(port, `/?code=${TOKEN}`, own)).status).toBe(401);
      // Expired: made more than five minutes ago.
      const stale = running.access.newLoginCode();
      now += 5 * 60_000 + 1;
      expect(await login(stale)).toEqual(refused('has expired'));
      expect(await login(stale)).toEqual(refused('has expired'));
      // Reused: the first opening wins, every later one is refused.
      const fresh = running.access.newLoginCode();
      const first = await rawGet(port, `/login?code=${fresh}`, own);
      expect(first.status).toBe(303);
      const cookie = first.setCookie[0]!.split(';')[0]!;
      for (let i = 0; i < 20; i += 1) expect(await login(fresh)).toEqual(refused('was already used'));
      expect((await rawGet(port, '/api/types', { ...own, Cookie: cookie })).status).toBe(200);
      expect((await rawGet(port, '/api/types', own)).status).toBe(401);
    });
  });
});
