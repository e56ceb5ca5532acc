// The idle reset on the kiosk page: local input (keys, pointer, touch, wheel) anywhere on the page
// keeps the session; after the profile's idle time without any, a warning with a countdown, and
// then the reset. The timing itself is idlePhase() in the contract.
import { useEffect, useRef, useState } from 'react';
import { idlePhase, type IdlePhase } from '../../../electron/shared/kiosk';

const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
const TICK_MS = 1_000;

/** The phase now (with a countdown while warning); `onReset` runs once when the time is up. */
export function useIdleReset(idleResetMinutes: number, active: boolean, onReset: () => void): IdlePhase {
  const lastInput = useRef(Date.now());
  const [phase, setPhase] = useState<IdlePhase>({ phase: 'off' });
  const resetRef = useRef(onReset);
  resetRef.current = onReset;

  useEffect(() => {
    if (!active || idleResetMinutes <= 0) {
      setPhase({ phase: 'off' });
      return undefined;
    }
    lastInput.current = Date.now();
    const onInput = () => (lastInput.current = Date.now());
    // Capture: noVNC takes the desktop's input on its canvas and stops it there.
    for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true });
    const timer = setInterval(() => {
      const next = idlePhase(idleResetMinutes, lastInput.current, Date.now());
      if (next.phase === 'reset') {
        lastInput.current = Date.now();
        resetRef.current();
      }
      setPhase(next);
    }, TICK_MS);
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true });
      clearInterval(timer);
    };
  }, [idleResetMinutes, active]);
  return phase;
}
