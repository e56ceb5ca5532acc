// The one entry from a transport into an implementation of the contract: IPC (Electron's main) and
// HTTP (the headless host) both call dispatch(), which checks the arguments against the method's
// schemas before the implementation sees them.
import type { Static, TSchema } from 'typebox';
import { CONTRACT, type DeckMethods, type MethodName } from './api';
import { ApiError } from './errors';
import { schemaProblems } from './schema';

type Annotated = TSchema & { title?: string; problemsByKey?: boolean };

/**
 * Returns the value typed when it fits the schema; otherwise throws bad_request
 * "<title>: <path>: expected ..., found ..." (for `problemsByKey` objects, every key's problem,
 * also in details.problems).
 */
export function checkValue<T extends TSchema>(schema: T, value: unknown): Static<T> {
  const problems = schemaProblems(schema, value);
  if (problems.length === 0) return value as Static<T>;
  const { title = 'argument', problemsByKey } = schema as Annotated;
  if (problemsByKey && problems.every((item) => item.path !== '')) {
    // No prototype: a key such as __proto__ or constructor must be an entry like any other.
    const byKey = Object.create(null) as Record<string, string>;
    for (const { path, problem } of problems) {
      const [key = '', ...rest] = path.split('/').slice(1);
      byKey[key] ??= rest.length > 0 ? `/${rest.join('/')}: ${problem}` : problem;
    }
    throw new ApiError('bad_request', `${title}: ${Object.entries(byKey).map(([key, problem]) => `${key}: ${problem}`).join('; ')}`, { problems: byKey });
  }
  const [{ path, problem }] = problems as [(typeof problems)[number]];
  throw new ApiError('bad_request', `${title}: ${path ? `${path}: ` : ''}${problem}`);
}


/** Checks a raw argument list against a method's schemas; returns it typed. */
export function checkArgs<K extends MethodName>(method: K, args: readonly unknown[]): Parameters<DeckMethods[K]> {
  const { args: required, optional } = CONTRACT[method];
  const [min, max] = [required.length, required.length + optional.length];
  // A transport may pass an absent optional argument as undefined.
  const given = args.length > min && args.at(-1) === undefined ? args.slice(0, -1) : args;
  if (given.length < min || given.length > max) {
    const expected = min === max ? `${min} argument(s)` : `${min} or ${max} arguments`;
    throw new ApiError('bad_request', `${method}: expected ${expected}, found ${args.length}`);
  }
  const schemas = [...required, ...optional];
  return given.map((value, i) => checkValue(schemas[i]!, value)) as Parameters<DeckMethods[K]>;
}

/** Validates, then calls the method on the implementation. */
export async function dispatch<K extends MethodName>(api: Pick<DeckMethods, K>, method: K, args: readonly unknown[]): Promise<Awaited<ReturnType<DeckMethods[K]>>> {
  if (!Object.hasOwn(CONTRACT, method)) throw new ApiError('not_found', `no API method ${String(method)}`);
  const call = api[method] as (...valid: unknown[]) => Promise<Awaited<ReturnType<DeckMethods[K]>>>;
  return call.apply(api, checkArgs(method, args));
}
