// What a batch-job script tells the registry about its session while it runs: the queue it waits
// in (the session is queued, holding its slot, the start timeout held), the job (id, node), and the
// job's end time, which replaces the app's maximum duration.
import type { JobListener } from '../script-host/session-resources';
import { isStarting, type Lifecycle, type SessionRecord } from './session-record';
import type { StartTimeout } from './start-race';

export interface BatchJobDeps {
  setLifecycle(record: SessionRecord, lifecycle: Lifecycle): void;
  publish(record: SessionRecord, event: { kind: 'queued' | 'job' | 'step' | 'extended' }): void;
}

export function batchJobListener(record: SessionRecord, timeout: StartTimeout, deps: BatchJobDeps): JobListener {
  return {
    queued(status) {
      const life = record.lifecycle;
      if (!isStarting(life)) return;
      const base = { slot: life.slot, scriptStarted: life.scriptStarted, ...(life.stopCause ? { stopCause: life.stopCause } : {}) };
      if (status) {
        timeout.pause();
        deps.setLifecycle(record, { phase: 'queued', queue: status, ...base });
        deps.publish(record, { kind: 'queued' });
      } else if (life.phase === 'queued') {
        timeout.resume();
        deps.setLifecycle(record, { phase: 'starting', step: 'waiting_for_server', ...base });
        deps.publish(record, { kind: 'step' });
      }
    },
    job(job) {
      if (record.lifecycle.phase === 'ending' || record.lifecycle.phase === 'ended') return;
      record.job = job;
      deps.publish(record, { kind: 'job' });
    },
    deadline(at) {
      if (record.lifecycle.phase === 'ending' || record.lifecycle.phase === 'ended') return;
      record.extendedDeadline = at;
      record.deadlineFromJob = true;
      deps.publish(record, { kind: 'extended' });
    },
  };
}
