// Runs setup-system.test.sh (fakes on PATH, dry runs; installs nothing) and reports each of its
// checks as a test of its own.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./setup-system.test.sh', import.meta.url));
const run = spawnSync('bash', [script], { encoding: 'utf8', timeout: 60_000 });
const output = `${run.stdout}${run.stderr}`;
// "ok - name" or "not ok - name", the latter followed by the script's output as "    | " lines
const checks: { name: string; result: string; detail: string[] }[] = [];
for (const line of output.split('\n')) {
  const check = /^(ok|not ok) - (.*)$/.exec(line);
  if (check) checks.push({ result: check[1]!, name: `${checks.length + 1}. ${check[2]}`, detail: [] });
  else if (line.startsWith('    | ')) checks.at(-1)?.detail.push(line.slice(6));
}

describe('scripts/dev/setup-system.sh', () => {
  it('runs all its checks to the end', () => {
    expect(output).toMatch(/^setup-system tests: \d+ failed$/m);
    expect(checks.length).toBeGreaterThanOrEqual(30);
  });

  it.each(checks)('$name', ({ result, detail }) => {
    expect(result, detail.join('\n')).toBe('ok');
  });

  it('exits 0 exactly when every check passed', () => {
    expect(run.status === 0).toBe(checks.every((check) => check.result === 'ok'));
  });
});
