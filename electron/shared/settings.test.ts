import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkArgs } from './dispatch';
import { DEFAULT_SETTINGS, SETTINGS_SPEC, settingsJsonSchemaProperties, settingsProblems } from './settings';

describe('settings schema', () => {
  it('gives every setting its default, bounds and label', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      userLimit: 8,
      inactivityTimeoutMinutes: 15,
      maxSessionHours: 24,
      lastViewerGraceSeconds: 0,
      startTimeoutSeconds: 30,
      sweepIntervalSeconds: 5,
      retentionDays: 30,
      recoveryMode: 'readopt',
    });
    expect(SETTINGS_SPEC.maxSessionHours).toMatchObject({ kind: 'integer', min: 1, max: 240, unit: 'h', label: 'Maximum session duration' });
    expect(SETTINGS_SPEC.recoveryMode).toMatchObject({ kind: 'choice', choices: ['readopt', 'cleanup'] });
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString'])('refuses a key named %s with a message, in a saved file or an API call', (key) => {
    const patch = JSON.parse(`{"${key}": {"retentionDays": 30}}`) as Record<string, unknown>;
    expect(Object.keys(settingsProblems(patch))).toEqual([key]);
    if (key !== 'toString') expect(settingsProblems(patch)[key]).toContain(`"${key}" is not a setting`);
    let error: unknown;
    try {
      checkArgs('updateSettings', [patch]);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: 'bad_request', message: `settings: ${key}: unknown setting` });
    expect(Object.keys((error as { details: { problems: object } }).details.problems)).toEqual([key]);
  });

  it('names each bad key with its range and what was found', () => {
    expect(settingsProblems({ userLimit: 0, recoveryMode: 'later', colour: 'red', maxSessionHours: 2 })).toEqual({
      userLimit: 'expected an integer from 1 to 256 sessions, found 0',
      recoveryMode: 'expected one of readopt, cleanup, found "later"',
      colour: 'unknown setting',
    });
    expect(settingsProblems({ lastViewerGraceSeconds: 1.5 })).toEqual({ lastViewerGraceSeconds: 'expected an integer from 0 to 86400 s, found 1.5' });
  });

  it("is a plain JSON schema for electron-store's strict ajv, with the same ranges and defaults", () => {
    const validate = new Ajv({ strict: true, useDefaults: true }).compile({ type: 'object', properties: settingsJsonSchemaProperties() });
    const filled: Record<string, unknown> = {};
    expect(validate(filled)).toBe(true);
    expect(filled).toEqual(DEFAULT_SETTINGS);
    expect(validate({ ...DEFAULT_SETTINGS, userLimit: 257 })).toBe(false);
    expect(validate({ ...DEFAULT_SETTINGS, recoveryMode: 'later' })).toBe(false);
  });
});
