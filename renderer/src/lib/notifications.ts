// Desktop notifications (the Notification API: a browser's, and Electron's renderer has the same
// one), only where the user allowed them. Asked for on a click the user made, never on load.
import type { SessionInfo, SessionTimer } from '../../../electron/shared/session';
import { formatCountdown, sessionName } from './format';

type NotificationGlobal = { permission: NotificationPermission; requestPermission(): Promise<NotificationPermission> };
const notificationApi = (): NotificationGlobal | undefined =>
  typeof Notification === 'undefined' ? undefined : (Notification as unknown as NotificationGlobal);

/** Asks once, while the page may still ask (the user has not answered yet). */
export function askForNotifications(): void {
  const api = notificationApi();
  if (api?.permission === 'default') void api.requestPermission().catch(() => undefined);
}

const REASONS: Record<SessionTimer['kind'], string> = {
  inactivity: 'after inactivity',
  max_duration: 'at its maximum duration',
  last_viewer_grace: 'because no viewer is connected',
};

export function warningNotificationText(session: SessionInfo, timer: SessionTimer, now: number): { title: string; body: string } {
  return {
    title: `${sessionName(session)} closes in ${formatCountdown(timer.at - now)}`,
    body: `Session ${session.id} will close ${REASONS[timer.kind]}. Open Session Deck and choose Extend to keep it.`,
  };
}

/** Shows one where allowed; `onClick` when the user clicks it. Returns whether it was shown. */
export function notify(text: { title: string; body: string }, tag: string, onClick: () => void): boolean {
  if (notificationApi()?.permission !== 'granted') return false;
  try {
    const shown = new Notification(text.title, { body: text.body, tag });
    shown.onclick = () => {
      window.focus();
      onClick();
      shown.close();
    };
    return true;
  } catch {
    // Some browsers allow notifications only from a service worker.
    return false;
  }
}
