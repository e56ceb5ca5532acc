// Read buffers shared by all connections of a bridge. Fresh large buffers cost page faults on every
// use; recycling them across connections keeps bulk transfer cheap, and an idle connection then
// holds no spare memory of its own. The pool itself keeps at most maxSpareBytes.
export class BufferPool {
  private readonly spare = new Map<number, Buffer[]>();
  private spareBytes = 0;

  constructor(private readonly maxSpareBytes = 16 * 1024 * 1024) {}

  acquire(size: number): Buffer {
    const buffer = this.spare.get(size)?.pop();
    if (buffer) {
      this.spareBytes -= size;
      return buffer;
    }
    return Buffer.allocUnsafeSlow(size);
  }

  release(buffer: Buffer): void {
    if (this.spareBytes + buffer.length > this.maxSpareBytes) return; // left to the garbage collector
    let list = this.spare.get(buffer.length);
    if (!list) this.spare.set(buffer.length, (list = []));
    list.push(buffer);
    this.spareBytes += buffer.length;
  }

  get bytes(): number {
    return this.spareBytes;
  }
}
