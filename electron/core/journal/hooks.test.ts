import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/journal';
import { isLiveState, processesByGroup } from '../../../scripts/lib/proc';
import { waitUntil } from '../util/wait';
import { HookRunner } from './hook-runner';
import { LogSpy, makeTempDir, openJournal } from './testing/journal-fixture';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir('journal-hooks-');
});
afterEach(async () => {
  await temp.remove();
});

/** Members of a process group that still run (a killed one may linger as a zombie if unreaped). */
async function liveMembers(processGroup: number): Promise<number[]> {
  const members = (await processesByGroup()).get(processGroup) ?? [];
  return members.filter((member) => isLiveState(member.state)).map((member) => member.pid);
}

describe('event hooks', () => {
  it('gives a hook the record as JSON on stdin and logs its exit status and output', async () => {
    const log = new LogSpy();
    const out = join(temp.dir, 'event.json');
    const journal = await openJournal({
      dir: join(temp.dir, 'journal'),
      log: log.log,
      hooks: [
        { command: `cat > '${out}'`, events: ['session_created'] },
        { command: 'echo to-stdout; echo to-stderr >&2; exit 3', events: ['session_completed', 'session_created'] },
      ],
    });
    const created = await journal.record({ kind: 'session_created', sessionId: 's1', type: 'T', index: 0, user: 'alice' });
    await journal.record({ kind: 'viewer_connected', sessionId: 's1', user: 'alice' });
    await log.waitFor(/^hook "cat > .*" on session_created #1: exit 0 in \d+ ms/);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(created);
    expect(await log.waitFor(/on session_created #1: exit 3/)).toMatch(
      /^hook "echo to-stdout; .*" on session_created #1: exit 3 in \d+ ms; stdout: "to-stdout\\n"; stderr: "to-stderr\\n"$/,
    );
    await journal.hooksIdle();
    expect(log.lines.filter((line) => line.startsWith('hook '))).toHaveLength(2); // none for viewer_connected
    await journal.close();
  });

  it('kills a hanging hook and its process group at the timeout, without holding up record()', async () => {
    const log = new LogSpy();
    const pidFile = join(temp.dir, 'hook.pid');
    const journal = await openJournal({
      dir: join(temp.dir, 'journal'),
      log: log.log,
      hooks: [{ command: `echo $$ > '${pidFile}'; sleep 60 & sleep 60`, events: ['start_failed'], timeoutMs: 2_000 }],
    });
    await journal.record({ kind: 'start_failed', user: 'u', details: { error: 'boom' } });
    // More records while the hook hangs; the hook can only end by its timeout, so all of these
    // resolving before any timeout is logged shows that none waited for it.
    for (let i = 0; i < 5; i += 1) await journal.record({ kind: 'config_reloaded', user: 'u' });
    expect(log.lines.some((line) => line.includes('timed out'))).toBe(false);

    const line = await log.waitFor(/timed out/);
    expect(line).toMatch(/^hook "echo .*" on start_failed #1: timed out after 2000 ms, process group killed \(killed by SIGTERM\) in \d+ ms/);
    // Both sleeps end too, not only the shell (signals are delivered asynchronously: wait, bounded).
    const group = Number((await readFile(pidFile, 'utf8')).trim());
    await waitUntil(
      async () => {
        if ((await liveMembers(group)).length > 0) throw new Error(`group ${group} still runs`);
      },
      { timeoutMs: 2_000, intervalMs: 20, what: 'the hook process group to end' },
    );
    await journal.close();
  });

  it('runs at most maxConcurrent hooks at once and drops past a full queue, with a warning', async () => {
    const log = new LogSpy();
    const trace = join(temp.dir, 'trace');
    const go = join(temp.dir, 'go');
    // Each hook notes its start, waits for the test's go, notes its end.
    const command = `echo start >> '${trace}'; while [ ! -e '${go}' ]; do sleep 0.02; done; echo end >> '${trace}'`;
    const runner = new HookRunner([{ command, events: ['session_created'] }], { log: log.log, maxConcurrent: 2, maxQueued: 3 });
    const record = (seq: number): AuditRecord => ({ seq, at: 0, kind: 'session_created', user: 'u', details: {} });
    for (let seq = 1; seq <= 6; seq += 1) runner.dispatch(record(seq));
    expect(log.lines).toEqual([expect.stringMatching(/on session_created #6: dropped, 3 hooks already waiting/)]);

    // Both running hooks have started before the go: on a loaded machine the second shell can be
    // slower to its first line than the test is to the go, and the two would never overlap.
    const starts = () => readFile(trace, 'utf8').then((text) => text.split('\n').filter((step) => step === 'start').length, () => 0);
    await expect.poll(starts, { timeout: 20_000 }).toBe(2);
    await writeFile(go, '');
    await runner.idle();
    expect(log.lines.filter((line) => / exit 0 in /.test(line))).toHaveLength(5);
    let running = 0;
    let peak = 0;
    for (const step of (await readFile(trace, 'utf8')).trim().split('\n')) {
      running += step === 'start' ? 1 : -1;
      peak = Math.max(peak, running);
    }
    expect(peak).toBe(2);
    await runner.close();
  });

  it('kills running hooks at close and runs nothing after it', async () => {
    const log = new LogSpy();
    const runner = new HookRunner([{ command: 'sleep 60', events: ['session_created'] }], { log: log.log });
    runner.dispatch({ seq: 1, at: 0, kind: 'session_created', user: 'u', details: {} });
    await runner.close();
    expect(log.lines).toEqual([expect.stringMatching(/#1: killed by SIGKILL/)]);
    runner.dispatch({ seq: 2, at: 0, kind: 'session_created', user: 'u', details: {} });
    await runner.idle();
    expect(log.lines).toHaveLength(1);
  });
});
