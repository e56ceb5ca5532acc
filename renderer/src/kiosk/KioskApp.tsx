// The kiosk screen (/kiosk): only the kiosk session's desktop, edge to edge, or the status screen
// when there is none; the idle reset; the admin chord (Ctrl+Alt+Shift+F12) asks for the PIN, and a
// right PIN leaves for the normal UI. The same page in Electron's kiosk window and in a browser.
import { useCallback, useEffect, useState } from 'react';
import type { DeckClient } from '../../../electron/shared/api';
import { isAdminChord, type KioskState } from '../../../electron/shared/kiosk';
import { KioskStatus } from './KioskStatus';
import { KioskViewer } from './KioskViewer';
import { PinDialog } from './PinDialog';
import { useIdleReset } from './useIdleReset';
import { useKioskState } from './useKioskState';
import './kiosk.css';

export type KioskApi = Pick<DeckClient, 'getKiosk' | 'restartKiosk' | 'openKioskViewer' | 'unlockKiosk' | 'onEvent'>;

const hasSession = (kiosk: KioskState): kiosk is KioskState & { session: NonNullable<KioskState['session']> } => kiosk.session !== undefined;

export function KioskApp({ api, leave = () => window.location.assign('/') }: { api: KioskApi; leave?: () => void }) {
  const [load, apply] = useKioskState(api);
  const [askingPin, setAskingPin] = useState(false);
  const kiosk = 'kiosk' in load ? load.kiosk : undefined;
  const running = kiosk?.phase === 'running' && hasSession(kiosk);

  const restart = useCallback(() => void api.restartKiosk().then(apply, () => undefined), [api, apply]);
  const idle = useIdleReset(kiosk?.profile.idleResetMinutes ?? 0, running && !askingPin, restart);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isAdminChord({ key: event.key, ctrl: event.ctrlKey, alt: event.altKey, shift: event.shiftKey, meta: event.metaKey })) return;
      // Before noVNC sees it: the chord is the kiosk's, not the desktop's.
      event.preventDefault();
      event.stopImmediatePropagation();
      if (event.type === 'keydown') setAskingPin(true);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    window.addEventListener('keyup', onKey, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      window.removeEventListener('keyup', onKey, { capture: true });
    };
  }, []);

  return (
    <div className="kiosk" data-kiosk-phase={kiosk?.phase ?? 'loading'}>
      {'error' in load && (
        <main className="kiosk-status">
          <h1>The kiosk cannot start</h1>
          <p>{load.error}</p>
        </main>
      )}
      {kiosk && running && <KioskViewer api={api} kiosk={kiosk} />}
      {kiosk && !running && <KioskStatus kiosk={kiosk} onStartAgain={restart} />}
      {idle.phase === 'warning' && (
        <div className="kiosk-modal" role="alertdialog" aria-labelledby="kiosk-idle-title">
          <div>
            <h2 id="kiosk-idle-title">Still there?</h2>
            <p>
              Nobody has used this kiosk for a while. Its session ends in {Math.max(0, Math.ceil((idle.resetAt - Date.now()) / 1000))} s and a fresh one
              starts. Touch the screen or press any key to keep it.
            </p>
          </div>
        </div>
      )}
      {askingPin && <PinDialog api={api} onClose={() => setAskingPin(false)} onUnlocked={leave} />}
    </div>
  );
}
