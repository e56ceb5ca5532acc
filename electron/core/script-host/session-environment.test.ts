import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/fixtures';
import { sessionEnvironment } from './session-environment';
import { createSessionResources } from './session-resources';

const APP_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: '/home/someone',
  USER: 'someone',
  LANG: 'de_DE.UTF-8',
  LC_TIME: 'en_GB.UTF-8',
  DISPLAY: ':0',
  XAUTHORITY: '/home/someone/.Xauthority',
  WAYLAND_DISPLAY: 'wayland-0',
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
  XDG_SESSION_TYPE: 'wayland',
  XDG_SESSION_ID: '3',
  XDG_RUNTIME_DIR: '/run/user/1000',
  GTK_MODULES: 'appmenu-gtk-module',
  ELECTRON_RUN_AS_NODE: '1',
};

describe('session environment', () => {
  it('passes on what a program needs to run as the user, and nothing of the desktop', () => {
    expect(sessionEnvironment(APP_ENV)).toEqual({ PATH: APP_ENV.PATH, HOME: '/home/someone', USER: 'someone', LANG: 'de_DE.UTF-8', LC_TIME: 'en_GB.UTF-8' });
  });

  it("a session's command sees PATH, HOME and the session's DISPLAY, never the desktop's bus or Wayland", async () => {
    const dir = await makeTempDir('deck-env');
    const handle = await createSessionResources({ id: 'env', sessionsDir: dir.path, env: APP_ENV, stopGraceMs: 2000, waitTimeoutMs: 5000 });
    try {
      const out = join(dir.path, 'env.txt');
      const child = handle.resources.spawn('/bin/sh', ['-c', `env > '${out}'`], { role: 'helper', env: { DISPLAY: ':77', XAUTHORITY: '/tmp/session-xauth', SESSION_DECK_SESSION: 'other' } });
      await child.exited;
      const seen = Object.fromEntries((await readFile(out, 'utf8')).trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
      // The session's marker, whatever the script passed.
      expect(seen).toMatchObject({ PATH: APP_ENV.PATH, HOME: '/home/someone', DISPLAY: ':77', XAUTHORITY: '/tmp/session-xauth', SESSION_DECK_SESSION: 'env' });
      for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'WAYLAND_DISPLAY', 'XDG_SESSION_TYPE', 'XDG_SESSION_ID', 'XDG_RUNTIME_DIR', 'GTK_MODULES', 'ELECTRON_RUN_AS_NODE']) {
        expect(seen).not.toHaveProperty(name);
      }
    } finally {
      await handle.release();
      await dir.remove();
    }
  });
});
