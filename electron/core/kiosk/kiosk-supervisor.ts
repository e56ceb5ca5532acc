// Keeps the kiosk's one session going: starts it when the kiosk starts, notices when it ends,
// shows why, and starts the next one as the profile's `restart` says; ends it and starts a fresh
// one for an idle reset; answers the admin PIN and, once it is right, leaves the session to the
// administrator and supervises nothing until the kiosk is entered again.
import { ApiError } from '../../shared/errors';
import type { SessionDeckApi } from '../../shared/api';
import type { KioskProfile, KioskState, KioskUnlockResult } from '../../shared/kiosk';
import { isFinalState, type SessionInfo, type ViewerAccess, type ViewerOptions } from '../../shared/session';
import type { Cancel, Clock, Scheduler } from '../registry/clock';
import { PinGate } from './pin-gate';
import { afterSessionEnd, nextQuickCount } from './restart-policy';
import { endedMessage } from './kiosk-messages';

export type KioskAuditKind = 'kiosk_restarted' | 'kiosk_unlocked' | 'kiosk_unlock_refused';

export interface KioskSupervisorOptions {
  profile: KioskProfile & { pinHash?: string };
  sessions: Pick<SessionDeckApi, 'startSession' | 'stopSession' | 'openViewer' | 'listTypes' | 'onEvent'>;
  audit(kind: KioskAuditKind, details: Record<string, unknown>, sessionId?: string): Promise<void>;
  onState(state: KioskState): void;
  clock: Clock;
  scheduler: Scheduler;
  log(line: string): void;
}

export type KioskRestartReason = 'ended' | 'failed' | 'prompt' | 'idle' | 'entered';

export class KioskSupervisor {
  private current: Omit<KioskState, 'profile'> = { phase: 'starting' };
  private readonly gate: PinGate;
  private readonly profile: KioskState['profile'];
  private pending: Cancel | undefined;
  private quickInARow = 0;
  private startedAt: number | undefined;
  private unsubscribe: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: KioskSupervisorOptions) {
    const { pinHash, ...profile } = options.profile;
    this.profile = { ...profile, hasPin: pinHash !== undefined };
    this.gate = new PinGate(pinHash, () => options.clock.now());
  }

  /** Starts supervising: the first session starts now. */
  start(): void {
    this.unsubscribe = this.options.sessions.onEvent((event) => {
      if (event.kind === 'session') this.onSession(event.session);
    });
    void this.startSession();
  }

  close(): void {
    this.closed = true;
    this.pending?.();
    this.unsubscribe?.();
  }

  get state(): KioskState {
    return { profile: this.profile, ...this.current };
  }

  /**
   * A new session now: after the prompt, after an idle reset (the running one is ended first), or
   * on entering the kiosk again after an administrator left it. While a start is in flight, nothing.
   */
  async restart(reason: KioskRestartReason): Promise<KioskState> {
    const { phase, session } = this.current;
    const running = session && !isFinalState(session.state) ? session : undefined;
    if (phase === 'starting' || (phase === 'running' && reason !== 'idle')) return this.state;
    // Back from the administrator: the session they left running is the kiosk's again.
    if (phase === 'left' && running) {
      this.set({ phase: 'running', session: running });
      return this.state;
    }
    void this.options.audit('kiosk_restarted', { reason: phase === 'left' ? 'entered' : reason }, session?.id);
    this.pending?.();
    this.set({ phase: 'starting', ...(session ? { session } : {}) });
    if (running && phase === 'running') {
      await this.options.sessions.stopSession(running.id).catch((error: Error) => this.options.log(`kiosk: stopping ${running.id}: ${error.message}`));
    }
    await this.startSession();
    return this.state;
  }

  /** A viewer ticket for the kiosk's running session only. */
  async openViewer(options: ViewerOptions = {}): Promise<ViewerAccess> {
    const session = this.current.session;
    if (!session || this.current.phase !== 'running') throw new ApiError('not_found', 'the kiosk has no running session right now');
    const viewOnly = options.viewOnly === true;
    if (viewOnly && !this.profile.allowViewOnlyToggle) throw new ApiError('forbidden', 'this kiosk does not offer view only');
    return this.options.sessions.openViewer(session.id, { viewOnly });
  }

  /** Checks the admin PIN (rate-limited, every attempt audited); a right one leaves kiosk mode. */
  async unlock(pin: string): Promise<KioskUnlockResult> {
    const result = await this.gate.check(pin);
    const sessionId = this.current.session?.id;
    if (result.unlocked) {
      await this.options.audit('kiosk_unlocked', {}, sessionId);
      this.pending?.();
      this.set({ ...this.current, phase: 'left' });
      delete this.current.restartAt;
    } else {
      await this.options.audit('kiosk_unlock_refused', { reason: result.reason, ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}) }, sessionId);
    }
    return result;
  }

  private async startSession(): Promise<void> {
    if (this.closed) return;
    this.set({ phase: 'starting' });
    const { type } = this.profile;
    try {
      const known = (await this.options.sessions.listTypes()).find((entry) => entry.name === type);
      if (!known) throw new ApiError('unknown_type', `the session type "${type}" of the kiosk profile is not in the sessions file`);
      const size = this.profile.size === 'screen' ? (known.sizes[0] ?? '1920x1080') : this.profile.size;
      const session = await this.options.sessions.startSession({ type, size });
      if (this.closed) return;
      this.startedAt = this.options.clock.now();
      // It may have ended already (an event seen before this answer): then the event decides.
      if (this.current.phase === 'starting') this.set({ phase: 'running', session });
    } catch (error) {
      if (this.closed) return;
      this.quickInARow = nextQuickCount(this.quickInARow, undefined);
      this.afterEnd('failed', `The session could not start: ${(error as Error).message}`);
    }
  }

  private onSession(session: SessionInfo): void {
    const { phase, session: mine } = this.current;
    if (!mine || session.id !== mine.id) return;
    if (!isFinalState(session.state)) {
      if (phase === 'running' || phase === 'left') this.set({ ...this.current, session });
      return;
    }
    if (phase !== 'running') {
      this.current = { ...this.current, session };
      return;
    }
    const ranMs = this.startedAt === undefined ? undefined : this.options.clock.now() - this.startedAt;
    this.quickInARow = nextQuickCount(this.quickInARow, ranMs);
    this.afterEnd('ended', endedMessage(session), session);
  }

  private afterEnd(phase: 'ended' | 'failed', message: string, session?: SessionInfo): void {
    const next = afterSessionEnd(this.profile.restart, this.quickInARow);
    const base = { phase, message, ...(session ? { session } : {}) };
    if (next.action !== 'restart') return this.set(base);
    const restartAt = this.options.clock.now() + next.delayMs;
    this.set({ ...base, restartAt });
    this.pending = this.options.scheduler.after(next.delayMs, () => {
      this.pending = undefined;
      void this.restart(phase);
    });
  }

  private set(state: Omit<KioskState, 'profile'>): void {
    this.current = state;
    if (!this.closed) this.options.onState(this.state);
  }
}
