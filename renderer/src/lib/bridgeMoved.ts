// A page left open while the host restarts keeps the security policy it was loaded with, and that
// names the viewer bridge's port of the host's last run: after a restart on another bridge port,
// every desktop's WebSocket is blocked. The page then reloads itself once (its tabs come back, as
// after any reload) to pick up the policy that names the new port.
import { useEffect } from 'react';

const RELOADED_FOR_KEY = 'session-deck.reloaded-for-bridge';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The part of a `securitypolicyviolation` event looked at. */
export interface Violation {
  effectiveDirective: string;
  blockedURI: string;
}

/** The bridge origin to reload for, or null: not a blocked WebSocket to a loopback bridge, or already reloaded for it. */
export function bridgeToReloadFor(violation: Violation, reloadedFor: string | null): string | null {
  if (violation.effectiveDirective !== 'connect-src') return null;
  let url: URL;
  try {
    url = new URL(violation.blockedURI);
  } catch {
    return null;
  }
  if ((url.protocol !== 'ws:' && url.protocol !== 'wss:') || !LOOPBACK.has(url.hostname)) return null;
  const origin = `${url.protocol}//${url.host}`;
  return origin === reloadedFor ? null : origin;
}

/** Reloads the page once per new bridge origin that its policy blocks. */
export function useReloadWhenBridgeMoved(): void {
  useEffect(() => {
    const onViolation = (event: SecurityPolicyViolationEvent) => {
      let storage: Storage;
      try {
        storage = window.sessionStorage;
      } catch {
        return; // without a place to note the reload, a loop could not be ruled out
      }
      const origin = bridgeToReloadFor(event, storage.getItem(RELOADED_FOR_KEY));
      if (origin === null) return;
      storage.setItem(RELOADED_FOR_KEY, origin);
      window.location.reload();
    };
    document.addEventListener('securitypolicyviolation', onViolation);
    return () => document.removeEventListener('securitypolicyviolation', onViolation);
  }, []);
}
