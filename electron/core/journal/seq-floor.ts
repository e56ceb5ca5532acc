// The highest audit seq that retention has removed, kept so that numbering continues after a
// restart even when every day file has expired (e.g. the app was unused for longer than retention).
import { open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export function seqFloorPath(dir: string): string {
  return join(dir, 'audit-seq.json');
}

export async function readSeqFloor(dir: string): Promise<number> {
  try {
    const value = JSON.parse(await readFile(seqFloorPath(dir), 'utf8')) as { removedThroughSeq?: unknown };
    return typeof value.removedThroughSeq === 'number' ? value.removedThroughSeq : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** Atomic and durable: a temporary file, synced, renamed over the old one, directory synced. */
export async function writeSeqFloor(dir: string, seq: number): Promise<void> {
  const path = seqFloorPath(dir);
  const temporary = `${path}.tmp`;
  const file = await open(temporary, 'w', 0o600);
  try {
    await file.writeFile(`${JSON.stringify({ removedThroughSeq: seq })}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
