// The sessions file: session types in the shape of sessions-schema.ts, validated with errors that
// name the file, the JSON path of the bad value, what was expected and what was found.
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { firstProblem, pointerSegment } from '../../shared/schema';
import { loadRealizeService } from '../script-host/load-script';
import { locateJsonError } from './json-syntax';
import { DEFAULT_DISPLAY_BASE, DEFAULT_SIZES, MAX_DISPLAY, SessionsFileSchema, type SessionTypeEntry } from './sessions-schema';

export { DEFAULT_DISPLAY_BASE, DEFAULT_SIZES, MAX_SLOT_COUNT } from './sessions-schema';

export interface SessionTypeConfig {
  name: string;
  script: string;
  count: number;
  /** Passed whole to the script module as its common options. */
  options: Record<string, unknown>;
  /** Window sizes offered in the UI. */
  sizes: string[];
}

/** Scripts that put slot i on X display display_base + i (default 100) and RFB port 5900 + display. */
const DISPLAY_SCRIPTS = new Set(['xvnc', 'vncserver', 'x11vnc']);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates parsed JSON; `file` names the source in error messages. */
export function parseSessionTypes(json: unknown, file: string): SessionTypeConfig[] {
  const name = basename(file);
  const problem = firstProblem(SessionsFileSchema, json);
  if (problem) throw new ConfigError(`${name}: ${problem.path || '/'}: ${problem.problem}`);
  const types: SessionTypeConfig[] = [];
  for (const [typeName, entry] of Object.entries(json as Record<string, unknown>)) {
    // Editors find the schema through "$schema"; it is not a session type.
    if (typeName === '$schema') continue;
    const { script, count, options = {} } = entry as SessionTypeEntry;
    const displayBase = options.display_base;
    // Beyond the schema: the type's last slot must still have a port.
    if (displayBase !== undefined && displayBase > MAX_DISPLAY - count + 1) {
      throw new ConfigError(
        `${name}: /${pointerSegment(typeName)}/options/display_base: expected an integer from 1 to ${MAX_DISPLAY - count + 1} (display + 5900 must be a port), found ${displayBase}`,
      );
    }
    types.push({ name: typeName, script, count, options, sizes: options.sizes ?? DEFAULT_SIZES });
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
