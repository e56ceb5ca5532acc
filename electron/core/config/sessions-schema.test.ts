// The published JSON schema (for editors) is generated from the loader's own schema, and the two
// agree on every malformed file of the test set, except the rules a JSON schema cannot express.
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MALFORMED_CASES } from './malformed-cases';
import { parseSessionTypes } from './session-types';
import { MAX_SIDE, MIN_SIDE, SIZE_IN_RANGE, sessionsSchemaDocument } from './sessions-schema';

const published = readFileSync(new URL('../../../resources/sessions.schema.json', import.meta.url), 'utf8');
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(published));

/** Refused by the loader only, and why the JSON schema cannot say so. */
const LOADER_ONLY: Record<string, string> = {
  'display_base past the ports': 'display_base + count - 1 must be a port display: a sum of two fields',
  'overlapping display ranges': 'two types on the same displays: a rule between entries',
  'two types on the default displays': 'two types on the same displays: a rule between entries',
  'nesting too deep': 'JSON Schema has no keyword for nesting depth; the loader refuses it before recursing',
  'number out of range in a script option': 'JSON.parse turns -1E999 into -Infinity, a number to the schema, and the option is the script\'s own',
  'duplicate key': 'JSON.parse keeps the last of two equal keys, so no schema sees the first',
  'duplicate type name': 'JSON.parse keeps the last of two equal keys, so no schema sees the first',
  'NUL in an option a script reads': 'options a script reads itself are untyped in the schema',
  'depth Xvnc does not start': 'which depths a server starts with depends on the script: a rule between fields',
  'unknown built-in script': 'whether a script module exists is known when it is loaded',
  'missing script file': 'whether a script module exists is known when it is loaded',
  'module without realizeService': 'what a script module exports is known when it is loaded',
  'module that does not load': 'whether a script module loads is known when it is loaded',
};

const parsed = (text: string): { ok: true; json: unknown } | { ok: false } => {
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

describe('resources/sessions.schema.json', () => {
  it('is current: generated from the loader schema (run node scripts/dev/generate-schemas.mjs)', () => {
    expect(published).toBe(sessionsSchemaDocument());
  });

  it('accepts the shipped example and sizes up to what Xvnc starts (12080x1024), as the loader does', () => {
    const example = JSON.parse(readFileSync(new URL('../../../resources/sessions.example.json', import.meta.url), 'utf8'));
    const wide = { Wall: { script: 'xvnc', count: 1, options: { sizes: ['12080x1024', '16384x200', '200x16384'], display_base: 300 } } };
    for (const file of [example, wide]) {
      expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
      expect(() => parseSessionTypes(file, 'sessions.json')).not.toThrow();
    }
  });

  it(`checks each side from ${MIN_SIDE} to ${MAX_SIDE} with its pattern`, () => {
    for (const side of [199, 200, 999, 1000, 9999, 10000, 12080, 15999, 16000, 16299, 16379, 16383, 16384, 16385, 16400, 20000, 99999]) {
      expect(SIZE_IN_RANGE.test(`${side}x${side}`), String(side)).toBe(side >= MIN_SIDE && side <= MAX_SIDE);
    }
  });

  it.each(MALFORMED_CASES.map(([name, text]) => [name, text] as const))('agrees with the loader on "%s"', (name, text) => {
    const json = parsed(text);
    // Broken JSON never reaches a schema: any JSON parser (an editor's too) refuses it.
    if (!json.ok) return expect(LOADER_ONLY[name]).toBeUndefined();
    if (LOADER_ONLY[name]) {
      // The loader refuses it (malformed-files.test.ts); the schema cannot, and says so here.
      expect(validate(json.json), `${name}: ${LOADER_ONLY[name]}`).toBe(true);
      return;
    }
    expect(validate(json.json), `the schema accepts "${name}"`).toBe(false);
    expect(() => parseSessionTypes(json.json, 'sessions.json')).toThrow();
  });
});
