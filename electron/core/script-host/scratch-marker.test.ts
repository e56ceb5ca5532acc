import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { isOwnScratchDir } from '../data-dir/markers';
import { makeTempDir } from '../testing/fixtures';
import { createSessionResources } from './session-resources';

it("marks a session's scratch directory as Session Deck's when it creates it, so clean-up may remove it", async () => {
  const dir = await makeTempDir('deck-scratch');
  try {
    const sessionsDir = join(dir.path, 'sessions');
    await mkdir(sessionsDir);
    const handle = await createSessionResources({ id: 'AbCdEfGhIjKl', sessionsDir, env: {}, stopGraceMs: 100, waitTimeoutMs: 100 });
    expect(await isOwnScratchDir(sessionsDir, 'AbCdEfGhIjKl')).toBe(true);
    await handle.release();
  } finally {
    await dir.remove();
  }
});
