// Argument validation for every call that crosses a process boundary (IPC or HTTP).
import type { MethodName, SessionDeckMethods } from './api';
import { ApiError } from './errors';
import { AUDIT_EVENT_KINDS, MAX_PAGE_LIMIT, type AuditQuery, type HistoryQuery, type MetricsQuery, type PageQuery } from './journal';
import { MAX_SECRET_LENGTH, SECRET_NAME_PATTERN, SIZE_PATTERN, TERMINATION_CAUSES, type StartRequest, type ViewerOptions } from './session';
import { settingsProblems, type Settings } from './settings';

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

function expectRecord(value: unknown, what: string, allowed: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what}: expected an object`);
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !allowed.includes(key));
  if (extra.length > 0) fail(`${what}: unexpected key(s) ${extra.join(', ')} (allowed: ${allowed.join(', ')})`);
  return record;
}

export function parseViewerOptions(value: unknown): ViewerOptions {
  const { viewOnly } = expectRecord(value, 'viewer options', ['viewOnly']);
  if (viewOnly !== undefined && typeof viewOnly !== 'boolean') fail('viewer options: viewOnly: expected true or false');
  return viewOnly === undefined ? {} : { viewOnly };
}

export function parseSettingsPatch(value: unknown): Partial<Settings> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('settings: expected an object of settings');
  const problems = settingsProblems(value as Record<string, unknown>);
  const messages = Object.entries(problems).map(([key, problem]) => `${key}: ${problem}`);
  if (messages.length > 0) throw new ApiError('bad_request', `settings: ${messages.join('; ')}`, { problems });
  return value as Partial<Settings>;
}

const optionalString = (record: Record<string, unknown>, key: string, what: string, max = 128): string | undefined => {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) fail(`${what}: ${key}: expected a string of 1-${max} characters`);
  return value;
};

const optionalInteger = (record: Record<string, unknown>, key: string, what: string, min: number, max: number): number | undefined => {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(`${what}: ${key}: expected an integer from ${min} to ${max}`);
  return value;
};

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function parsePage(record: Record<string, unknown>, what: string): PageQuery {
  const limit = optionalInteger(record, 'limit', what, 1, MAX_PAGE_LIMIT);
  const cursor = optionalString(record, 'cursor', what, 256);
  return { ...(limit !== undefined ? { limit } : {}), ...(cursor !== undefined ? { cursor } : {}) };
}

function parseTimeRange(record: Record<string, unknown>, what: string): { from?: number; to?: number } {
  const from = optionalInteger(record, 'from', what, 0, Number.MAX_SAFE_INTEGER);
  const to = optionalInteger(record, 'to', what, 0, Number.MAX_SAFE_INTEGER);
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

export function parseHistoryQuery(value: unknown): HistoryQuery {
  const what = 'history query';
  const record = expectRecord(value, what, ['limit', 'cursor', 'type', 'cause', 'from', 'to']);
  const type = optionalString(record, 'type', what);
  const cause = optionalString(record, 'cause', what);
  if (cause !== undefined && !(TERMINATION_CAUSES as readonly string[]).includes(cause)) fail(`${what}: cause: expected one of ${TERMINATION_CAUSES.join(', ')}`);
  return { ...parsePage(record, what), ...parseTimeRange(record, what), ...(type ? { type } : {}), ...(cause ? { cause } : {}) };
}

export function parseAuditQuery(value: unknown): AuditQuery {
  const what = 'audit query';
  const record = expectRecord(value, what, ['limit', 'cursor', 'kind', 'sessionId', 'from', 'to']);
  const kind = optionalString(record, 'kind', what);
  if (kind !== undefined && !(AUDIT_EVENT_KINDS as readonly string[]).includes(kind)) fail(`${what}: kind: expected one of ${AUDIT_EVENT_KINDS.join(', ')}`);
  const sessionId = record.sessionId === undefined ? undefined : parseSessionId(record.sessionId);
  return {
    ...parsePage(record, what),
    ...parseTimeRange(record, what),
    ...(kind ? { kind: kind as AuditQuery['kind'] } : {}),
    ...(sessionId ? { sessionId } : {}),
  };
}

export function parseMetricsQuery(value: unknown): MetricsQuery {
  const what = 'metrics query';
  const record = expectRecord(value, what, ['type', 'fromDay', 'toDay']);
  const type = optionalString(record, 'type', what);
  const day = (key: 'fromDay' | 'toDay') => {
    const text = optionalString(record, key, what, 10);
    if (text !== undefined && !DAY_PATTERN.test(text)) fail(`${what}: ${key}: expected a day YYYY-MM-DD`);
    return text;
  };
  const fromDay = day('fromDay');
  const toDay = day('toDay');
  return { ...(type ? { type } : {}), ...(fromDay ? { fromDay } : {}), ...(toDay ? { toDay } : {}) };
}

export function parseSecretName(value: unknown): string {
  if (typeof value !== 'string' || !SECRET_NAME_PATTERN.test(value)) fail('secret name: expected 1-64 characters of [A-Za-z0-9_.-], starting with a letter or digit');
  return value;
}

export function parseSecretValue(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_SECRET_LENGTH) fail(`secret value: expected a string of 1-${MAX_SECRET_LENGTH} characters`);
  return value;
}

type ArgsOf<K extends MethodName> = Parameters<SessionDeckMethods[K]>;

/** One validator per method: checks the raw argument list and returns it typed. */
export const validateArgs: { [K in MethodName]: (args: readonly unknown[]) => ArgsOf<K> } = {
  listTypes: (args) => (expectArgCount(args, 0), []),
  listSessions: (args) => (expectArgCount(args, 0), []),
  getSession: (args) => (expectArgCount(args, 1), [parseSessionId(args[0])]),
  startSession: (args) => (expectArgCount(args, 1), [parseStartRequest(args[0])]),
  stopSession: (args) => (expectArgCount(args, 1), [parseSessionId(args[0])]),
  openViewer: (args) => {
    if (args.length < 1 || args.length > 2) fail(`expected 1 or 2 arguments, found ${args.length}`);
    return [parseSessionId(args[0]), parseViewerOptions(args[1])];
  },
  extendSession: (args) => (expectArgCount(args, 1), [parseSessionId(args[0])]),
  getSettings: (args) => (expectArgCount(args, 0), []),
  updateSettings: (args) => (expectArgCount(args, 1), [parseSettingsPatch(args[0])]),
  getConfigStatus: (args) => (expectArgCount(args, 0), []),
  listSecrets: (args) => (expectArgCount(args, 0), []),
  setSecret: (args) => (expectArgCount(args, 2), [parseSecretName(args[0]), parseSecretValue(args[1])]),
  deleteSecret: (args) => (expectArgCount(args, 1), [parseSecretName(args[0])]),
  listHistory: (args) => (expectArgCount(args, 1), [parseHistoryQuery(args[0])]),
  listAudit: (args) => (expectArgCount(args, 1), [parseAuditQuery(args[0])]),
  getMetrics: (args) => (expectArgCount(args, 1), [parseMetricsQuery(args[0])]),
};
