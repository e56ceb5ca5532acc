// The live-registry file always ends with the newest state, however slowly a process is identified.
import { describe, expect, it } from 'vitest';
import type { SessionResourcesHandle } from '../../script-host/session-resources';
import { EventHub } from '../event-hub';
import type { PersistedSession } from '../persisted-session';
import type { SessionEvent } from '../session-events';
import { newRecord, snapshot, type SessionRecord } from '../session-record';
import { TEST_TIMING } from '../testing/registry-harness';
import { attachLiveRegistryWriter } from './live-registry-writer';

const fakeResources = (pids: number[]) =>
  ({ resources: { scratchDir: '/tmp/x' }, liveProcesses: () => pids.map((pid) => ({ pid, role: 'server', command: 'Xvnc' })) }) as unknown as SessionResourcesHandle;

function runningRecord(id: string, pids: number[]): SessionRecord {
  const record = newRecord({ id, type: 'Desk', size: '800x600', user: 'u', now: 1, lifecycle: { phase: 'running', slot: 0, target: { host: '127.0.0.1', port: 5999 }, viewed: false, scriptStarted: true } });
  record.resources = fakeResources(pids);
  return record;
}

describe('live-registry writer', () => {
  it('never writes an older state last: a session that ended while a write was being prepared stays out', async () => {
    const events = new EventHub<SessionEvent>();
    let live: SessionRecord[] = [runningRecord('a', [101])];
    const writes: PersistedSession[][] = [];
    let identifySlowly: () => void = () => undefined;
    const writer = attachLiveRegistryWriter({
      events,
      liveRecords: () => live,
      sink: { write: async (sessions) => void writes.push(sessions) },
      identify: (pid) => new Promise((resolve) => (identifySlowly = () => resolve({ pid, startTime: '7' }))),
      log: () => undefined,
    });
    const first = live[0]!;
    const created = events.emit({ kind: 'processes', session: snapshot(first, TEST_TIMING) });
    // The session ends while its process is still being identified.
    live = [];
    first.lifecycle = { phase: 'ended', slot: 0, cause: 'user_stopped', failed: false, endedAt: 2 };
    const ended = events.emit({ kind: 'ended', session: snapshot(first, TEST_TIMING), failed: false, logTail: '', viewerConnections: 0 });
    identifySlowly();
    await Promise.all([created, ended, writer.flush()]);
    expect(writes.at(-1)).toEqual([]);
  });

  it('records each live session with the identities of its processes', async () => {
    const events = new EventHub<SessionEvent>();
    const record = runningRecord('b', [202]);
    const writes: PersistedSession[][] = [];
    attachLiveRegistryWriter({ events, liveRecords: () => [record], sink: { write: async (sessions) => void writes.push(sessions) }, identify: async (pid) => ({ pid, startTime: '9' }), log: () => undefined });
    await events.emit({ kind: 'ready', session: snapshot(record, TEST_TIMING), target: { host: '127.0.0.1', port: 5999 }, readopted: false });
    expect(writes.at(-1)).toEqual([
      expect.objectContaining({ id: 'b', index: 0, target: { host: '127.0.0.1', port: 5999 }, processes: [{ pid: 202, startTime: '9', role: 'server', command: 'Xvnc' }] }),
    ]);
  });
});
