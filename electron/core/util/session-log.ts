// A per-session log file: the engine's own lines and the output of every process the session owns.
import { closeSync, openSync, readSync, fstatSync, writeSync } from 'node:fs';

export class SessionLog {
  readonly fd: number;
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a+', 0o600);
  }

  line(message: string): void {
    if (this.closed) return;
    writeSync(this.fd, `${new Date().toISOString()} ${message}\n`);
  }

  /** The last lines of the log (engine lines and process output alike). */
  tail(maxLines = 20, maxBytes = 8192): string {
    if (this.closed) return '';
    const size = fstatSync(this.fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    readSync(this.fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n').filter((line) => line.length > 0);
    return lines.slice(-maxLines).join('\n');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
