// The malformed sessions files the tests run through the loader (malformed-files.test.ts) and
// through the published JSON schema (sessions-schema.test.ts).

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
  ['unknown built-in script', '{"A": {"script": "tigervnc", "count": 1}}', /^\/A\/script: unknown script "tigervnc" \(built-in scripts: xvnc/],
  ['missing script file', '{"A": {"script": "./nowhere.mjs", "count": 1}}', /^\/A\/script: script module .*\/nowhere\.mjs does not exist$/],
  ['module without realizeService', '{"A": {"script": "./no-export.mjs", "count": 1}}', /^\/A\/script: script module .*\/no-export\.mjs exports no realizeService function$/],
  ['module that does not load', '{"A": {"script": "./broken.mjs", "count": 1}}', /^\/A\/script: script module .*\/broken\.mjs failed to load: /],
];

/** Modules next to each case's file, for the script cases. */
export const CASE_MODULES: Record<string, string> = {
  'no-export.mjs': 'export const start = () => true;\n',
  'broken.mjs': 'export function realizeService( {\n',
};
