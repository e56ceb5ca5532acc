// Control characters anywhere in the sessions file, keys included: a NUL cannot be passed in an
// argv or the environment (a start would fail far from the file), and other controls garble logs
// and terminals. The schema says the same for the fields it types; options a script reads itself
// are untyped there, so the whole parsed value is walked (readJson bounds its depth).
import { describeValue, pointerSegment, type SchemaProblem } from '../../shared/schema';
import { NO_CONTROLS, NO_CONTROLS_BUT_LINES, NO_CONTROLS_EXPECTED } from './sessions-schema';

const plain = new RegExp(NO_CONTROLS, 'u');
const shellLines = new RegExp(NO_CONTROLS_BUT_LINES, 'u');

/** Where a value's text may hold tab and line feed: a shell command line, /<type>/options/command. */
const isCommand = (path: readonly string[]) => path.length === 3 && path[1] === 'options' && path[2] === 'command';

/** The first key or string holding a control character, or undefined. */
export function controlCharacterProblem(value: unknown, path: string[] = []): SchemaProblem | undefined {
  const pointer = path.map((segment) => `/${pointerSegment(segment)}`).join('');
  if (typeof value === 'string') {
    if ((isCommand(path) ? shellLines : plain).test(value)) return undefined;
    return { path: pointer, problem: `expected ${NO_CONTROLS_EXPECTED}, found ${describeValue(value)}` };
  }
  if (value === null || typeof value !== 'object') return undefined;
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  for (const [key, item] of entries) {
    if (!Array.isArray(value) && !plain.test(key)) return { path: pointer, problem: `expected a key without control characters, found ${describeValue(key)}` };
    const problem = controlCharacterProblem(item, [...path, key]);
    if (problem) return problem;
  }
  return undefined;
}
