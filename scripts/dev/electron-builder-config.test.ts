// electron-builder's settings in package.json: a custom deb.depends replaces electron-builder's own
// list, so Electron's runtime libraries must be in it beside TigerVNC's; the packaged app names its
// desktop entry; `npm run dist` takes an unpacked Electron from ELECTRON_OVERRIDE_DIST_PATH.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
/** electron-builder 26's default deb dependencies (what Electron itself needs). */
const ELECTRON_RUNTIME = ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'];

describe('electron-builder configuration', () => {
  it("deb.depends holds Electron's runtime libraries and TigerVNC's server", () => {
    expect(pkg.build.deb.depends).toEqual(expect.arrayContaining([...ELECTRON_RUNTIME, 'tigervnc-standalone-server', 'xauth']));
  });

  it('names the desktop entry the packaged app belongs to', () => {
    expect(pkg.build.extraMetadata.desktopName).toBe(`${pkg.build.linux.executableName}.desktop`);
  });

  it('passes ELECTRON_OVERRIDE_DIST_PATH on as electronDist when it is set', () => {
    expect(pkg.scripts.dist).toContain('${ELECTRON_OVERRIDE_DIST_PATH:+-c.electronDist="$ELECTRON_OVERRIDE_DIST_PATH"}');
  });
});
