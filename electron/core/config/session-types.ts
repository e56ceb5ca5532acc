// The sessions file: session types in the seed's shape, validated with errors that name the file,
// the JSON path of the bad value, what was expected and what was found.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { SIZE_PATTERN } from '../../shared/session';

export interface SessionTypeConfig {
  name: string;
  script: string;
  count: number;
  /** Passed whole to the script module as its common options. */
  options: Record<string, unknown>;
  /** Window sizes offered in the UI. */
  sizes: string[];
}

export const DEFAULT_SIZES = ['1920x1080', '1600x900', '1280x800', '1024x768'];
export const MAX_SLOT_COUNT = 64;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** RFC 6901 JSON pointer segment. */
const pointerSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates parsed JSON; `file` names the source in error messages. */
export function parseSessionTypes(json: unknown, file: string): SessionTypeConfig[] {
  const name = basename(file);
  const fail = (path: string, expected: string, found: unknown): never => {
    throw new ConfigError(`${name}: ${path}: expected ${expected}, found ${describe(found)}`);
  };
  if (!isPlainObject(json)) fail('/', 'an object of session types', json);
  const types: SessionTypeConfig[] = [];
  for (const [typeName, entry] of Object.entries(json as Record<string, unknown>)) {
    const at = `/${pointerSegment(typeName)}`;
    if (typeName.trim() === '' || typeName.length > 128) fail(at, 'a type name of 1-128 characters', typeName);
    if (!isPlainObject(entry)) fail(at, 'an object with "script", "count" and "options"', entry);
    const record = entry as Record<string, unknown>;
    const unknownKeys = Object.keys(record).filter((key) => !['script', 'count', 'options'].includes(key));
    if (unknownKeys.length > 0) fail(`${at}/${pointerSegment(unknownKeys[0]!)}`, 'only "script", "count" and "options"', unknownKeys[0]);
    const { script, count, options = {} } = record;
    if (typeof script !== 'string' || script.trim() === '') fail(`${at}/script`, 'a script name or module path', script);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_SLOT_COUNT) {
      fail(`${at}/count`, `an integer from 1 to ${MAX_SLOT_COUNT}`, count);
    }
    if (!isPlainObject(options)) fail(`${at}/options`, 'an object', options);
    const opts = options as Record<string, unknown>;
    const sizes = opts.sizes ?? DEFAULT_SIZES;
    if (!Array.isArray(sizes) || sizes.length === 0) fail(`${at}/options/sizes`, 'a non-empty array of "WxH" sizes', sizes);
    (sizes as unknown[]).forEach((size, i) => {
      if (typeof size !== 'string' || !SIZE_PATTERN.test(size)) {
        fail(`${at}/options/sizes/${i}`, 'a size "WxH" with 3-5 digits each, e.g. "1280x800"', size);
      }
    });
    types.push({ name: typeName, script: script as string, count: count as number, options: opts, sizes: sizes as string[] });
  }
  return types;
}

/** Reads and validates the sessions file. */
export async function loadSessionTypes(file: string): Promise<SessionTypeConfig[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${basename(file)}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${basename(file)}: invalid JSON: ${(error as Error).message}`);
  }
  return parseSessionTypes(json, file);
}
