// The kiosk's state as the host or the app reports it: read once, then kept current by the
// kiosk events (and read again whenever the event stream reconnects or an event is missed).
import { useCallback, useEffect, useState } from 'react';
import type { DeckClient } from '../../../electron/shared/api';
import type { KioskState } from '../../../electron/shared/kiosk';

export type KioskLoad = { kiosk: KioskState } | { error: string } | { loading: true };

/** How often the state is read again regardless of events: a missed event costs at most this long. */
const REFRESH_MS = 5_000;

export function useKioskState(api: Pick<DeckClient, 'getKiosk' | 'onEvent'>): [KioskLoad, (next: KioskState) => void] {
  const [load, setLoad] = useState<KioskLoad>({ loading: true });
  const apply = useCallback((kiosk: KioskState) => setLoad({ kiosk }), []);
  useEffect(() => {
    let live = true;
    const read = () =>
      api.getKiosk().then(
        (kiosk) => live && setLoad({ kiosk }),
        (error: Error) => live && setLoad((current) => ('kiosk' in current ? current : { error: error.message })),
      );
    const unsubscribe = api.onEvent((event) => {
      if (event.kind === 'kiosk') setLoad({ kiosk: event.kiosk });
    });
    void read();
    const timer = setInterval(() => void read(), REFRESH_MS);
    return () => {
      live = false;
      unsubscribe();
      clearInterval(timer);
    };
  }, [api]);
  return [load, apply];
}
