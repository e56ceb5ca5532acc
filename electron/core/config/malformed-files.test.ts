// Every way a sessions file can be wrong gets an error that names the file, the JSON path of the
// bad value, what was expected and what was found.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { CASE_MODULES, MALFORMED_CASES as CASES } from './malformed-cases';
import { loadSessionTypes } from './session-types';

const ok = { script: 'xvnc', count: 1, options: { sizes: ['1024x768'], display_base: 300 } };

describe('malformed sessions files', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await makeTempDir('deck-malformed');
  });
  afterAll(async () => dir.remove());

  /** The loader's message for one case's file, after "sessions.json: ". */
  async function messageFor(name: string, text: string): Promise<string> {
    const caseDir = join(dir.path, name.replace(/\W+/g, '-'));
    await mkdir(caseDir, { recursive: true });
    for (const [module, source] of Object.entries(CASE_MODULES)) await writeFile(join(caseDir, module), source);
    const file = join(caseDir, 'sessions.json');
    await writeFile(file, text);
    const error = await loadSessionTypes(file).then(
      () => new Error('accepted'),
      (reason: Error) => reason,
    );
    expect(error.name).toBe('ConfigError');
    expect(error.message.startsWith('sessions.json: ')).toBe(true);
    return error.message.slice('sessions.json: '.length);
  }

  it('tells at least 25 kinds of mistake apart (JSON path and what was expected)', async () => {
    const messages = await Promise.all(CASES.map(([name, text]) => messageFor(name, text)));
    const kinds = new Set(messages.map((message) => message.replace(/, found .*$/s, '')));
    expect(kinds.size).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)('%s', async (name, text, expected) => {
    const rest = await messageFor(name, text);
    if (typeof expected === 'string') expect(rest).toBe(expected);
    else expect(rest).toMatch(expected);
  });

  it('accepts a good file', async () => {
    const file = join(dir.path, 'good.json');
    await writeFile(file, JSON.stringify({ Desktop: ok }));
    expect(await loadSessionTypes(file)).toHaveLength(1);
  });
});
