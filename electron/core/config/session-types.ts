// The sessions file: session types in the shape of sessions-schema.ts, validated with errors that
// name the file, the JSON path of the bad value, what was expected and what was found.
import { basename, dirname } from 'node:path';
import { describeValue, firstProblem, pointerSegment, shortPointer, shortText } from '../../shared/schema';
import { loadRealizeService } from '../script-host/load-script';
import { JsonSyntaxError, readJson, type JsonDocument } from './json-syntax';
import { readConfigText } from './read-config-text';
import { DEFAULT_DISPLAY_BASE, DEFAULT_SIZES, MAX_DISPLAY, SessionsFileSchema, XVNC_DEPTHS, type SessionTypeEntry } from './sessions-schema';
import { PlacementError, readPlacement, type RemotePlacement } from '../remote/ssh-placement';
import { controlCharacterProblem } from './text-rules';

export { DEFAULT_DISPLAY_BASE, DEFAULT_SIZES, MAX_SLOT_COUNT } from './sessions-schema';

export interface SessionTypeConfig {
  name: string;
  script: string;
  count: number;
  /** Passed whole to the script module as its common options. */
  options: Record<string, unknown>;
  /** Window sizes offered in the UI. */
  sizes: string[];
  /** options.end_when_last_viewer_leaves: its sessions stop this long after their last viewer left. */
  lastViewerGraceMs?: number;
  /** Its sessions run on another machine, reached over SSH (options.host / options.hosts). */
  remote?: RemotePlacement;
}

/** Scripts that put slot i on X display display_base + i (default 100) and RFB port 5900 + display. */
const DISPLAY_SCRIPTS = new Set(['xvnc', 'vncserver', 'x11vnc']);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A problem at a JSON pointer, as the message names it. */
const problemAt = (name: string, pointer: string, problem: string) => new ConfigError(`${name}: ${shortPointer(pointer) || '/'}: ${problem}`);

/**
 * Validates parsed JSON; `file` names the source in error messages, `outOfRange` (from readJson)
 * the numbers too large for a double as the file writes them.
 */
export function parseSessionTypes(json: unknown, file: string, outOfRange: JsonDocument['outOfRange'] = new Map()): SessionTypeConfig[] {
  const name = basename(file);
  const control = controlCharacterProblem(json);
  if (control) throw problemAt(name, control.path, control.problem);
  const asWritten = (value: unknown, path: string) => (outOfRange.has(path) ? `${outOfRange.get(path)} (out of range)` : describeValue(value));
  const problem = firstProblem(SessionsFileSchema, json, asWritten);
  if (problem) throw problemAt(name, problem.path, problem.problem);
  // Options the schema leaves to their script may still hold such a number.
  for (const [path, written] of outOfRange) throw problemAt(name, path, `expected a number a double can hold, found ${written} (out of range)`);
  const types: SessionTypeConfig[] = [];
  for (const [typeName, entry] of Object.entries(json as Record<string, unknown>)) {
    // Editors find the schema through "$schema"; it is not a session type.
    if (typeName === '$schema') continue;
    const { script, count, options = {} } = entry as SessionTypeEntry;
    const displayBase = options.display_base;
    const at = (key: string) => `/${pointerSegment(typeName)}/options/${key}`;
    // Beyond the schema: the type's last slot must still have a port.
    if (displayBase !== undefined && displayBase > MAX_DISPLAY - count + 1) {
      throw problemAt(name, at('display_base'), `expected an integer from 1 to ${MAX_DISPLAY - count + 1} (display + 5900 must be a port), found ${displayBase}`);
    }
    // Which depths a server starts with depends on the server, so on the script.
    if (script === 'xvnc' && options.depth !== undefined && !XVNC_DEPTHS.includes(options.depth)) {
      throw problemAt(name, at('depth'), `expected ${XVNC_DEPTHS.slice(0, -1).join(', ')} or ${XVNC_DEPTHS.at(-1)} (what TigerVNC's Xvnc starts with), found ${options.depth}`);
    }
    const grace = options.end_when_last_viewer_leaves?.grace_seconds;
    let remote: RemotePlacement | undefined;
    try {
      remote = readPlacement(script, options, dirname(file));
    } catch (error) {
      if (!(error instanceof PlacementError)) throw error;
      throw problemAt(name, at(error.key), error.message);
    }
    types.push({
      name: typeName,
      script,
      count,
      options,
      sizes: options.sizes ?? DEFAULT_SIZES,
      ...(grace !== undefined ? { lastViewerGraceMs: grace * 1000 } : {}),
      ...(remote ? { remote } : {}),
    });
  }
  checkDisplayRanges(types, name);
  return types;
}

/** The X displays a type's slots use, when its script works that way. */
function displayRange(type: SessionTypeConfig): [number, number] | undefined {
  const base = type.options.display_base;
  // The slurm script's displays are on its job's node, not here.
  if (type.script === 'slurm') return undefined;
  if (typeof base !== 'number' && !(DISPLAY_SCRIPTS.has(type.script) && type.options.display === undefined)) return undefined;
  const first = typeof base === 'number' ? base : DEFAULT_DISPLAY_BASE;
  return [first, first + type.count - 1];
}

/** Types on other machines use displays there: only types on the same machine can collide. */
function shareAMachine(a: SessionTypeConfig, b: SessionTypeConfig): boolean {
  const machines = (type: SessionTypeConfig) => type.remote?.hosts ?? [''];
  return machines(a).some((machine) => machines(b).includes(machine));
}

/** Two types whose slots could take the same display (and port) would collide: refuse that. */
function checkDisplayRanges(types: readonly SessionTypeConfig[], name: string): void {
  const ranges = types.map((type) => ({ type, range: displayRange(type) })).filter((entry) => entry.range !== undefined);
  for (let a = 0; a < ranges.length; a++) {
    for (let b = a + 1; b < ranges.length; b++) {
      const [first, second] = [ranges[a]!, ranges[b]!];
      const [aLow, aHigh] = first.range!;
      const [bLow, bHigh] = second.range!;
      if (aLow <= bHigh && bLow <= aHigh && shareAMachine(first.type, second.type)) {
        throw new ConfigError(
          `${name}: /${shortText(pointerSegment(second.type.name))}/options/display_base: expected displays that no other type uses, ` +
            `found :${bLow}-:${bHigh}, which overlaps ${JSON.stringify(shortText(first.type.name))} (:${aLow}-:${aHigh})`,
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
      throw problemAt(basename(file), `/${pointerSegment(type.name)}/script`, (error as Error).message);
    }
  }
}

/** Parses JSON text, naming the line and column of a syntax error and the path of a refused value. */
export function parseJsonText(text: string, file: string): JsonDocument {
  try {
    return readJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const { path, line, column, message } = error.problem;
    if (path === undefined) throw new ConfigError(`${basename(file)}: invalid JSON at line ${line}, column ${column}: ${message}`);
    throw problemAt(basename(file), path, message);
  }
}

/** Reads and validates the sessions file, scripts included. */
export async function loadSessionTypes(file: string): Promise<SessionTypeConfig[]> {
  let text: string;
  try {
    text = await readConfigText(file);
  } catch (error) {
    throw new ConfigError(`${basename(file)}: ${(error as Error).message}`);
  }
  const { value, outOfRange } = parseJsonText(text, file);
  const types = parseSessionTypes(value, file, outOfRange);
  await checkScripts(types, file);
  return types;
}
