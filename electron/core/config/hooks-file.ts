// The event-hooks file: a JSON array of { command, events, timeoutMs? }, validated with errors that
// name the file, the JSON path, what was expected and what was found, like the sessions file.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AUDIT_EVENT_KINDS, type AuditEventKind } from '../../shared/journal';
import type { HookConfig } from '../journal';
import { ConfigError, parseJsonText } from './session-types';

const MAX_TIMEOUT_MS = 10 * 60_000;

export function parseHooks(json: unknown, file: string): HookConfig[] {
  const name = basename(file);
  const fail = (path: string, expected: string, found: unknown): never => {
    throw new ConfigError(`${name}: ${path}: expected ${expected}, found ${found === undefined ? 'nothing' : JSON.stringify(found)}`);
  };
  if (!Array.isArray(json)) fail('/', 'an array of hooks', json);
  return (json as unknown[]).map((entry, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`/${i}`, 'an object {"command", "events", "timeoutMs"?}', entry);
    const { command, events, timeoutMs, ...extra } = entry as Record<string, unknown>;
    const unknownKey = Object.keys(extra)[0];
    if (unknownKey !== undefined) fail(`/${i}/${unknownKey}`, 'only "command", "events" and "timeoutMs"', unknownKey);
    if (typeof command !== 'string' || command.trim() === '') fail(`/${i}/command`, 'a shell command line', command);
    if (!Array.isArray(events) || events.length === 0) fail(`/${i}/events`, 'a non-empty array of audit event kinds', events);
    (events as unknown[]).forEach((kind, k) => {
      if (!(AUDIT_EVENT_KINDS as readonly unknown[]).includes(kind)) fail(`/${i}/events/${k}`, `one of ${AUDIT_EVENT_KINDS.join(', ')}`, kind);
    });
    if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > MAX_TIMEOUT_MS)) {
      fail(`/${i}/timeoutMs`, `an integer from 100 to ${MAX_TIMEOUT_MS}`, timeoutMs);
    }
    return { command: command as string, events: events as AuditEventKind[], ...(timeoutMs !== undefined ? { timeoutMs: timeoutMs as number } : {}) };
  });
}

export async function loadHooks(file: string): Promise<HookConfig[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${basename(file)}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return parseHooks(parseJsonText(text, file), file);
}
