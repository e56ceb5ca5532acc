// Kiosk mode as the engine offers it through the contract: with a kiosk profile, the supervisor of
// the kiosk's one session, made once the engine has started; without one, every kiosk method
// answers not_found. Apart from the engine so that the engine only wires it.
import { ApiError } from '../../shared/errors';
import type { KioskState, KioskUnlockResult } from '../../shared/kiosk';
import type { ViewerAccess, ViewerOptions } from '../../shared/session';
import { KioskSupervisor, type KioskSupervisorOptions } from './kiosk-supervisor';

export interface KioskModeOptions extends Omit<KioskSupervisorOptions, 'profile'> {
  /** The profile whose session is kept going; none: not in kiosk mode. */
  profile: KioskSupervisorOptions['profile'] | undefined;
}

export class KioskMode {
  private supervisor: KioskSupervisor | undefined;

  constructor(private readonly options: KioskModeOptions) {}

  /** In kiosk mode, starts supervising: the kiosk's first session starts now. */
  start(): void {
    const { profile, ...rest } = this.options;
    if (!profile) return;
    this.supervisor = new KioskSupervisor({ profile, ...rest });
    this.supervisor.start();
  }

  close(): void {
    this.supervisor?.close();
  }

  state(): KioskState {
    return this.active().state;
  }

  /** A new session: the running one ended first (an idle reset), else the one the prompt asks for. */
  restart(): Promise<KioskState> {
    return this.active().restart(this.active().state.phase === 'running' ? 'idle' : 'prompt');
  }

  openViewer(options: ViewerOptions): Promise<ViewerAccess> {
    return this.active().openViewer(options);
  }

  unlock(pin: string): Promise<KioskUnlockResult> {
    return this.active().unlock(pin);
  }

  private active(): KioskSupervisor {
    if (!this.supervisor) throw new ApiError('not_found', 'Session Deck is not in kiosk mode');
    return this.supervisor;
  }
}
