// The sessions file: session types in the seed's shape, validated with errors that name the file,
// the JSON path of the bad value, what was expected and what was found.
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { SIZE_PATTERN } from '../../shared/session';
import { loadRealizeService } from '../script-host/load-script';
import { locateJsonError } from './json-syntax';

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
const MIN_SIDE = 200;
const MAX_SIDE = 8192;
/** Scripts that put slot i on X display display_base + i (default 100) and RFB port 5900 + display. */
const DISPLAY_SCRIPTS = new Set(['xvnc', 'vncserver', 'x11vnc']);
export const DEFAULT_DISPLAY_BASE = 100;
const MAX_DISPLAY = 65535 - 5900;

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
    // Editors find the schema through "$schema"; it is not a session type.
    if (typeName === '$schema' && typeof entry === 'string') continue;
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
      const match = typeof size === 'string' ? SIZE_PATTERN.exec(size) : null;
      if (!match) fail(`${at}/options/sizes/${i}`, 'a size "WxH" with 3-5 digits each, e.g. "1280x800"', size);
      const [width, height] = [Number(match![1]), Number(match![2])];
      if ([width, height].some((side) => side < MIN_SIDE || side > MAX_SIDE)) {
        fail(`${at}/options/sizes/${i}`, `width and height from ${MIN_SIDE} to ${MAX_SIDE}`, size);
      }
      if ((sizes as unknown[]).indexOf(size) !== i) fail(`${at}/options/sizes/${i}`, 'each size once', size);
    });
    const displayBase = opts.display_base;
    if (displayBase !== undefined) {
      const top = MAX_DISPLAY - (count as number) + 1;
      if (typeof displayBase !== 'number' || !Number.isInteger(displayBase) || displayBase < 1 || displayBase > top) {
        fail(`${at}/options/display_base`, `an integer from 1 to ${top} (display + 5900 must be a port)`, displayBase);
      }
    }
    for (const key of ['command', 'group', 'host'] as const) {
      if (opts[key] !== undefined && (typeof opts[key] !== 'string' || (opts[key] as string).trim() === '')) {
        fail(`${at}/options/${key}`, 'a non-empty string', opts[key]);
      }
    }
    types.push({ name: typeName, script: script as string, count: count as number, options: opts, sizes: sizes as string[] });
  }
  checkDisplayRanges(types, name);
  return types;
}

/** The X displays a type's slots use, when its script works that way. */
function displayRange(type: SessionTypeConfig): [number, number] | undefined {
  const base = type.options.display_base;
  if (typeof base !== 'number' && !(DISPLAY_SCRIPTS.has(type.script) && type.options.display === undefined)) return undefined;
  const first = typeof base === 'number' ? base : DEFAULT_DISPLAY_BASE;
  return [first, first + type.count - 1];
}

/** Two types whose slots could take the same display (and port) would collide: refuse that. */
function checkDisplayRanges(types: readonly SessionTypeConfig[], name: string): void {
  const ranges = types.map((type) => ({ type, range: displayRange(type) })).filter((entry) => entry.range !== undefined);
  for (let a = 0; a < ranges.length; a++) {
    for (let b = a + 1; b < ranges.length; b++) {
      const [first, second] = [ranges[a]!, ranges[b]!];
      const [aLow, aHigh] = first.range!;
      const [bLow, bHigh] = second.range!;
      if (aLow <= bHigh && bLow <= aHigh) {
        throw new ConfigError(
          `${name}: /${pointerSegment(second.type.name)}/options/display_base: expected displays that no other type uses, ` +
            `found :${bLow}-:${bHigh}, which overlaps "${first.type.name}" (:${aLow}-:${aHigh})`,
        );
      }
    }
  }
}

/** Every type's script resolves to a module that exports realizeService. */
async function checkScripts(types: readonly SessionTypeConfig[], file: string): Promise<void> {
  for (const type of types) {
    try {
      await loadRealizeService(type.script, dirname(file));
    } catch (error) {
      throw new ConfigError(`${basename(file)}: /${pointerSegment(type.name)}/script: ${(error as Error).message}`);
    }
  }
}

/** Parses JSON text, naming the line and column of a syntax error. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const where = locateJsonError(text);
    const detail = where ? `at line ${where.line}, column ${where.column}: ${where.message}` : (error as Error).message;
    throw new ConfigError(`${basename(file)}: invalid JSON ${detail}`);
  }
}

/** Reads and validates the sessions file, scripts included. */
export async function loadSessionTypes(file: string): Promise<SessionTypeConfig[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${basename(file)}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const types = parseSessionTypes(parseJsonText(text, file), file);
  await checkScripts(types, file);
  return types;
}
