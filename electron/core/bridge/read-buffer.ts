// Adaptive read size for the target socket: small reads for interactive traffic, growing up to
// maxBytes while reads keep filling the buffer (bulk framebuffer updates). Reading ~1 MiB at a time
// cuts the bridge's CPU per byte compared with Node's fixed 64 KiB. Large buffers go back to a
// bridge-wide pool once the viewer's socket has taken their bytes: a fresh megabyte costs page faults.
import { BufferPool } from './buffer-pool';

export const MIN_READ_BYTES = 16 * 1024;
export const MAX_READ_BYTES = 1024 * 1024;
/** Reads up to this size are copied out (cheap, cache-resident); larger ones hand the buffer over. */
const COPY_BELOW = 64 * 1024;

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
   * Takes the n bytes just read. Small reads are copied out so the large buffer is reused and a few
   * bytes never pin a megabyte; large reads hand the buffer over without a copy.
   */
  take(n: number, buffer: Uint8Array): TakenChunk {
    const full = n === buffer.length;
    let taken: TakenChunk;
    if (n <= COPY_BELOW && n < buffer.length) {
      const chunk = Buffer.allocUnsafe(n);
      chunk.set(buffer.subarray(0, n));
      taken = { chunk, release: null, pinned: n };
    } else {
      const whole = this.current ?? Buffer.from(buffer.buffer, buffer.byteOffset, buffer.length);
      this.current = null;
      taken = { chunk: whole.subarray(0, n), release: () => this.pool.release(whole), pinned: whole.length };
    }
    if (full && this.size < this.maxBytes) this.size *= 2;
    else if (n * 4 < this.size && this.size > this.minBytes) this.size /= 2;
    return taken;
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
