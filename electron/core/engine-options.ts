// What an engine is made with: files, the user, the environment, the stores, and the knobs tests
// turn. Apart from engine.ts because the list is long and the composition roots (the app, the
// headless host) and the tests' harness need only it, not how the engine wires its services.
import type { KioskProfile } from '../shared/kiosk';
import type { DataDirLock } from './data-dir/open-data-dir';
import type { HookConfig } from './journal';
import type { Clock, Scheduler } from './registry/clock';
import type { TimingOverrides } from './registry/session-timers';
import type { SecretStore } from './secrets/secret-store';
import type { SettingsStore } from './settings/settings-service';
import type { ThumbnailServiceOptions } from './thumbnails';

export interface EngineOptions {
  /** The session-type file. Watched: valid edits apply at once. */
  sessionsFile: string;
  /** Private state: per-session scratch directories, the journal. Created 0700 if missing. */
  dataDir: string;
  /** The data directory as the caller already opened it (checked and locked); else start() does. Released by close(). */
  dataDirLock?: DataDirLock;
  /** The user sessions run for, and the OS groups they are in (for options.group). */
  user: string;
  userGroups: readonly string[];
  /** Environment handed to session processes (the engine never reads process.env itself). */
  env: NodeJS.ProcessEnv;
  /** Origins whose pages may open a viewer connection (the renderer's origin). */
  allowedOrigins: readonly string[];
  /** Accept viewer connections without an Origin header (non-browser clients, tests). */
  allowMissingOrigin?: boolean;
  /**
   * The origin of the host page that opens share links (`/share/<id>`), started on the first share
   * (the app runs one only then); without it, sharing answers not_supported.
   */
  shareOrigin?: () => Promise<string>;
  /** Port of the viewer bridge on 127.0.0.1; 0 (default) picks a free one. */
  bridgePort?: number;
  /** Where settings persist (default: memory only). */
  settingsStore?: SettingsStore;
  /** Where saved secrets are kept, encrypted (default: memory only). */
  secretStore?: SecretStore;
  /** Commands run on audit events. */
  hooks?: HookConfig[];
  /** Shorter durations for tests; they win over the user-facing settings. */
  timing?: TimingOverrides;
  stopGraceMs?: number;
  /** How often what sessions left on unreachable hosts is tried again (default a minute). */
  remoteCleanupRetryMs?: number;
  /** Fake time for lifecycle tests. */
  clock?: Clock;
  scheduler?: Scheduler;
  /**
   * A sessions file that is invalid at start: 'refuse' (default) rejects start(); 'start_without_types'
   * starts with no types and the error in the config status, as after a broken edit, until it is fixed.
   */
  invalidSessionsFile?: 'refuse' | 'start_without_types';
  /** Kiosk mode: the profile whose session the engine keeps going (getKiosk and the other kiosk methods). */
  kiosk?: KioskProfile & { pinHash?: string };
  /** Thumbnails of running sessions (interval, width); false takes none. */
  thumbnails?: ThumbnailServiceOptions | false;
  /** Diagnostics (never secrets). */
  log?: (line: string) => void;
  /** Session Deck's version, for the About page. */
  version?: string;
}

export const DEFAULT_STOP_GRACE_MS = 5_000;
