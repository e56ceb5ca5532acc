// User-facing settings: one spec with defaults and bounds, used by the engine to validate and by
// the renderer to show defaults and validate inline. Applied without a restart.

export interface Settings {
  /** Sessions of all types that may run at once. */
  userLimit: number;
  /** A session with no viewer input for this long is closed (cause inactivity_timeout). */
  inactivityTimeoutMinutes: number;
  /** A session is closed this long after it started (cause max_duration), unless extended. */
  maxSessionHours: number;
  /** After the last viewer leaves, the session stops after this grace (cause last_viewer_left); 0 = keeps running. */
  lastViewerGraceSeconds: number;
  /** A start that is not ready in time fails (cause start_timeout) and frees its slot. */
  startTimeoutSeconds: number;
  /** How often expired sessions are looked for. */
  sweepIntervalSeconds: number;
  /** Audit records and history older than this are removed by the retention job. */
  retentionDays: number;
  /** After a crash, sessions whose server still answers are re-adopted, or all are cleaned up. */
  recoveryMode: 'readopt' | 'cleanup';
}

export type NumericSettingKey = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];

export interface NumericSettingSpec {
  kind: 'integer';
  default: number;
  min: number;
  max: number;
  unit: string;
  label: string;
  help: string;
}

export interface ChoiceSettingSpec {
  kind: 'choice';
  default: string;
  choices: readonly string[];
  label: string;
  help: string;
}

export type SettingSpec = NumericSettingSpec | ChoiceSettingSpec;

export const SETTINGS_SPEC = {
  userLimit: { kind: 'integer', default: 8, min: 1, max: 256, unit: 'sessions', label: 'User limit', help: 'Sessions of all types that may run at once.' },
  inactivityTimeoutMinutes: { kind: 'integer', default: 15, min: 1, max: 60, unit: 'min', label: 'Inactivity timeout', help: 'A session with no viewer input for this long is closed.' },
  maxSessionHours: { kind: 'integer', default: 24, min: 1, max: 240, unit: 'h', label: 'Maximum session duration', help: 'A session is closed this long after it started, unless extended.' },
  lastViewerGraceSeconds: { kind: 'integer', default: 30, min: 0, max: 86_400, unit: 's', label: 'Grace after the last viewer leaves', help: 'Then the session stops; 0 keeps it running.' },
  startTimeoutSeconds: { kind: 'integer', default: 30, min: 5, max: 600, unit: 's', label: 'Start timeout', help: 'A start not ready in time fails and frees its slot.' },
  sweepIntervalSeconds: { kind: 'integer', default: 5, min: 1, max: 60, unit: 's', label: 'Sweep interval', help: 'How often expired sessions are looked for.' },
  retentionDays: { kind: 'integer', default: 30, min: 30, max: 365, unit: 'days', label: 'Keep audit and history', help: 'Older records are removed by the daily retention job.' },
  recoveryMode: { kind: 'choice', default: 'readopt', choices: ['readopt', 'cleanup'], label: 'After a crash', help: 'Re-adopt sessions whose server still answers, or clean every one up.' },
} as const satisfies Record<keyof Settings, SettingSpec>;

export const DEFAULT_SETTINGS: Settings = Object.fromEntries(
  Object.entries(SETTINGS_SPEC).map(([key, spec]) => [key, spec.default]),
) as unknown as Settings;

/** Problems with a settings patch, by key; empty when it is valid. */
export function settingsProblems(patch: Readonly<Record<string, unknown>>): Partial<Record<string, string>> {
  const problems: Partial<Record<string, string>> = {};
  for (const [key, value] of Object.entries(patch)) {
    const spec = (SETTINGS_SPEC as Record<string, SettingSpec>)[key];
    if (!spec) problems[key] = 'unknown setting';
    else if (spec.kind === 'integer') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
        problems[key] = `expected an integer from ${spec.min} to ${spec.max} ${spec.unit}, found ${JSON.stringify(value)}`;
      }
    } else if (typeof value !== 'string' || !spec.choices.includes(value)) {
      problems[key] = `expected one of ${spec.choices.join(', ')}, found ${JSON.stringify(value)}`;
    }
  }
  return problems;
}
