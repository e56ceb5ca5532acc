// The settings form's logic: text fields -> a patch of what changed, its problems (SETTINGS_SPEC),
// and the server's problems (bad_request details.problems) by key.
import { ApiError } from '../../../electron/shared/errors';
import { SETTINGS_SPEC, settingsProblems, type Settings } from '../../../electron/shared/settings';

export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(SETTINGS_SPEC) as SettingKey[];

/** What the inputs show: every value as text. */
export type SettingsDraft = Record<SettingKey, string>;

export const toDraft = (settings: Settings): SettingsDraft =>
  Object.fromEntries(SETTING_KEYS.map((key) => [key, String(settings[key])])) as SettingsDraft;

/** A field's text as the value to send: integers parsed when they look like one, else the text itself (a problem). */
export function parseField(key: SettingKey, text: string): unknown {
  const spec = SETTINGS_SPEC[key];
  if (spec.kind === 'integer') return /^\s*-?\d+\s*$/.test(text) ? Number(text) : text.trim() === '' ? null : text;
  return text;
}

/** The keys whose text differs from the saved settings, with their parsed values. */
export function changedPatch(draft: SettingsDraft, saved: Settings): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = parseField(key, draft[key]);
    if (value !== saved[key]) patch[key] = value;
  }
  return patch;
}

/** Inline problems of the fields that changed. */
export function draftProblems(draft: SettingsDraft, saved: Settings): Partial<Record<string, string>> {
  const problems = settingsProblems(changedPatch(draft, saved));
  // An emptied field is sent as null; the user sees a field, not a value called null.
  for (const key of SETTING_KEYS) {
    const problem = problems[key];
    if (problem && draft[key].trim() === '') problems[key] = problem.replace(/found null$/, 'but the field is empty');
  }
  return problems;
}

/** Per-key problems from a refused update, or null when the error is not about keys. */
export function serverProblems(error: unknown): Partial<Record<string, string>> | null {
  if (!(error instanceof ApiError) || error.code !== 'bad_request') return null;
  const problems = error.details?.problems;
  if (typeof problems !== 'object' || problems === null || Array.isArray(problems)) return null;
  const result: Partial<Record<string, string>> = {};
  for (const [key, value] of Object.entries(problems)) result[key] = String(value);
  return result;
}

/** `from 1 to 60 min, default 15 min` for the field's hint. */
export function rangeText(key: SettingKey): string {
  const spec = SETTINGS_SPEC[key];
  if (spec.kind === 'integer') return `From ${spec.min} to ${spec.max} ${spec.unit}; default ${spec.default} ${spec.unit}.`;
  return `One of ${spec.choices.join(', ')}; default ${spec.default}.`;
}
