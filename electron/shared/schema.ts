// Turns TypeBox's validation errors into the messages users read: the JSON path of the bad value,
// what was expected and what was found. Each schema says what it expects in plain words with the
// `expected` annotation (found on the failing schema or its nearest ancestor); the published JSON
// schemas are these same schemas with the annotations stripped.
import type { TSchema } from 'typebox';
import Value from 'typebox/value';

/** Annotations this module reads; not JSON Schema keywords, so stripped before publishing. */
export interface Expectations {
  /** What a valid value is, e.g. "an integer from 1 to 64" (used after "expected "). */
  expected?: string;
  /** For arrays with uniqueItems: what a repeated item breaks, e.g. "each size once". */
  expectedUnique?: string;
  /** For objects without additional properties: the problem of an unknown key, e.g. "unknown setting". */
  unknownKey?: string;
  /** For an object argument: report every key's problem (details.problems), not just the first. */
  problemsByKey?: boolean;
  /** For numbers: the unit a person reads after them (settings). */
  unit?: string;
}
const ANNOTATIONS = ['expected', 'expectedUnique', 'unknownKey', 'problemsByKey', 'unit'] as const;

export interface SchemaProblem {
  /** JSON pointer of the bad value ('' is the value itself). */
  path: string;
  /** "expected ..., found ..." or an `unknownKey` text. */
  problem: string;
}

/** RFC 6901 JSON pointer segment. */
export const pointerSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapeSegment = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** Longer text is cut to this many characters in messages. */
export const MESSAGE_TEXT_LIMIT = 60;

/** Text as a message shows it: whole up to MESSAGE_TEXT_LIMIT, else its start and its length. */
export const shortText = (text: string): string =>
  text.length > MESSAGE_TEXT_LIMIT ? `${text.slice(0, MESSAGE_TEXT_LIMIT)}… (${text.length} characters)` : text;

/** A value as a message shows it: JSON, cut short; "nothing" for a missing one. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON has no Infinity (a number too large for a double): JSON.stringify would say null.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (out of range)`;
  if (typeof value === 'string' && value.length > MESSAGE_TEXT_LIMIT) return `${JSON.stringify(value.slice(0, MESSAGE_TEXT_LIMIT))}… (${value.length} characters)`;
  return shortText(JSON.stringify(value));
}

/** A JSON pointer as a message shows it: each key cut short. */
export const shortPointer = (pointer: string): string => pointer.split('/').map(shortText).join('/');

type Node = Record<string, unknown> & Expectations;

function resolve(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointer.split('/').slice(1)) {
    node = (node as Record<string, unknown> | undefined)?.[unescapeSegment(segment)];
  }
  return node;
}

/** The schema nodes from the root to the one at a schemaPath ("#/properties/a/..."). */
function schemaChain(root: TSchema, schemaPath: string): Node[] {
  const chain: Node[] = [root as Node];
  let node: unknown = root;
  for (const segment of schemaPath.replace(/^#/, '').split('/').slice(1)) {
    node = (node as Record<string, unknown> | undefined)?.[unescapeSegment(segment)];
    if (node && typeof node === 'object' && !Array.isArray(node)) chain.push(node as Node);
  }
  return chain;
}

const nearestExpected = (chain: readonly Node[]): string | undefined => [...chain].reverse().find((node) => node.expected)?.expected;

const quotedList = (keys: readonly string[]): string => {
  const quoted = keys.map((key) => JSON.stringify(key));
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : (quoted[0] ?? 'no keys');
};

interface RawError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** How a found value is shown; the path lets a caller show it as written in its file. */
export type Describe = (value: unknown, path: string) => string;

function toProblem(root: TSchema, value: unknown, error: RawError, describe: Describe): SchemaProblem | undefined {
  const chain = schemaChain(root, error.schemaPath);
  const node = chain.at(-1)!;
  const found = resolve(value, error.instancePath);
  // Summaries of errors reported one by one as well.
  if (['anyOf', 'allOf', 'propertyNames', 'additionalProperties', 'additionalItems'].includes(error.keyword)) return undefined;
  if (error.keyword === 'required') {
    const key = (error.params.requiredProperties as string[])[0]!;
    const property = (node.properties as Record<string, Node> | undefined)?.[key];
    return { path: `${error.instancePath}/${pointerSegment(key)}`, problem: `expected ${property?.expected ?? 'a value'}, found nothing` };
  }
  if (error.keyword === 'boolean' && /\/additional(Properties|Items)$/.test(error.schemaPath)) {
    // `false` is not a schema node, so the last node of the chain is the object itself.
    const parent = node;
    const key = unescapeSegment(error.instancePath.split('/').at(-1) ?? '');
    if (parent.unknownKey) return { path: error.instancePath, problem: parent.unknownKey };
    return { path: error.instancePath, problem: `expected only ${quotedList(Object.keys(parent.properties ?? {}))}, found ${describeValue(key)}` };
  }
  if (/\/propertyNames(\/|$)/.test(error.schemaPath)) {
    // The path of the object holding the key: the key itself, perhaps long, is what was found.
    const segments = error.instancePath.split('/');
    const key = unescapeSegment(segments.pop() ?? '');
    return { path: segments.join('/'), problem: `expected ${nearestExpected(chain) ?? 'another key'}, found ${describeValue(key)}` };
  }
  if (error.keyword === 'uniqueItems') {
    const index = (error.params.duplicateItems as number[])[0]!;
    const item = (found as unknown[])[index];
    return { path: `${error.instancePath}/${index}`, problem: `expected ${node.expectedUnique ?? 'each item once'}, found ${describe(item, `${error.instancePath}/${index}`)}` };
  }
  return { path: error.instancePath, problem: `expected ${nearestExpected(chain) ?? 'a valid value'}, found ${describe(found, error.instancePath)}` };
}

/** Every problem of a value, most specific first; empty when it is valid. */
export function schemaProblems(schema: TSchema, value: unknown, describe: Describe = describeValue): SchemaProblem[] {
  if (Value.Check(schema, value)) return [];
  const errors = Value.Errors(schema, value) as unknown as RawError[];
  const problems = errors.map((error) => toProblem(schema, value, error, describe)).filter((problem) => problem !== undefined);
  return problems.length > 0 ? problems : [{ path: '', problem: `expected ${(schema as Node).expected ?? 'a valid value'}, found ${describe(value, '')}` }];
}

/** The first problem, or undefined when the value is valid. */
export const firstProblem = (schema: TSchema, value: unknown, describe?: Describe): SchemaProblem | undefined => schemaProblems(schema, value, describe)[0];

/** A copy without this module's annotations: a plain JSON Schema (for editors, ajv, electron-store). */
export function publishedSchema<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema, (key, item: unknown) => ((ANNOTATIONS as readonly string[]).includes(key) ? undefined : item))) as T;
}
