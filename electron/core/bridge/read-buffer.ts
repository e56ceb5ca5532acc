// Adaptive read size for the target socket: 64 KiB reads for interactive traffic, growing up to
// maxBytes while reads keep filling the buffer (bulk framebuffer updates). Reading ~1 MiB at a time
// cuts the bridge's CPU per byte compared with Node's fixed 64 KiB. Large buffers go back to a
// bridge-wide pool once the viewer's socket has taken their bytes: a fresh megabyte costs page faults.
import { BufferPool } from './buffer-pool';

/**
 * A read is never smaller than Node's and websockify's 64 KiB: a read takes only what has arrived,
 * so a larger buffer costs no wait, while a smaller one split every update over its size (a 64 px
 * square in raw is 16,412 bytes) into two reads and two WebSocket frames the viewer waits for.
 */
export const MIN_READ_BYTES = 64 * 1024;
export const MAX_READ_BYTES = 1024 * 1024;
/** Reads up to this size are copied out (cheap, cache-resident); larger ones hand the buffer over. */
const COPY_BELOW = 64 * 1024;
/** A full read grows the next one this many times: a framebuffer update reaches 1 MiB reads in 2. */
const GROWTH = 4;

export interface TakenChunk {
  chunk: Buffer;
  /** Call once the chunk's bytes have been written out; null when the chunk is a private copy. */
  release: (() => void) | null;
  /** Memory the chunk keeps alive until released (its whole read buffer), for backpressure. */
  pinned: number;
}

export class AdaptiveReadBuffer {
  private size: number;
  private current: Buffer | null = null;
  /** The last read filled its buffer: the next one is the rest of the same burst, not a sign to shrink. */
  private lastFull = false;

  constructor(
    private readonly pool: BufferPool = new BufferPool(2 * MAX_READ_BYTES),
    private readonly minBytes = MIN_READ_BYTES,
    private readonly maxBytes = MAX_READ_BYTES,
  ) {
    this.size = minBytes;
  }

  /** The buffer the next read goes into (handed to net.Socket's onread). */
  next = (): Buffer => {
    if (this.current !== null && this.current.length !== this.size) {
      this.pool.release(this.current);
      this.current = null;
    }
    this.current ??= this.pool.acquire(this.size);
    return this.current;
  };

  /**
   * The n bytes just read, in place: no copy and no allocation. Valid until the next read, unless
   * handOver() is called because something still refers to them (a write that was queued).
   */
  peek(n: number, buffer: Uint8Array): Buffer {
    const whole = this.current ?? Buffer.from(buffer.buffer, buffer.byteOffset, buffer.length);
    this.current = whole;
    this.adapt(n, buffer.length);
    return whole.subarray(0, n);
  }

  /** The buffer of the last peek() goes with its bytes; the next read gets another one. */
  handOver(): Omit<TakenChunk, 'chunk'> {
    const whole = this.current;
    this.current = null;
    if (whole === null) return { release: null, pinned: 0 };
    return { release: () => this.pool.release(whole), pinned: whole.length };
  }

  /**
   * Takes the n bytes just read, to be kept past the next read. Small reads are copied out so the
   * large buffer is reused and a few bytes never pin a megabyte; large reads hand the buffer over.
   */
  take(n: number, buffer: Uint8Array): TakenChunk {
    if (n <= COPY_BELOW && n < buffer.length) {
      const chunk = Buffer.allocUnsafe(n);
      chunk.set(buffer.subarray(0, n));
      this.adapt(n, buffer.length);
      return { chunk, release: null, pinned: n };
    }
    const chunk = this.peek(n, buffer);
    return { chunk, ...this.handOver() };
  }

  private adapt(n: number, length: number): void {
    const full = n === length;
    if (full && this.size < this.maxBytes) this.size = Math.min(this.maxBytes, this.size * GROWTH);
    // Shrinks along the same sizes, so that the pool's buffers fit every connection. The tail of a
    // burst that overflowed the buffer does not count: updates of that size come again (a repainted
    // window), and each one would otherwise cost two reads and two WebSocket frames.
    else if (!this.lastFull && n * 2 * GROWTH < this.size && this.size > this.minBytes) this.size = Math.max(this.minBytes, this.size / GROWTH);
    this.lastFull = full;
  }

  get readSize(): number {
    return this.size;
  }

  /** Gives the current buffer back when the connection ends. */
  dispose(): void {
    if (this.current) this.pool.release(this.current);
    this.current = null;
  }
}
