import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool';
import { AdaptiveReadBuffer, MAX_READ_BYTES, MIN_READ_BYTES } from './read-buffer';

/** Simulates one read of n bytes into the buffer the socket would be given. */
function read(reads: AdaptiveReadBuffer, n: number) {
  const buffer = reads.next();
  buffer.fill(n & 0xff, 0, Math.min(n, buffer.length));
  return { buffer, taken: reads.take(Math.min(n, buffer.length), buffer) };
}

describe('AdaptiveReadBuffer', () => {
  it('grows while reads fill the buffer, up to the maximum', () => {
    const reads = new AdaptiveReadBuffer();
    expect(reads.readSize).toBe(MIN_READ_BYTES);
    for (let i = 0; i < 20; i += 1) read(reads, Number.MAX_SAFE_INTEGER);
    expect(reads.readSize).toBe(MAX_READ_BYTES);
  });

  it('shrinks back for small interactive reads', () => {
    const reads = new AdaptiveReadBuffer();
    for (let i = 0; i < 20; i += 1) read(reads, Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < 20; i += 1) read(reads, 64);
    expect(reads.readSize).toBe(MIN_READ_BYTES);
  });

  it('copies small reads out and keeps reusing the same buffer', () => {
    const reads = new AdaptiveReadBuffer();
    const first = read(reads, 100);
    expect(first.taken.release).toBeNull();
    expect(first.taken.chunk.buffer).not.toBe(first.buffer.buffer);
    expect(first.taken.chunk).toHaveLength(100);
    const second = read(reads, 100);
    expect(second.buffer).toBe(first.buffer);
    expect(first.taken.chunk.every((byte) => byte === 100)).toBe(true);
  });

  it('hands large reads over without a copy and recycles the buffer once released', () => {
    const reads = new AdaptiveReadBuffer(new BufferPool(), 64 * 1024, 64 * 1024);
    const first = read(reads, 64 * 1024);
    expect(first.taken.chunk.buffer).toBe(first.buffer.buffer);
    expect(first.taken.pinned).toBe(64 * 1024);
    const second = reads.next();
    expect(second).not.toBe(first.buffer); // still in flight: not reused
    reads.take(64 * 1024, second);
    first.taken.release?.();
    expect(reads.next()).toBe(first.buffer);
  });
});
