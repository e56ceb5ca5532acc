// Reads JSON text the way a person wrote it, with what JSON.parse does not say: where a syntax
// error is (line and column), nesting too deep to process, a key given twice, and a number too
// large to hold (JSON.parse turns 1e400 into Infinity, shown later as null). jsonc-parser, which
// gives each token's offset, finds them; nesting is checked first with its scanner alone, as its
// parser (like JSON.parse's consumers) recurses once per level.
import { createScanner, printParseErrorCode, visit, type JSONPath } from 'jsonc-parser';
import { pointerSegment, shortText } from '../../shared/schema';

/** Deeper nesting is refused before anything recurses over it; a sessions file needs 5 levels. */
export const MAX_NESTING = 64;

export interface JsonProblem {
  /** JSON pointer of the value concerned; none for a syntax error. */
  path?: string;
  line: number;
  column: number;
  /** "expected ..., found ..." */
  message: string;
}

export interface JsonDocument {
  value: unknown;
  /** Numbers beyond a double's range as written in the file, by JSON pointer. */
  outOfRange: Map<string, string>;
}

export class JsonSyntaxError extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem.message);
  }
}

// jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot import).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const STRING = 10;
const TRIVIA = 15;
const EOF = 17;

const BYTE_ORDER_MARK = '\uFEFF';

export const toPointer = (path: JSONPath): string => path.map((segment) => `/${pointerSegment(String(segment))}`).join('');

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** A character as a message shows it: invisible ones by their code point. */
function describeCharAt(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the file';
  const char = String.fromCodePoint(text.codePointAt(offset)!);
  return /^[\p{L}\p{N}\p{P}\p{S} ]$/u.test(char) ? JSON.stringify(char) : `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Nesting past MAX_NESTING, and white space JSON does not allow, in one pass of the scanner. */
function scanProblem(text: string): JsonProblem | undefined {
  const scanner = createScanner(text, false);
  // One frame per open object or array: the key or index of the value being read in it.
  const frames: { object: boolean; segment: string | number; keyNext: boolean }[] = [];
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const frame = frames.at(-1);
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      if (frames.length >= MAX_NESTING) {
        const { line, column } = position(text, offset);
        return { path: toPointer(frames.map((f) => f.segment)), line, column, message: `nested deeper than ${MAX_NESTING} levels, at line ${line}, column ${column}` };
      }
      frames.push({ object: token === OPEN_BRACE, segment: token === OPEN_BRACE ? '' : 0, keyNext: token === OPEN_BRACE });
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) frames.pop();
    else if (token === COMMA && frame) {
      if (frame.object) frame.keyNext = true;
      else if (typeof frame.segment === 'number') frame.segment += 1;
    } else if (token === STRING && frame?.object && frame.keyNext) {
      frame.segment = scanner.getTokenValue();
      frame.keyNext = false;
    } else if (token === TRIVIA) {
      // The scanner skips any Unicode space; JSON allows only spaces and tabs (and line breaks).
      const odd = /[^ \t]/.exec(text.slice(offset, scanner.getPosition()));
      if (odd) return { ...position(text, offset + odd.index), message: `expected a value, found ${describeCharAt(text, offset + odd.index)}` };
    }
  }
  return undefined;
}

type Expecting = 'value' | 'key' | 'key-or-end' | 'colon' | 'after-value';

/** The first syntax error, duplicate key or out-of-range number, after nesting was checked. */
function visitProblems(text: string): { problem?: JsonProblem; outOfRange: Map<string, string> } {
  let problem: JsonProblem | undefined;
  const outOfRange = new Map<string, string>();
  const objects: { keys: Map<string, number> | undefined }[] = [];
  let expecting: Expecting = 'value';
  const expected = () => {
    const inObject = objects.at(-1)?.keys !== undefined;
    if (expecting === 'key' || expecting === 'key-or-end') return 'a property name in double quotes';
    if (expecting === 'colon') return "':' after the property name";
    if (expecting === 'value') return 'a value';
    if (objects.length === 0) return 'the end of the file';
    return inObject ? "',' or '}'" : "',' or ']'";
  };
  // Errors inside a token (jsonc-parser gives the token's offset): what was expected, and where in
  // the token it went wrong (the end of the token when no pattern says).
  const find = (pattern: RegExp) => (token: string) => pattern.exec(token)?.index ?? -1;
  const inToken: Record<string, [string, ((token: string) => number)?]> = {
    InvalidUnicode: ['four hex digits after \\u', find(/(?<=\\u)(?![0-9a-fA-F]{4})/)],
    InvalidEscapeCharacter: ['a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', find(/(?<=\\)[^"\\/bfnrtu]/)],
    InvalidCharacter: ['a closing quote (control characters in strings are written as \\uXXXX)', (token) => [...token].findIndex((char) => char < ' ')],
    UnexpectedEndOfString: ['a closing quote'],
    UnexpectedEndOfNumber: ['a digit'],
    InvalidNumberFormat: ['a number'],
  };
  const afterValue = () => {
    expecting = 'after-value';
  };
  visit(
    text,
    {
      onObjectBegin: () => {
        objects.push({ keys: new Map() });
        expecting = 'key-or-end';
      },
      onArrayBegin: () => {
        objects.push({ keys: undefined });
        expecting = 'value';
      },
      onObjectEnd: () => void (objects.pop(), afterValue()),
      onArrayEnd: () => void (objects.pop(), afterValue()),
      onObjectProperty: (key, offset, _length, _line, _column, path) => {
        expecting = 'colon';
        const keys = objects.at(-1)!.keys!;
        const first = keys.get(key);
        if (first !== undefined && !problem) {
          const [line, again] = [position(text, first).line, position(text, offset).line];
          problem = { path: toPointer(path()), ...position(text, offset), message: `the key ${JSON.stringify(shortText(key))} appears twice, at lines ${line} and ${again}` };
        }
        keys.set(key, offset);
      },
      onSeparator: (separator) => {
        expecting = separator === ':' ? 'value' : objects.at(-1)?.keys ? 'key' : 'value';
      },
      onLiteralValue: (value, offset, length, _line, _column, path) => {
        if (typeof value === 'number' && !Number.isFinite(value)) outOfRange.set(toPointer(path()), text.slice(offset, offset + length));
        afterValue();
      },
      onError: (error, offset, length) => {
        if (problem) return;
        const name = printParseErrorCode(error);
        const token = inToken[name];
        let at = offset;
        if (token) {
          const index = token[1]?.(text.slice(offset, offset + length)) ?? -1;
          at = offset + (index >= 0 ? index : length);
        }
        const found = name === 'InvalidCommentToken' ? JSON.stringify(text[at]) : describeCharAt(text, at);
        problem = { ...position(text, at), message: `expected ${token?.[0] ?? expected()}, found ${found}` };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return { ...(problem ? { problem } : {}), outOfRange };
}

/**
 * Parses JSON text (a leading byte-order mark, which some editors write, is skipped). Throws
 * JsonSyntaxError for broken JSON, nesting past MAX_NESTING and a key given twice.
 */
export function readJson(source: string): JsonDocument {
  const text = source.startsWith(BYTE_ORDER_MARK) ? source.slice(1) : source;
  const scanned = scanProblem(text);
  if (scanned) throw new JsonSyntaxError(scanned);
  const { problem, outOfRange } = visitProblems(text);
  if (problem) throw new JsonSyntaxError(problem);
  try {
    return { value: JSON.parse(text) as unknown, outOfRange };
  } catch (error) {
    // Where the scanner is more lenient than JSON itself.
    throw new JsonSyntaxError({ line: 1, column: 1, message: (error as Error).message });
  }
}
