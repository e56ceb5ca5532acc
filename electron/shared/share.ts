// Share links: a view-only way into a running session for someone else, as a page the host serves,
// `http://127.0.0.1:PORT/share/<id>#<key>`. The key sits in the fragment, which browsers never send
// to a server (nor in a Referer); the page trades it for a single-use view-only viewer ticket.
// No 'electron' and no 'node:' imports: the renderer and the share page use this too.

/** How long a share may last, in minutes: 15 minutes to 24 hours. */
export const SHARE_MINUTES = { min: 15, max: 24 * 60 } as const;
/** Lifetimes the dialog offers. */
export const SHARE_MINUTE_CHOICES = [15, 60, 4 * 60, 8 * 60, 24 * 60] as const;

export const SHARE_PATH_PREFIX = '/share/';
/** A share id and its key: 16 and 32 random bytes, base64url. */
export const SHARE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const SHARE_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface ShareRequest {
  /** Lifetime in minutes. */
  minutes: number;
}

/** A share just made: the only time its link (with the key) is shown. */
export interface CreatedShare {
  id: string;
  url: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** An active share as the session card lists it; the key is never kept, so never shown again. */
export interface ShareInfo {
  id: string;
  sessionId: string;
  createdAt: number;
  expiresAt: number;
  /** Viewers watching through this share now. */
  viewers: number;
}

/** Why a share link no longer opens. */
export type ShareRefusal = 'wrong' | 'revoked' | 'expired' | 'session_ended';

/** What the share page asks the host (POST /share/<id>/viewer or /status, body {"key": ...}). */
export const shareViewerPath = (id: string): string => `${SHARE_PATH_PREFIX}${encodeURIComponent(id)}/viewer`;
export const shareStatusPath = (id: string): string => `${SHARE_PATH_PREFIX}${encodeURIComponent(id)}/status`;

/** The share page's answer: a view-only viewer ticket, or why not (as a 403 error body's details.reason). */
export interface ShareViewerAccess {
  url: string;
  viewOnly: true;
  expiresAt: number;
  /** The session's type, for the page's title. */
  type: string;
}

export interface ShareStatus {
  active: boolean;
  reason?: ShareRefusal;
  expiresAt?: number;
}

/** Why a link does not open, in the words its receiver reads. */
export function shareRefusalText(reason: ShareRefusal): string {
  switch (reason) {
    case 'wrong':
      return 'This share link is not valid: it may be cut short or mistyped. Ask for the link again.';
    case 'revoked':
      return 'The person who shared this desktop has stopped sharing it.';
    case 'expired':
      return 'This share link has expired. Ask for a new one.';
    case 'session_ended':
      return 'The shared desktop has ended.';
  }
}
