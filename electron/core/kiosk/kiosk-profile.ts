// Reads a kiosk profile (kiosk.json) with the sessions file's messages: the file, the JSON path of
// the bad value, what was expected and what was found.
import { basename } from 'node:path';
import { firstProblem, shortPointer } from '../../shared/schema';
import type { KioskProfile } from '../../shared/kiosk';
import { readConfigText } from '../config/read-config-text';
import { ConfigError, parseJsonText } from '../config/session-types';
import { KioskProfileSchema, type KioskProfileEntry } from './kiosk-schema';

/** Validates parsed JSON; `file` names the source in messages. Fills in the defaults. */
export function parseKioskProfile(json: unknown, file: string): KioskProfile & { pinHash?: string } {
  const problem = firstProblem(KioskProfileSchema, json);
  if (problem) throw new ConfigError(`${basename(file)}: ${shortPointer(problem.path) || '/'}: ${problem.problem}`);
  const entry = json as KioskProfileEntry;
  return {
    type: entry.type,
    size: entry.size ?? 'screen',
    restart: entry.restart ?? 'always',
    idleResetMinutes: entry.idleResetMinutes ?? 0,
    allowViewOnlyToggle: entry.allowViewOnlyToggle ?? false,
    sendKeysMenu: entry.sendKeysMenu ?? false,
    ...(entry.pinHash ? { pinHash: entry.pinHash } : {}),
  };
}

export async function loadKioskProfile(file: string): Promise<KioskProfile & { pinHash?: string }> {
  let text: string;
  try {
    text = await readConfigText(file);
  } catch (error) {
    throw new ConfigError(`${basename(file)}: ${(error as Error).message}`);
  }
  return parseKioskProfile(parseJsonText(text, file).value, file);
}
