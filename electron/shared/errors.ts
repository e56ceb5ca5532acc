// Errors that cross the API boundary keep a machine-readable code.

export const API_ERROR_CODES = [
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'unknown_type',
  'at_capacity',
  'not_authorized',
  'start_failed',
  /** The method has no answer on this transport (e.g. no clipboard the page may use). */
  'not_supported',
  /** The action's durable record (audit log, live registry) cannot be written, so it is refused. */
  'journal_unavailable',
  /** The client could not reach the engine at all (the headless host is down); never sent by the engine. */
  'unreachable',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  /** Machine-readable detail: which limit was hit, which settings are wrong, a script's log tail, ... */
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export const isApiErrorCode = (value: unknown): value is ApiErrorCode =>
  typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);

/** The HTTP status for each code, used by the headless host. */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  unknown_type: 404,
  at_capacity: 503,
  not_authorized: 403,
  start_failed: 500,
  not_supported: 501,
  journal_unavailable: 503,
  unreachable: 503,
  internal: 500,
};

/** Turns anything thrown into an error body without leaking internals. */
export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return error.toBody();
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
