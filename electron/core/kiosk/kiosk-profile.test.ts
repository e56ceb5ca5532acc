// A kiosk profile is refused with the sessions file's kind of message (file, JSON path, expected,
// found), and the published schema is generated from the loader's and agrees with it.
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { loadKioskProfile, parseKioskProfile } from './kiosk-profile';
import { kioskSchemaDocument } from './kiosk-schema';

const HASH = '$scrypt$ln=15,r=8,p=1$beJ8XYbzfSO2dN87aURsLA$8nUkV25UFab2RKNPXwL2zAOAkx5F9/aeULoYuWf5l7M';

/** [case, file text, message after "kiosk.json: "] */
const CASES: [string, string, string][] = [
  ['not JSON', '{"type": }', 'invalid JSON at line 1, column 10: expected a value, found "}"'],
  ['an array', '[]', '/: expected an object with "type" and optional "size", "restart", "idleResetMinutes", "pinHash", "allowViewOnlyToggle", "sendKeysMenu", found []'],
  ['no type', '{}', '/type: expected the name of a session type of the sessions file (1-128 characters), found nothing'],
  ['type empty', '{"type": ""}', '/type: expected the name of a session type of the sessions file (1-128 characters), found ""'],
  ['unknown key', '{"type": "A", "restar": "always"}', '/restar: expected only "$schema", "type", "size", "restart", "idleResetMinutes", "pinHash", "allowViewOnlyToggle" and "sendKeysMenu", found "restar"'],
  ['size in words', '{"type": "A", "size": "full"}', '/size: expected "screen" or a size "WxH" with each side from 200 to 16384, e.g. "1280x800", found "full"'],
  ['size too wide', '{"type": "A", "size": "20000x1000"}', '/size: expected "screen" or a size "WxH" with each side from 200 to 16384, e.g. "1280x800", found "20000x1000"'],
  ['restart unknown', '{"type": "A", "restart": "sometimes"}', '/restart: expected one of always, prompt, never, found "sometimes"'],
  ['idle negative', '{"type": "A", "idleResetMinutes": -1}', '/idleResetMinutes: expected an integer from 0 to 1440 (0: never), found -1'],
  ['idle as text', '{"type": "A", "idleResetMinutes": "10"}', '/idleResetMinutes: expected an integer from 0 to 1440 (0: never), found "10"'],
  ['PIN in clear', '{"type": "A", "pinHash": "1234"}', '/pinHash: expected a PIN hash as printed by session-deck-host --hash-pin ("$scrypt$ln=..."), found "1234"'],
  ['toggle as text', '{"type": "A", "allowViewOnlyToggle": "yes"}', '/allowViewOnlyToggle: expected true or false, found "yes"'],
  ['duplicate key', '{"type": "A",\n "type": "B"}', '/: the key "type" appears twice, at lines 1 and 2'],
];

describe('kiosk profile', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await makeTempDir('deck-kiosk-profile');
  });
  afterAll(async () => dir.remove());

  it.each(CASES)('refuses %s', async (name, text, expected) => {
    const file = join(dir.path, 'kiosk.json');
    await writeFile(file, text);
    await expect(loadKioskProfile(file)).rejects.toThrow(`kiosk.json: ${expected}`);
  });

  it('fills in the defaults: the screen size, restart always, no idle reset, no tools', () => {
    expect(parseKioskProfile({ type: 'Desk' }, 'kiosk.json')).toEqual({ type: 'Desk', size: 'screen', restart: 'always', idleResetMinutes: 0, allowViewOnlyToggle: false, sendKeysMenu: false });
  });

  it('reads the example profile, and a PIN hash', async () => {
    const example = await loadKioskProfile(new URL('../../../resources/kiosk.example.json', import.meta.url).pathname);
    expect(example).toMatchObject({ type: 'Local Desktop', size: 'screen', idleResetMinutes: 30 });
    expect(parseKioskProfile({ type: 'A', pinHash: HASH, size: '1280x800', restart: 'prompt' }, 'k.json')).toMatchObject({ pinHash: HASH, size: '1280x800', restart: 'prompt' });
  });

  it('resources/kiosk.schema.json is current, and refuses what the loader refuses', () => {
    const published = readFileSync(new URL('../../../resources/kiosk.schema.json', import.meta.url), 'utf8');
    expect(published).toBe(kioskSchemaDocument());
    const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(published));
    for (const [name, text] of CASES) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        continue;
      }
      if (name === 'duplicate key') continue; // JSON.parse keeps the last key
      expect(validate(json), name).toBe(false);
    }
    expect(validate({ type: 'A', pinHash: HASH, size: 'screen' })).toBe(true);
  });
});
