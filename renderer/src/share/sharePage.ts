// The page a share link opens: `/share/<id>#<key>`. It trades the key (POSTed, never in a URL) for
// a single-use view-only viewer ticket and shows the desktop with noVNC. View-only is the bridge's
// doing, not this page's: the flag set here only keeps noVNC from sending what the bridge would drop.
import RFB from '@novnc/novnc';
import type { ApiErrorBody } from '../../../electron/shared/errors';
import { shareRefusalText, shareStatusPath, shareViewerPath, type ShareStatus, type ShareViewerAccess } from '../../../electron/shared/share';
import './share.css';

const statusLine = document.getElementById('share-status') as HTMLParagraphElement;
const again = document.getElementById('share-again') as HTMLButtonElement;
const screen = document.getElementById('share-screen') as HTMLElement;

const shareId = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const key = location.hash.slice(1);

type Answer<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

function show(text: string, { error = false, offerAgain = false } = {}): void {
  statusLine.textContent = text;
  statusLine.classList.toggle('is-error', error);
  again.hidden = !offerAgain;
}

async function post<T>(path: string): Promise<Answer<T>> {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ key }),
      // The page itself sends no Referer at all; this request must carry its Origin (the host refuses
      // `Origin: null`), which only its path would reveal: never the key, which is in the fragment.
      referrerPolicy: 'same-origin',
      credentials: 'omit',
      cache: 'no-store',
    });
    const body = (await response.json()) as T | { error: ApiErrorBody };
    return response.ok ? { ok: true, value: body as T } : { ok: false, error: (body as { error: ApiErrorBody }).error };
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: `The host that shares this desktop does not answer (${String(error)}).` } };
  }
}

const untilText = (expiresAt: number): string => new Date(expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

async function afterDisconnect(): Promise<void> {
  const answer = await post<ShareStatus>(shareStatusPath(shareId));
  if (answer.ok && !answer.value.active && answer.value.reason) show(shareRefusalText(answer.value.reason), { error: true });
  else if (answer.ok) show('The view was interrupted.', { offerAgain: true });
  else show(answer.error.message, { error: true, offerAgain: true });
}

async function watch(): Promise<void> {
  show('Opening the shared desktop…');
  if (!key) return show(shareRefusalText('wrong'), { error: true });
  const answer = await post<ShareViewerAccess>(shareViewerPath(shareId));
  if (!answer.ok) return show(answer.error.message, { error: true, offerAgain: answer.error.code !== 'forbidden' });
  const { url, type, expiresAt } = answer.value;
  screen.replaceChildren();
  const rfb = new RFB(screen, url, { wsProtocols: ['binary'] });
  rfb.viewOnly = true;
  rfb.scaleViewport = true;
  rfb.focusOnClick = false;
  // Reachable from the console (and the tests): turning viewOnly off changes nothing that reaches the desktop.
  (window as unknown as { sessionDeckShareViewer?: RFB }).sessionDeckShareViewer = rfb;
  rfb.addEventListener('connect', () => show(`You are watching a ${type} desktop. You cannot control it. This link works until ${untilText(expiresAt)}.`));
  rfb.addEventListener('disconnect', () => void afterDisconnect());
}

again.addEventListener('click', () => void watch());
void watch();
