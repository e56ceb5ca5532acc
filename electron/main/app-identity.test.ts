import { describe, expect, it } from 'vitest';
import { APP_NAME, userDataDir } from './app-identity';

describe('app identity', () => {
  it('keeps its data in "Session Deck" under the config directory, or in --data-dir', () => {
    expect(APP_NAME).toBe('Session Deck');
    expect(userDataDir(undefined, '/home/ann/.config')).toBe('/home/ann/.config/Session Deck');
    expect(userDataDir('/srv/deck', '/home/ann/.config')).toBe('/srv/deck');
    expect(userDataDir('rel/dir', '/x')).toBe(`${process.cwd()}/rel/dir`);
  });
});
