// User-facing settings: one schema with defaults and bounds. The engine validates with it, the
// renderer shows defaults and validates inline from it, electron-store gets it as its JSON schema.
// Applied without a restart.
import Type, { type Static, type TSchema } from 'typebox';
import { firstProblem, publishedSchema } from './schema';

interface IntegerSetting {
  default: number;
  min: number;
  max: number;
  unit: string;
  label: string;
  help: string;
}

const integer = ({ default: value, min, max, unit, label, help }: IntegerSetting) =>
  Type.Integer({ default: value, minimum: min, maximum: max, unit, title: label, description: help, expected: `an integer from ${min} to ${max} ${unit}` });

const choice = <const C extends string[]>(choices: readonly [...C], value: C[number], label: string, help: string) =>
  Type.Enum<C>(choices, { default: value, title: label, description: help, expected: `one of ${choices.join(', ')}` });

export const SettingsSchema = Type.Object(
  {
    /** Sessions of all types that may run at once. */
    userLimit: integer({ default: 8, min: 1, max: 256, unit: 'sessions', label: 'User limit', help: 'Sessions of all types that may run at once.' }),
    /** A session with no viewer input for this long is closed (cause inactivity_timeout). */
    inactivityTimeoutMinutes: integer({ default: 15, min: 1, max: 60, unit: 'min', label: 'Inactivity timeout', help: 'A session with no viewer input for this long is closed.' }),
    /** A session is closed this long after it started (cause max_duration), unless extended. */
    maxSessionHours: integer({ default: 24, min: 1, max: 240, unit: 'h', label: 'Maximum session duration', help: 'A session is closed this long after it started, unless extended.' }),
    /**
     * After the last viewer leaves, sessions stop after this grace (cause last_viewer_left); 0, the
     * default, keeps them running until a timer ends them. A type's own end_when_last_viewer_leaves wins.
     */
    lastViewerGraceSeconds: integer({
      default: 0,
      min: 0,
      max: 86_400,
      unit: 's',
      label: 'Stop sessions left without a viewer',
      help: 'Seconds after the last viewer leaves; 0 keeps them running until the inactivity timeout. A session type may set its own.',
    }),
    /** A start that is not ready in time fails (cause start_timeout) and frees its slot. */
    startTimeoutSeconds: integer({ default: 30, min: 5, max: 600, unit: 's', label: 'Start timeout', help: 'A start not ready in time fails and frees its slot.' }),
    /** How often expired sessions are looked for. */
    sweepIntervalSeconds: integer({ default: 5, min: 1, max: 60, unit: 's', label: 'Sweep interval', help: 'How often expired sessions are looked for.' }),
    /** Audit records and history older than this are removed by the retention job. */
    retentionDays: integer({ default: 30, min: 30, max: 365, unit: 'days', label: 'Keep audit and history', help: 'Older records are removed by the daily retention job.' }),
    /** After a crash, sessions whose server still answers are re-adopted, or all are cleaned up. */
    recoveryMode: choice(['readopt', 'cleanup'], 'readopt', 'After a crash', 'Re-adopt sessions whose server still answers, or clean every one up.'),
  },
  { additionalProperties: false, unknownKey: 'unknown setting' },
);

export type Settings = Static<typeof SettingsSchema>;

/** A settings change: any subset of the keys, each valid. */
export const SettingsPatchSchema = Type.Partial(SettingsSchema, {
  title: 'settings',
  additionalProperties: false,
  unknownKey: 'unknown setting',
  expected: 'an object of settings',
  problemsByKey: true,
});

export type NumericSettingKey = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];

export interface NumericSettingSpec extends IntegerSetting {
  kind: 'integer';
}

export interface ChoiceSettingSpec {
  kind: 'choice';
  default: string;
  choices: readonly string[];
  label: string;
  help: string;
}

export type SettingSpec = NumericSettingSpec | ChoiceSettingSpec;

type Annotated = TSchema & { default: number | string; title: string; description: string; minimum?: number; maximum?: number; unit?: string; enum?: string[] };

function specOf(schema: Annotated): SettingSpec {
  const { default: value, title: label, description: help } = schema;
  if (schema.enum) return { kind: 'choice', default: String(value), choices: schema.enum, label, help };
  return { kind: 'integer', default: Number(value), min: schema.minimum!, max: schema.maximum!, unit: schema.unit!, label, help };
}

type SpecOf<K extends keyof Settings> = Settings[K] extends number ? NumericSettingSpec : ChoiceSettingSpec;

/** The schema seen as form fields: kind, default, bounds or choices, label and help. */
export const SETTINGS_SPEC = Object.fromEntries(
  Object.entries(SettingsSchema.properties).map(([key, schema]) => [key, specOf(schema as unknown as Annotated)]),
) as { readonly [K in keyof Settings]: SpecOf<K> };

export const DEFAULT_SETTINGS: Settings = Object.fromEntries(
  Object.entries(SETTINGS_SPEC).map(([key, spec]) => [key, spec.default]),
) as unknown as Settings;

/** The settings as a plain JSON Schema `properties` map (electron-store's `schema` option). */
export const settingsJsonSchemaProperties = (): Record<string, unknown> => publishedSchema(SettingsSchema).properties;

/** Keys that name what objects inherit rather than data: refused wherever a key is looked up. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export const forbiddenKeyProblem = (key: string): string => `${JSON.stringify(key)} is not a setting, and this name is refused because it names what every object inherits`;

/** Problems with a settings patch, by key; empty when it is valid. */
export function settingsProblems(patch: Readonly<Record<string, unknown>>): Partial<Record<string, string>> {
  // No prototype: a key named __proto__ is then an ordinary entry here.
  const problems: Partial<Record<string, string>> = Object.create(null) as Partial<Record<string, string>>;
  const properties = SettingsSchema.properties as Record<string, TSchema>;
  for (const [key, value] of Object.entries(patch)) {
    const schema = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (FORBIDDEN_KEYS.includes(key)) problems[key] = forbiddenKeyProblem(key);
    else if (!schema) problems[key] = 'unknown setting';
    else {
      const problem = firstProblem(schema, value);
      if (problem) problems[key] = problem.problem;
    }
  }
  return problems;
}
