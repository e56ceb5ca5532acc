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

  it('keeps the size an update that overflowed it needs: its small tail is not a reason to shrink', () => {
    const reads = new AdaptiveReadBuffer();
    // A 64 x 64 raw update is 16 KiB and a few bytes: one full read, then its tail.
    read(reads, MIN_READ_BYTES);
    read(reads, 16);
    expect(reads.readSize).toBe(4 * MIN_READ_BYTES);
    // The next one fits in one read; only small reads in a row shrink it again.
    expect(read(reads, MIN_READ_BYTES + 16).taken.chunk).toHaveLength(MIN_READ_BYTES + 16);
    read(reads, 16);
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

describe('AdaptiveReadBuffer in place', () => {
  it('peeks at the bytes without a copy and reads into the same buffer again', () => {
    const reads = new AdaptiveReadBuffer();
    const buffer = reads.next();
    buffer.fill(7, 0, 100);
    const chunk = reads.peek(100, buffer);
    expect(chunk.buffer).toBe(buffer.buffer);
    expect(chunk).toHaveLength(100);
    expect(reads.next()).toBe(buffer);
  });

  it('hands the peeked buffer over: the next read gets another, the released one comes back', () => {
    const pool = new BufferPool();
    const reads = new AdaptiveReadBuffer(pool);
    const buffer = reads.next();
    reads.peek(10, buffer);
    const { release, pinned } = reads.handOver();
    expect(pinned).toBe(MIN_READ_BYTES);
    const other = reads.next();
    expect(other).not.toBe(buffer);
    release?.();
    expect(pool.acquire(MIN_READ_BYTES)).toBe(buffer);
  });

  it('grows and shrinks along the same sizes, so pooled buffers fit any connection', () => {
    const reads = new AdaptiveReadBuffer();
    const sizes = new Set<number>();
    for (let i = 0; i < 6; i += 1) sizes.add(read(reads, Number.MAX_SAFE_INTEGER).buffer.length);
    for (let i = 0; i < 6; i += 1) sizes.add(read(reads, 10).buffer.length);
    expect([...sizes].sort((a, b) => a - b)).toEqual([MIN_READ_BYTES, 4 * MIN_READ_BYTES, MAX_READ_BYTES]);
    expect(16 * MIN_READ_BYTES).toBe(MAX_READ_BYTES);
    expect(reads.readSize).toBe(MIN_READ_BYTES);
  });
});
