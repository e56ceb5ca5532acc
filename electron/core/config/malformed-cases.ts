// The malformed sessions files the tests run through the loader (malformed-files.test.ts) and
// through the published JSON schema (sessions-schema.test.ts).

const LONG_NAME = 'n'.repeat(10_000);
/** A script option nested 65 levels deep: the root, the type, its options and 62 arrays. */
const DEEP = `{"A": {"script": "xvnc", "count": 1, "options": {"x": ${'['.repeat(62)}${']'.repeat(62)}}}}`;
const DEEP_COLUMN = DEEP.indexOf('[') + 61 + 1;

/** [case, file text, expected message (after "sessions.json: ")] */
export const MALFORMED_CASES: [string, string, string | RegExp][] = [
  ['empty file', '', 'invalid JSON at line 1, column 1: expected a value, found the end of the file'],
  ['trailing comma', '{\n  "A": {"script": "xvnc", "count": 1},\n}', 'invalid JSON at line 3, column 1: expected a property name in double quotes, found "}"'],
  ['missing value', '{\n  "A": ,\n}', 'invalid JSON at line 2, column 8: expected a value, found ","'],
  ['single quotes', "{'A': 1}", 'invalid JSON at line 1, column 2: expected a property name in double quotes, found "\'"'],
  ['comment', '{\n  // a comment\n  "A": 1\n}', 'invalid JSON at line 2, column 3: expected a property name in double quotes, found "/"'],
  ['unclosed object', '{"A": {"script": "xvnc"', "invalid JSON at line 1, column 24: expected ',' or '}', found the end of the file"],
  ['two documents', '{} {}', 'invalid JSON at line 1, column 4: expected the end of the file, found "{"'],
  ['top level array', '[]', '/: expected an object of session types, found []'],
  ['top level string', '"xvnc"', '/: expected an object of session types, found "xvnc"'],
  ['type not an object', '{"A": 5}', '/A: expected an object with "script", "count" and "options", found 5'],
  ['empty type name', '{"": {"script": "xvnc", "count": 1}}', '/: expected a type name of 1-128 characters, found ""'],
  ['unknown key', '{"A": {"script": "xvnc", "count": 1, "cout": 2}}', '/A/cout: expected only "script", "count" and "options", found "cout"'],
  ['missing script', '{"A": {"count": 1}}', '/A/script: expected a script name or module path, found nothing'],
  ['script not a string', '{"A": {"script": 7, "count": 1}}', '/A/script: expected a script name or module path, found 7'],
  ['count as words', '{"Cluster Node Session": {"script": "xvnc", "count": "two"}}', '/Cluster Node Session/count: expected an integer from 1 to 64, found "two"'],
  ['count zero', '{"A": {"script": "xvnc", "count": 0}}', '/A/count: expected an integer from 1 to 64, found 0'],
  ['count too large', '{"A": {"script": "xvnc", "count": 65}}', '/A/count: expected an integer from 1 to 64, found 65'],
  ['count fractional', '{"A": {"script": "xvnc", "count": 2.5}}', '/A/count: expected an integer from 1 to 64, found 2.5'],
  ['options an array', '{"A": {"script": "xvnc", "count": 1, "options": []}}', '/A/options: expected an object, found []'],
  ['sizes empty', '{"A": {"script": "xvnc", "count": 1, "options": {"sizes": []}}}', '/A/options/sizes: expected a non-empty array of "WxH" sizes, found []'],
  ['size not WxH', '{"A": {"script": "xvnc", "count": 1, "options": {"sizes": ["1024*768"]}}}', '/A/options/sizes/0: expected a size "WxH" with 3-5 digits each, e.g. "1280x800", found "1024*768"'],
  ['size absurd', '{"A": {"script": "xvnc", "count": 1, "options": {"sizes": ["1024x768", "99999x99999"]}}}', '/A/options/sizes/1: expected width and height from 200 to 16384, found "99999x99999"'],
  ['size wider than Xvnc allows', '{"A": {"script": "xvnc", "count": 1, "options": {"sizes": ["20000x1024"]}}}', '/A/options/sizes/0: expected width and height from 200 to 16384, found "20000x1024"'],
  ['size repeated', '{"A": {"script": "xvnc", "count": 1, "options": {"sizes": ["800x600", "800x600"]}}}', '/A/options/sizes/1: expected each size once, found "800x600"'],
  ['display_base negative', '{"A": {"script": "xvnc", "count": 1, "options": {"display_base": -1}}}', '/A/options/display_base: expected an integer from 1 to 59635 (display + 5900 must be a port), found -1'],
  ['display_base past the ports', '{"A": {"script": "xvnc", "count": 4, "options": {"display_base": 59634}}}', '/A/options/display_base: expected an integer from 1 to 59632 (display + 5900 must be a port), found 59634'],
  ['command not a string', '{"A": {"script": "xvnc", "count": 1, "options": {"command": ["xterm"]}}}', '/A/options/command: expected a non-empty string, found ["xterm"]'],
  ['group empty', '{"A": {"script": "xvnc", "count": 1, "options": {"group": ""}}}', '/A/options/group: expected a non-empty string, found ""'],
  [
    'overlapping display ranges',
    '{"A": {"script": "xvnc", "count": 4, "options": {"display_base": 300}}, "B": {"script": "xvnc", "count": 2, "options": {"display_base": 303}}}',
    '/B/options/display_base: expected displays that no other type uses, found :303-:304, which overlaps "A" (:300-:303)',
  ],
  ['two types on the default displays', '{"A": {"script": "xvnc", "count": 1}, "B": {"script": "xvnc", "count": 1}}', /\/B\/options\/display_base: .* overlaps "A" \(:100-:100\)/],
  ['nesting too deep', DEEP, `/A/options/x${'/0'.repeat(61)}: nested deeper than 64 levels, at line 1, column ${DEEP_COLUMN}`],
  ['type name of 10,000 characters', `{"${LONG_NAME}": {"script": "xvnc", "count": 1}}`, `/: expected a type name of 1-128 characters, found "${'n'.repeat(60)}"… (10000 characters)`],
  ['bad count under a long type name', `{"${LONG_NAME}": {"script": "xvnc", "count": 0}}`, `/${'n'.repeat(60)}… (10000 characters)/count: expected an integer from 1 to 64, found 0`],
  ['number out of range', '{"A": {"script": "xvnc", "count": 1e400}}', '/A/count: expected an integer from 1 to 64, found 1e400 (out of range)'],
  ['number out of range in a script option', '{"A": {"script": "external", "count": 1, "options": {"port": -1E999}}}', '/A/options/port: expected a number a double can hold, found -1E999 (out of range)'],
  ['byte-order mark inside the file', '{"A": \uFEFF{}}', 'invalid JSON at line 1, column 7: expected a value, found U+FEFF'],
  ['no-break space between tokens', '{"A":\u00A0{}}', 'invalid JSON at line 1, column 6: expected a value, found U+00A0'],
  ['duplicate key', '{\n  "Desk": {\n    "count": 1,\n    "script": "xvnc",\n    "count": 2\n  }\n}', '/Desk: the key "count" appears twice, at lines 3 and 5'],
  ['duplicate type name', '{\n  "A": {"script": "xvnc", "count": 1},\n  "A": {"script": "xvnc", "count": 2}\n}', '/: the key "A" appears twice, at lines 2 and 3'],
  ['raw control character in a string', '{"A": {"script": "xv\u0007nc", "count": 1}}', 'invalid JSON at line 1, column 21: expected a closing quote (control characters in strings are written as \\uXXXX), found U+0007'],
  ['NUL in a type name', '{"De\\u0000sk": {"script": "xvnc", "count": 1}}', '/: expected a key without control characters, found "De\\u0000sk"'],
  ['NUL in a command', '{"A": {"script": "xvnc", "count": 1, "options": {"command": "xterm\\u0000-e"}}}', '/A/options/command: expected text without control characters, found "xterm\\u0000-e"'],
  ['escape sequence in a script', '{"A": {"script": "xvnc\\u001b[31m", "count": 1}}', '/A/script: expected text without control characters, found "xvnc\\u001b[31m"'],
  ['NUL in an option a script reads', '{"A": {"script": "x11vnc", "count": 1, "options": {"display": ":0\\u0000"}}}', '/A/options/display: expected text without control characters, found ":0\\u0000"'],
  ['depth no X server starts', '{"A": {"script": "xvnc", "count": 1, "options": {"depth": 12}}}', '/A/options/depth: expected a colour depth of 8, 15, 16, 24, 30 or 32, found 12'],
  ['depth Xvnc does not start', '{"A": {"script": "xvnc", "count": 1, "options": {"depth": 8}}}', "/A/options/depth: expected 16, 24 or 32 (what TigerVNC's Xvnc starts with), found 8"],
  ['unknown built-in script', '{"A": {"script": "tigervnc", "count": 1}}', /^\/A\/script: unknown script "tigervnc" \(built-in scripts: xvnc/],
  ['missing script file', '{"A": {"script": "./nowhere.mjs", "count": 1}}', /^\/A\/script: script module .*\/nowhere\.mjs does not exist$/],
  ['module without realizeService', '{"A": {"script": "./no-export.mjs", "count": 1}}', /^\/A\/script: script module .*\/no-export\.mjs (failed to load: )?exports no realizeService function$/],
  ['module that does not load', '{"A": {"script": "./broken.mjs", "count": 1}}', /^\/A\/script: script module .*\/broken\.mjs failed to load: /],
];

/** Modules next to each case's file, for the script cases. */
export const CASE_MODULES: Record<string, string> = {
  'no-export.mjs': 'export const start = () => true;\n',
  'broken.mjs': 'export function realizeService( {\n',
};
