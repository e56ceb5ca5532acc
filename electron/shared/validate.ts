// Argument validation for every call that crosses a process boundary (IPC or HTTP).
import type { MethodName, SessionDeckMethods } from './api';
import { ApiError } from './errors';
import { SIZE_PATTERN, type StartRequest } from './session';

const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_TYPE_NAME = 128;

function fail(message: string): never {
  throw new ApiError('bad_request', message);
}

function expectArgCount(args: readonly unknown[], count: number): void {
  if (args.length !== count) fail(`expected ${count} argument(s), found ${args.length}`);
}

export function parseSessionId(value: unknown): string {
  if (typeof value !== 'string' || !SESSION_ID_PATTERN.test(value)) {
    fail('session id: expected 1-64 characters of [A-Za-z0-9_-]');
  }
  return value;
}

export function parseStartRequest(value: unknown): StartRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('start request: expected an object {"type": string, "size": "WxH"}');
  }
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => key !== 'type' && key !== 'size');
  if (extra.length > 0) fail(`start request: unexpected key(s) ${extra.join(', ')}`);
  const { type, size } = record;
  if (typeof type !== 'string' || type.length === 0 || type.length > MAX_TYPE_NAME) {
    fail(`start request: type: expected a non-empty string of at most ${MAX_TYPE_NAME} characters`);
  }
  if (typeof size !== 'string' || !SIZE_PATTERN.test(size)) {
    fail('start request: size: expected "WxH", e.g. "1280x800"');
  }
  return { type, size };
}

type ArgsOf<K extends MethodName> = Parameters<SessionDeckMethods[K]>;

/** One validator per method: checks the raw argument list and returns it typed. */
export const validateArgs: { [K in MethodName]: (args: readonly unknown[]) => ArgsOf<K> } = {
  listTypes: (args) => (expectArgCount(args, 0), []),
  listSessions: (args) => (expectArgCount(args, 0), []),
  getSession: (args) => (expectArgCount(args, 1), [parseSessionId(args[0])]),
  startSession: (args) => (expectArgCount(args, 1), [parseStartRequest(args[0])]),
  stopSession: (args) => (expectArgCount(args, 1), [parseSessionId(args[0])]),
  openViewer: (args) => (expectArgCount(args, 1), [parseSessionId(args[0])]),
};
