// The published JSON schema (for editors) agrees with the loader on what a sessions file is.
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSessionTypes } from './session-types';

const schema = JSON.parse(readFileSync(new URL('../../../resources/sessions.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

describe('resources/sessions.schema.json', () => {
  it('accepts the shipped example, which the loader accepts too', () => {
    const example = JSON.parse(readFileSync(new URL('../../../resources/sessions.example.json', import.meta.url), 'utf8'));
    expect(validate(example)).toBe(true);
    expect(() => parseSessionTypes(example, 'sessions.example.json')).not.toThrow();
  });

  it.each([
    { A: { script: 'xvnc', count: 'two' } },
    { A: { script: 'xvnc', count: 0 } },
    { A: { script: 'xvnc', count: 65 } },
    { A: { count: 1 } },
    { A: { script: 'xvnc', count: 1, extra: 1 } },
    { A: { script: 'xvnc', count: 1, options: { sizes: ['big'] } } },
    { A: { script: 'xvnc', count: 1, options: { sizes: [] } } },
    { A: { script: 'xvnc', count: 1, options: { sizes: ['800x600', '800x600'] } } },
    { A: { script: 'xvnc', count: 1, options: { display_base: 0 } } },
    { A: { script: 'xvnc', count: 1, options: { command: '' } } },
    { '': { script: 'xvnc', count: 1 } },
  ])('rejects what the loader rejects: %j', (file) => {
    expect(validate(file)).toBe(false);
    expect(() => parseSessionTypes(file, 'sessions.json')).toThrow();
  });
});
