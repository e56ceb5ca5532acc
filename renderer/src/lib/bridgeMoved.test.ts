import { describe, expect, it } from 'vitest';
import { bridgeToReloadFor } from './bridgeMoved';

const blocked = (blockedURI: string, effectiveDirective = 'connect-src') => ({ blockedURI, effectiveDirective });

describe('a page whose policy blocks the bridge of a restarted host', () => {
  it('reloads for a blocked WebSocket to a loopback bridge, once per bridge origin', () => {
    expect(bridgeToReloadFor(blocked('ws://127.0.0.1:37569/vnc/abc'), null)).toBe('ws://127.0.0.1:37569');
    expect(bridgeToReloadFor(blocked('ws://127.0.0.1:37569/vnc/def'), 'ws://127.0.0.1:37569')).toBeNull();
    // The host restarted again, on yet another port.
    expect(bridgeToReloadFor(blocked('ws://127.0.0.1:40001/vnc/ghi'), 'ws://127.0.0.1:37569')).toBe('ws://127.0.0.1:40001');
  });

  it('leaves every other violation alone', () => {
    expect(bridgeToReloadFor(blocked('ws://127.0.0.1:37569/vnc/abc', 'img-src'), null)).toBeNull();
    expect(bridgeToReloadFor(blocked('https://example.org/x'), null)).toBeNull();
    expect(bridgeToReloadFor(blocked('ws://example.org:80/vnc/abc'), null)).toBeNull();
    expect(bridgeToReloadFor(blocked('eval'), null)).toBeNull();
  });
});
