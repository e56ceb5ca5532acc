// Thumbnails of every running session, viewed or not: one ThumbnailConnection per session, opened
// one interval after the session is ready and closed when it ends. A dropped connection is opened again after a
// growing pause; a refused sign-in is not retried (a server's blacklist counts failures).
import type { SessionThumbnail } from '../../shared/session';
import type { VncTarget } from '../vnc/vnc-target';
import { ThumbnailConnection, type Thumbnail } from './thumbnail-connection';

export interface ThumbnailServiceOptions {
  /** How often each connection asks for an update (default 3 s). */
  intervalMs?: number;
  /** Width of the pictures in pixels (default 240; never wider than the desktop). */
  width?: number;
  connectTimeoutMs?: number;
  /** Diagnostics (never secrets). */
  log?: (line: string) => void;
}

export const THUMBNAIL_DEFAULTS = { intervalMs: 3_000, width: 240, connectTimeoutMs: 5_000 } as const;
const MAX_RETRY_MS = 60_000;

interface Watched {
  connection: ThumbnailConnection | null;
  retryTimer: NodeJS.Timeout | null;
  failures: number;
  /** The last picture, kept across a reconnect. */
  last: Thumbnail | null;
}

export class ThumbnailService {
  private readonly watched = new Map<string, Watched>();
  private readonly intervalMs: number;
  private readonly width: number;
  private readonly connectTimeoutMs: number;
  private readonly log: (line: string) => void;

  constructor(options: ThumbnailServiceOptions = {}) {
    this.intervalMs = options.intervalMs ?? THUMBNAIL_DEFAULTS.intervalMs;
    this.width = options.width ?? THUMBNAIL_DEFAULTS.width;
    this.connectTimeoutMs = options.connectTimeoutMs ?? THUMBNAIL_DEFAULTS.connectTimeoutMs;
    this.log = options.log ?? (() => undefined);
  }

  /** Starts taking pictures of a session (again, if it was watched: the target may have changed). */
  watch(sessionId: string, target: VncTarget, password: string): void {
    this.unwatch(sessionId);
    const entry: Watched = { connection: null, retryTimer: null, failures: 0, last: null };
    this.watched.set(sessionId, entry);
    // Not at once: a session that just became ready is drawing its first frame for the user who started it.
    entry.retryTimer = setTimeout(() => this.connect(sessionId, entry, target, password), this.intervalMs);
    entry.retryTimer.unref();
  }

  /** Stops and forgets a session's pictures (the session ended). */
  unwatch(sessionId: string): void {
    const entry = this.watched.get(sessionId);
    if (!entry) return;
    this.watched.delete(sessionId);
    if (entry.retryTimer) clearTimeout(entry.retryTimer);
    entry.connection?.close();
  }

  /** The session's latest picture; null if none has arrived yet or the session is not watched. */
  thumbnail(sessionId: string): Thumbnail | null {
    const entry = this.watched.get(sessionId);
    if (!entry) return null;
    const fresh = entry.connection?.thumbnail() ?? null;
    if (fresh) entry.last = fresh;
    return entry.last;
  }

  /** The latest picture as the API gives it (the PNG in base64). */
  served(sessionId: string): SessionThumbnail | null {
    const picture = this.thumbnail(sessionId);
    return picture && { sessionId, width: picture.width, height: picture.height, takenAt: picture.takenAt, png: picture.png.toString('base64') };
  }

  /** Sessions with an open thumbnail connection (diagnostics and tests). */
  get connected(): number {
    return [...this.watched.values()].filter((entry) => entry.connection !== null).length;
  }

  close(): void {
    for (const sessionId of [...this.watched.keys()]) this.unwatch(sessionId);
  }

  private connect(sessionId: string, entry: Watched, target: VncTarget, password: string): void {
    entry.retryTimer = null;
    const connection = new ThumbnailConnection({
      target,
      password,
      intervalMs: this.intervalMs,
      width: this.width,
      connectTimeoutMs: this.connectTimeoutMs,
      onClosed: (reason, final) => {
        if (this.watched.get(sessionId) !== entry || entry.connection !== connection) return; // unwatched
        const worked = connection.thumbnail();
        entry.last = worked ?? entry.last;
        entry.connection = null;
        if (worked) entry.failures = 0; // it had been working: start the pauses over
        if (final) {
          this.log(`thumbnails of ${sessionId}: ${reason}; not retried`);
          return;
        }
        entry.failures += 1;
        const delay = Math.min(MAX_RETRY_MS, this.intervalMs * 2 ** Math.min(entry.failures, 5));
        entry.retryTimer = setTimeout(() => this.connect(sessionId, entry, target, password), delay);
        entry.retryTimer.unref(); // never what keeps a process alive
      },
    });
    entry.connection = connection;
  }
}
