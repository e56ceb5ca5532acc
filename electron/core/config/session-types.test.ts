import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIZES, loadSessionTypes, parseSessionTypes } from './session-types';

describe('parseSessionTypes', () => {
  it('accepts the documented sessions-file shape and defaults sizes', () => {
    const types = parseSessionTypes(
      {
        Desktop: { script: 'xvnc', count: 2, options: { sizes: ['1280x800', '1024x768'], display_base: 100 } },
        Plain: { script: 'xvnc', count: 1, options: { display_base: 110 } },
      },
      '/etc/deck/sessions.json',
    );
    expect(types).toEqual([
      { name: 'Desktop', script: 'xvnc', count: 2, options: { sizes: ['1280x800', '1024x768'], display_base: 100 }, sizes: ['1280x800', '1024x768'] },
      { name: 'Plain', script: 'xvnc', count: 1, options: { display_base: 110 }, sizes: DEFAULT_SIZES },
    ]);
  });

  it.each([
    [{ 'Cluster Node Session': { script: 'xvnc', count: 'two' } }, 'sessions.json: /Cluster Node Session/count: expected an integer from 1 to 64, found "two"'],
    [{ A: { script: 'xvnc', count: 0 } }, '/A/count: expected an integer from 1 to 64, found 0'],
    [{ A: { script: 'xvnc', count: 1.5 } }, '/A/count: expected an integer from 1 to 64, found 1.5'],
    [{ A: { count: 1 } }, '/A/script: expected a script name or module path, found nothing'],
    [{ A: { script: 'xvnc', count: 1, options: [] } }, '/A/options: expected an object, found []'],
    [{ A: { script: 'xvnc', count: 1, options: { sizes: ['big'] } } }, '/A/options/sizes/0: expected a size "WxH"'],
    [{ A: { script: 'xvnc', count: 1, extra: true } }, '/A/extra: expected only "script", "count" and "options"'],
    [{ 'a/b': 5 }, '/a~1b: expected an object'],
    [[], '/: expected an object of session types, found []'],
    [{ A: { script: 'xvnc', count: 1, options: { end_when_last_viewer_leaves: 30 } } }, '/A/options/end_when_last_viewer_leaves: expected an object {"grace_seconds": N}, found 30'],
    [{ A: { script: 'xvnc', count: 1, options: { end_when_last_viewer_leaves: { grace_seconds: -1 } } } }, '/A/options/end_when_last_viewer_leaves/grace_seconds: expected an integer from 0 to 86400 (seconds), found -1'],
    [{ A: { script: 'xvnc', count: 1, options: { end_when_command_exits: 'yes' } } }, '/A/options/end_when_command_exits: expected true or false, found "yes"'],
    [{ A: { script: 'xvnc', count: 1, options: { desktop: 'kde' } } }, '/A/options/desktop: expected one of openbox, found "kde"'],
  ])('rejects %j', (json, message) => {
    expect(() => parseSessionTypes(json, '/x/sessions.json')).toThrow(message);
  });

  it('reads a type\'s last-viewer grace; a type without one has none', () => {
    const [kiosk, desk] = parseSessionTypes(
      { Kiosk: { script: 'xvnc', count: 1, options: { end_when_last_viewer_leaves: { grace_seconds: 45 } } }, Desk: { script: 'xvnc', count: 1, options: { display_base: 120 } } },
      '/x/sessions.json',
    );
    expect(kiosk?.lastViewerGraceMs).toBe(45_000);
    expect(desk).not.toHaveProperty('lastViewerGraceMs');
  });
});

describe('loadSessionTypes', () => {
  const dir = mkdtemp(join(tmpdir(), 'deck-config-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('accepts a leading byte-order mark (as some editors write), and a command of several lines', async () => {
    const file = join(await dir, 'bom.json');
    const command = 'xsetroot -solid grey\n\texec xterm';
    await writeFile(file, `\uFEFF${JSON.stringify({ A: { script: 'xvnc', count: 1, options: { display_base: 310, depth: 32, command } } })}`);
    expect((await loadSessionTypes(file))[0]?.options).toMatchObject({ command, depth: 32 });
  });

  it('takes depths each X server starts with: 8 for x11vnc (Xvfb), 16 for xvnc', () => {
    const types = parseSessionTypes(
      { X: { script: 'x11vnc', count: 1, options: { depth: 8, display_base: 320 } }, V: { script: 'xvnc', count: 1, options: { depth: 16, display_base: 330 } } },
      'sessions.json',
    );
    expect(types.map((type) => type.options.depth)).toEqual([8, 16]);
  });

  it('reads only a regular file of at most 1 MiB: not a huge one, a FIFO or a device', async () => {
    const huge = join(await dir, 'huge.json');
    await writeFile(huge, Buffer.alloc(2 ** 20 + 1, ' '));
    await expect(loadSessionTypes(huge)).rejects.toThrow(/^huge\.json: too large: 1048577 bytes \(at most 1 MiB\)$/);
    const fifo = join(await dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    await expect(loadSessionTypes(fifo)).rejects.toThrow(`fifo.json: cannot read ${fifo}: not a regular file`);
    await expect(loadSessionTypes('/dev/zero')).rejects.toThrow('zero: cannot read /dev/zero: not a regular file');
  });

  it('refuses text that is not UTF-8, naming where', async () => {
    const latin1 = join(await dir, 'latin1.json');
    await writeFile(latin1, Buffer.from('{\n  "B\u00fcro": {"script": "xvnc", "count": 1}}', 'latin1'));
    await expect(loadSessionTypes(latin1)).rejects.toThrow('latin1.json: not UTF-8 text: invalid bytes at line 2, column 5 (save the file as UTF-8)');
  });

  it('names the file for bad JSON and for a missing file', async () => {
    const file = join(await dir, 'broken.json');
    await writeFile(file, '{ "A": ');
    await expect(loadSessionTypes(file)).rejects.toThrow(/^broken\.json: invalid JSON/);
    await expect(loadSessionTypes(join(await dir, 'missing.json'))).rejects.toThrow(/missing\.json: cannot read .*ENOENT/);
  });
});
