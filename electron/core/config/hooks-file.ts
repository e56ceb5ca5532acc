// The event-hooks file: a JSON array of { command, events, timeoutMs? }, validated with errors that
// name the file, the JSON path, what was expected and what was found, like the sessions file.
import { basename } from 'node:path';
import Type from 'typebox';
import { AUDIT_EVENT_KINDS } from '../../shared/journal';
import { firstProblem } from '../../shared/schema';
import type { HookConfig } from '../journal';
import { readConfigText } from './read-config-text';
import { ConfigError, parseJsonText } from './session-types';

const MAX_TIMEOUT_MS = 10 * 60_000;

export const HooksFileSchema = Type.Array(
  Type.Object(
    {
      command: Type.String({ minLength: 1, pattern: '\\S', expected: 'a shell command line' }),
      events: Type.Array(Type.Enum([...AUDIT_EVENT_KINDS], { expected: `one of ${AUDIT_EVENT_KINDS.join(', ')}` }), {
        minItems: 1,
        expected: 'a non-empty array of audit event kinds',
      }),
      timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: MAX_TIMEOUT_MS, expected: `an integer from 100 to ${MAX_TIMEOUT_MS}` })),
    },
    { additionalProperties: false, expected: 'an object {"command", "events", "timeoutMs"?}' },
  ),
  { expected: 'an array of hooks' },
);

export function parseHooks(json: unknown, file: string): HookConfig[] {
  const problem = firstProblem(HooksFileSchema, json);
  if (problem) throw new ConfigError(`${basename(file)}: ${problem.path || '/'}: ${problem.problem}`);
  return (json as HookConfig[]).map(({ command, events, timeoutMs }) => ({ command, events, ...(timeoutMs !== undefined ? { timeoutMs } : {}) }));
}

export async function loadHooks(file: string): Promise<HookConfig[]> {
  let text: string;
  try {
    text = await readConfigText(file);
  } catch (error) {
    throw new ConfigError(`${basename(file)}: ${(error as Error).message}`);
  }
  return parseHooks(parseJsonText(text, file).value, file);
}
