// Event hooks: configured shell commands run on matching audit records, with the record as JSON on
// stdin. They run after the record is durable and off its path: record() never waits for a hook, a
// hook that fails or hangs is only logged (and killed, with its whole process group, at its timeout).
// At most maxConcurrent run at once; a bounded queue holds the rest and drops past it, with a warning.
import { spawn } from 'node:child_process';
import type { AuditEventKind, AuditRecord } from '../../shared/journal';

export interface HookConfig {
  /** Run with /bin/sh -c. */
  command: string;
  /** The audit event kinds it runs on. */
  events: AuditEventKind[];
  /** Default 10 s; then its process group gets SIGTERM, and SIGKILL 2 s later. */
  timeoutMs?: number;
}

export interface HookRunnerOptions {
  log: (line: string) => void;
  maxConcurrent?: number;
  maxQueued?: number;
  /** Output kept per stream for the log. */
  maxOutputBytes?: number;
  killGraceMs?: number;
}

export const DEFAULT_HOOK_TIMEOUT_MS = 10_000;

interface Job {
  hook: HookConfig;
  record: AuditRecord;
}

interface Running {
  /** Signals the hook's process group, until the hook has finished. */
  kill: (signal: NodeJS.Signals) => void;
  done: Promise<void>;
}

export class HookRunner {
  private readonly queue: Job[] = [];
  private readonly running = new Set<Running>();
  private readonly maxConcurrent: number;
  private readonly maxQueued: number;
  private readonly maxOutputBytes: number;
  private readonly killGraceMs: number;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly hooks: readonly HookConfig[],
    private readonly options: HookRunnerOptions,
  ) {
    this.maxConcurrent = options.maxConcurrent ?? 4;
    this.maxQueued = options.maxQueued ?? 100;
    this.maxOutputBytes = options.maxOutputBytes ?? 2_000;
    this.killGraceMs = options.killGraceMs ?? 2_000;
  }

  /** Queues the hooks that match the record; returns at once. */
  dispatch(record: AuditRecord): void {
    if (this.closed) return;
    for (const hook of this.hooks) {
      if (!hook.events.includes(record.kind)) continue;
      if (this.queue.length >= this.maxQueued) {
        this.options.log(`hook ${JSON.stringify(hook.command)} on ${record.kind} #${record.seq}: dropped, ${this.queue.length} hooks already waiting`);
        continue;
      }
      this.queue.push({ hook, record });
    }
    this.pump();
  }

  /** Resolves once no hook runs or waits (for tests and orderly shutdown). */
  idle(): Promise<void> {
    if (this.running.size === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops queued hooks and ends running ones' process groups; resolves once they have exited. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length > 0) this.options.log(`hooks: ${this.queue.length} queued hooks dropped at close`);
    this.queue.length = 0;
    for (const run of this.running) run.kill('SIGKILL');
    await Promise.all([...this.running].map((run) => run.done));
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.maxConcurrent) {
      const job = this.queue.shift();
      if (!job) break;
      this.start(job);
    }
    if (this.running.size === 0 && this.queue.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private start({ hook, record }: Job): void {
    const label = `hook ${JSON.stringify(hook.command)} on ${record.kind} #${record.seq}`;
    const startedAt = Date.now();
    const timeoutMs = hook.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS;
    // Its own process group (detached), so a timeout ends whatever the command started too.
    const child = spawn('/bin/sh', ['-c', hook.command], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout = new OutputTail(this.maxOutputBytes);
    const stderr = new OutputTail(this.maxOutputBytes);
    child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    // A hook that does not read its input closes the pipe early: that is its business, not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${JSON.stringify(record)}\n`);

    let finished = false;
    // The group, not just the shell: it may have exited while what it started still holds the pipes.
    const kill = (signal: NodeJS.Signals): void => {
      if (finished || child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timeout = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), this.killGraceMs);
    }, timeoutMs);

    const done = new Promise<void>((resolve) => {
      const finish = (outcome: string): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timeout);
        clearTimeout(killTimer);
        this.options.log(`${label}: ${outcome} in ${Date.now() - startedAt} ms; stdout: ${stdout.text()}; stderr: ${stderr.text()}`);
        resolve();
      };
      // Without a pid the shell never started and no 'close' follows.
      child.on('error', (error) => {
        if (child.pid === undefined) finish(`could not run: ${error.message}`);
      });
      child.on('close', (code, signal) => {
        const status = signal ? `killed by ${signal}` : `exit ${code}`;
        finish(timedOut ? `timed out after ${timeoutMs} ms, process group killed (${status})` : status);
      });
    });
    const run: Running = { kill, done };
    this.running.add(run);
    void done.then(() => {
      this.running.delete(run);
      this.pump();
    });
  }
}

/** The first maxBytes of a stream, for the log, and how much more there was. */
class OutputTail {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly maxBytes: number) {}

  add(chunk: Buffer): void {
    const room = this.maxBytes - this.kept;
    if (room > 0) {
      const part = chunk.subarray(0, room);
      this.chunks.push(part);
      this.kept += part.length;
    }
    this.dropped += Math.max(0, chunk.length - Math.max(0, room));
  }

  text(): string {
    const text = JSON.stringify(Buffer.concat(this.chunks).toString('utf8'));
    return this.dropped > 0 ? `${text} (+${this.dropped} bytes)` : text;
  }
}
