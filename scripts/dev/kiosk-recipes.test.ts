// The kiosk machine recipes in resources/kiosk/ are what their tools accept: the script parses in
// bash, the unit passes systemd-analyze verify (but for cage itself, where it is not installed).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const file = (name: string) => new URL(`../../resources/kiosk/${name}`, import.meta.url).pathname;

describe('kiosk recipes', () => {
  it('kiosk-session.sh parses and is executable', () => {
    execFileSync('bash', ['-n', file('kiosk-session.sh')]);
    expect(spawnSync('test', ['-x', file('kiosk-session.sh')]).status).toBe(0);
  });

  it.runIf(existsSync('/usr/bin/systemd-analyze'))('session-deck-kiosk.service passes systemd-analyze verify', () => {
    const result = spawnSync('systemd-analyze', ['verify', file('session-deck-kiosk.service')], { encoding: 'utf8' });
    const problems = `${result.stdout}${result.stderr}`
      .split('\n')
      .filter((line) => line.trim() !== '' && !(line.includes('/usr/bin/cage is not executable') && !existsSync('/usr/bin/cage')));
    expect(problems).toEqual([]);
  });

  it('the X11 recipe turns off VT switching and zapping', () => {
    const conf = readFileSync(file('10-session-deck-kiosk.conf'), 'utf8');
    expect(conf).toMatch(/Option "DontVTSwitch" "true"/);
    expect(conf).toMatch(/Option "DontZap" "true"/);
  });
});
