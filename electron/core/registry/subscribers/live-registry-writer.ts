// Keeps the live-registry file in step with the sessions: after any change it writes what is live
// now. The state is read when a write begins, never earlier, and writes run one at a time, so the
// last write always holds the newest state (an ended session never comes back).
import type { ProcessIdentity } from '../../process/process-identity';
import type { EventHub } from '../event-hub';
import type { PersistedProcess, PersistedSession } from '../persisted-session';
import type { SessionEvent } from '../session-events';
import { isVisible, slotOf, type SessionRecord, type VncTarget } from '../session-record';

export interface LiveRegistrySink {
  write(sessions: PersistedSession[]): Promise<void>;
}

export interface LiveRegistryWriterOptions {
  events: EventHub<SessionEvent>;
  /** Every live record, read at the start of each write. */
  liveRecords(): SessionRecord[];
  sink: LiveRegistrySink;
  identify(pid: number): Promise<ProcessIdentity | undefined>;
  log(line: string): void;
}

export function attachLiveRegistryWriter(options: LiveRegistryWriterOptions): { flush(): Promise<void> } {
  let dirty = false;
  let writing: Promise<void> | undefined;

  // Rejects when the last write of the round failed: a start is not acknowledged while the
  // server it started is not on disk (a crash would orphan it).
  const loop = async (): Promise<void> => {
    let failure: Error | undefined;
    while (dirty) {
      dirty = false;
      await identifyNewProcesses(options.liveRecords(), options.identify);
      const sessions = options.liveRecords().flatMap(persistedOf);
      failure = await options.sink.write(sessions).then(
        () => undefined,
        (error: Error) => {
          options.log(`cannot save the live registry: ${error.message}`);
          return new Error(`the live registry cannot be saved (${error.message})`);
        },
      );
    }
    writing = undefined;
    if (failure) throw failure;
  };

  const schedule = (): Promise<void> => {
    dirty = true;
    writing ??= loop();
    return writing;
  };

  options.events.on((event) => {
    if (event.kind === 'warning' || event.kind === 'viewers' || event.kind === 'ending' || event.kind === 'resized') return;
    // Waited for where the start waits: a ready session is on disk before the start answers.
    return schedule();
  });
  return { flush: () => (writing ?? Promise.resolve()).catch(() => undefined) };
}

async function identifyNewProcesses(records: SessionRecord[], identify: LiveRegistryWriterOptions['identify']): Promise<void> {
  for (const record of records) {
    for (const owned of record.resources?.liveProcesses() ?? []) {
      if (record.identities.has(owned.pid)) continue;
      const identity = await identify(owned.pid);
      if (identity) record.identities.set(owned.pid, identity);
    }
  }
}

function persistedOf(record: SessionRecord): PersistedSession[] {
  const index = slotOf(record);
  if (!isVisible(record) || !record.resources || index === undefined) return [];
  const processes: PersistedProcess[] = [];
  for (const owned of record.resources.liveProcesses()) {
    const identity = record.identities.get(owned.pid);
    if (identity) processes.push({ ...identity, role: owned.role, command: owned.command });
  }
  const target: VncTarget | undefined = record.lifecycle.phase === 'running' ? record.lifecycle.target : undefined;
  return [
    {
      id: record.id,
      type: record.type,
      index,
      size: record.size,
      ...(record.label ? { label: record.label } : {}),
      user: record.user,
      createdAt: record.createdAt,
      ...(record.extendedDeadline !== undefined ? { extendedDeadline: record.extendedDeadline } : {}),
      ...(target ? { target } : {}),
      scratchDir: record.resources.resources.scratchDir,
      processes,
      ...(record.host !== undefined ? { host: record.host } : {}),
      ...(record.resources.remote ? { remote: record.resources.remote.record() } : {}),
      ...(record.job ? { job: { ...record.job } } : {}),
    },
  ];
}
