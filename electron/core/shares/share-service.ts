// Share links of running sessions, wired to the bridge: the link's page trades its key for a
// single-use view-only ticket of the share's ticket group, so revoking the share (or its expiry,
// or the session's end) cuts its viewers off at once while the session's other viewers stay.
// Every share created, used, revoked and ended is in the audit log; a share that cannot be
// recorded is not made, and a link whose use cannot be recorded does not open.
import { ApiError } from '../../shared/errors';
import type { AuditEventKind } from '../../shared/journal';
import { SHARE_PATH_PREFIX, shareRefusalText, type CreatedShare, type ShareInfo, type ShareRefusal, type ShareStatus, type ShareViewerAccess } from '../../shared/share';
import type { Bridge } from '../bridge';
import type { VncTarget } from '../vnc/vnc-target';
import type { Cancel, Clock, Scheduler } from '../registry/clock';
import { ShareBook, type Share, type ShareEnd } from './share-book';

export interface ShareAudit {
  kind: Extract<AuditEventKind, `share_${string}`>;
  sessionId: string;
  details: Record<string, unknown>;
}

export interface ShareServiceOptions {
  bridge: Pick<Bridge, 'issueTicket' | 'revokeGroup' | 'viewersInGroup' | 'allowOrigin'>;
  /** The running session's VNC target and password; throws (bad_request, not_found) otherwise. */
  viewerTarget(sessionId: string): { target: VncTarget; password: string };
  /** The session's type name; throws not_found for an unknown session. */
  sessionType(sessionId: string): string;
  /** The origin of the host that serves share pages (started on first use); absent: no sharing here. */
  shareOrigin?: () => Promise<string>;
  /** Writes an audit record; rejects when it cannot. */
  audit(record: ShareAudit): Promise<void>;
  /** The session's active shares changed (their viewers too). */
  onChange(sessionId: string, shares: ShareInfo[]): void;
  clock: Clock;
  scheduler: Scheduler;
  log(line: string): void;
}

/** A link that does not open: the page shows `message`; `reason` says why in a word. */
export class ShareRefused extends ApiError {
  constructor(readonly reason: ShareRefusal) {
    super('forbidden', shareRefusalText(reason), { reason });
  }
}

export class ShareService {
  private readonly book: ShareBook;
  private readonly expiryTimers = new Map<string, Cancel>();

  constructor(private readonly options: ShareServiceOptions) {
    this.book = new ShareBook(() => options.clock.now());
  }

  async create(sessionId: string, minutes: number): Promise<CreatedShare> {
    const { options } = this;
    options.viewerTarget(sessionId); // a running session only
    if (!options.shareOrigin) throw new ApiError('not_supported', 'sharing needs the host that serves the share page, which this Session Deck does not run');
    const origin = await options.shareOrigin();
    options.bridge.allowOrigin(origin);
    options.viewerTarget(sessionId); // still running after the host started
    const { share, key } = this.book.create(sessionId, minutes * 60_000);
    try {
      await options.audit({ kind: 'share_created', sessionId, details: { shareId: share.id, minutes, expiresAt: share.expiresAt } });
    } catch (error) {
      this.book.end(sessionId, share.id, 'revoked');
      throw new ApiError('journal_unavailable', `the share was not made: the audit log cannot record it (${(error as Error).message})`);
    }
    this.expiryTimers.set(share.id, options.scheduler.after(share.expiresAt - options.clock.now(), () => this.expireDue()));
    this.changed(sessionId);
    return { id: share.id, url: `${origin}${SHARE_PATH_PREFIX}${share.id}#${key}`, expiresAt: share.expiresAt };
  }

  list(sessionId: string): ShareInfo[] {
    this.options.sessionType(sessionId);
    return this.book.active(sessionId).map((share) => this.info(share));
  }

  /** Ends the share and cuts its viewers off; answers the session's remaining shares. */
  async revoke(sessionId: string, shareId: string): Promise<ShareInfo[]> {
    this.options.sessionType(sessionId);
    const share = this.book.end(sessionId, shareId, 'revoked');
    if (!share) throw new ApiError('not_found', `session ${sessionId} has no active share ${shareId}`);
    await this.ended(share, 'revoked');
    return this.list(sessionId);
  }

  /** The share page's trade: the link's key for a single-use view-only ticket. */
  async openViewer(shareId: string, key: string): Promise<ShareViewerAccess> {
    const checked = this.book.check(shareId, key);
    if (!checked.ok) throw new ShareRefused(checked.reason);
    const { sessionId } = checked.share;
    const { target, password } = this.options.viewerTarget(sessionId);
    try {
      await this.options.audit({ kind: 'share_used', sessionId, details: { shareId } });
    } catch (error) {
      throw new ApiError('journal_unavailable', `the audit log cannot record this viewer, so the link does not open now (${(error as Error).message})`);
    }
    // The share page's viewer is the app's own noVNC: it gets the same early sign-in and one-shot handshake.
    const { url } = this.options.bridge.issueTicket(sessionId, target, { viewOnly: true, shared: true, password, group: shareId, preconnect: true, eagerHandshake: true });
    return { url, viewOnly: true, expiresAt: checked.share.expiresAt, type: this.options.sessionType(sessionId) };
  }

  /** Whether the link still opens, without opening it (the page asks after a disconnect). */
  status(shareId: string, key: string): ShareStatus {
    const checked = this.book.check(shareId, key);
    return checked.ok ? { active: true, expiresAt: checked.share.expiresAt } : { active: false, reason: checked.reason };
  }

  /** A viewer came or went: the counts of the session's shares may have changed. */
  viewersChanged(sessionId: string): void {
    if (this.book.active(sessionId).length > 0) this.changed(sessionId);
  }

  /** The session is ending: so do its shares. */
  sessionEnded(sessionId: string): void {
    for (const share of this.book.endSession(sessionId)) void this.ended(share, 'session_ended');
  }

  close(): void {
    for (const cancel of this.expiryTimers.values()) cancel();
    this.expiryTimers.clear();
  }

  private expireDue(): void {
    for (const share of this.book.expireDue()) void this.ended(share, 'expired');
  }

  private async ended(share: Share, reason: ShareEnd): Promise<void> {
    this.expiryTimers.get(share.id)?.();
    this.expiryTimers.delete(share.id);
    this.options.bridge.revokeGroup(share.id);
    this.changed(share.sessionId);
    const kind = reason === 'revoked' ? 'share_revoked' : 'share_ended';
    await this.options.audit({ kind, sessionId: share.sessionId, details: { shareId: share.id, reason } }).catch((error: Error) => this.options.log(`journal: cannot record ${kind}: ${error.message}`));
  }

  private changed(sessionId: string): void {
    this.options.onChange(sessionId, this.book.active(sessionId).map((share) => this.info(share)));
  }

  private info(share: Share): ShareInfo {
    return { id: share.id, sessionId: share.sessionId, createdAt: share.createdAt, expiresAt: share.expiresAt, viewers: this.options.bridge.viewersInGroup(share.id) };
  }
}
