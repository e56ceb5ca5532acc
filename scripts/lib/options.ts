// Readers for a session type's `options` (the sessions file's free-form object): each returns the
// value when it has the right type, the default when absent, and throws a message naming the key
// when it is present but wrong, so a typo in the sessions file is a clear start error.

type Options = Readonly<Record<string, unknown>>;

export class ScriptOptionError extends Error {
  override name = 'ScriptOptionError';
}

export function integerOption(options: Options, key: string, fallback: number, min: number, max: number): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ScriptOptionError(`options.${key}: expected an integer from ${min} to ${max}, found ${JSON.stringify(value)}`);
  }
  return value;
}

export function stringOption(options: Options, key: string): string | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ScriptOptionError(`options.${key}: expected a non-empty string, found ${JSON.stringify(value)}`);
  }
  return value;
}

export function booleanOption(options: Options, key: string, fallback: boolean): boolean {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ScriptOptionError(`options.${key}: expected true or false, found ${JSON.stringify(value)}`);
  return value;
}

export function choiceOption<T extends string>(options: Options, key: string, choices: readonly T[]): T | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new ScriptOptionError(`options.${key}: expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, found ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** Reads options now and keeps the error for later: realizeService must not throw for a bad option. */
export function settle<T>(read: () => T): { value: T; error?: undefined } | { value?: undefined; error: Error } {
  try {
    return { value: read() };
  } catch (error) {
    return { error: error as Error };
  }
}
