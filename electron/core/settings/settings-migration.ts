// Settings files carry the version of their format, so a default that changed can be told apart
// from a value the user chose. Files from before the marker wrote every key, the defaults too.
import type { Settings } from '../../shared/settings';

export const SETTINGS_VERSION_KEY = 'settingsVersion';
/** 2: a session without viewers keeps running unless asked otherwise (it used to stop after 30 s). */
export const SETTINGS_VERSION = 2;

/** What a store writes: the settings and the version of their format. */
export type SavedSettings = Settings & { [SETTINGS_VERSION_KEY]: number };

export const withVersion = (settings: Settings): SavedSettings => ({ ...settings, [SETTINGS_VERSION_KEY]: SETTINGS_VERSION });

/** The last-viewer grace every file before version 2 held unless the user changed it. */
const OLD_LAST_VIEWER_DEFAULT = 30;

export interface Migrated {
  /** The saved values without the version marker, brought to the current format. */
  values: Record<string, unknown>;
  /** What was changed and why, for the log. */
  notes: string[];
  /** A version marker that cannot be read, as a problem of its key. */
  problem?: [key: string, problem: string];
}

export function migrateSavedSettings(saved: Readonly<Record<string, unknown>>): Migrated {
  const { [SETTINGS_VERSION_KEY]: version, ...rest } = saved;
  const values: Record<string, unknown> = { ...rest };
  if (version !== undefined && !(Number.isInteger(version) && (version as number) >= 1 && (version as number) <= SETTINGS_VERSION)) {
    return { values, notes: [], problem: [SETTINGS_VERSION_KEY, `expected an integer from 1 to ${SETTINGS_VERSION}, found ${JSON.stringify(version)}`] };
  }
  const notes: string[] = [];
  if ((version === undefined || version === 1) && values.lastViewerGraceSeconds === OLD_LAST_VIEWER_DEFAULT) {
    values.lastViewerGraceSeconds = 0;
    notes.push(
      `lastViewerGraceSeconds: ${OLD_LAST_VIEWER_DEFAULT} was the old default; sessions left without a viewer now keep running (set it again to stop them ${OLD_LAST_VIEWER_DEFAULT} s after their last viewer leaves)`,
    );
  }
  return { values, notes };
}
