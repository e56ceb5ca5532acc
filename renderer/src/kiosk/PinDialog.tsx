// The admin PIN prompt, opened by the admin chord: a right PIN leaves kiosk mode, a wrong one says
// how many tries are left or how long the kiosk waits before the next one.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { DeckClient } from '../../../electron/shared/api';
import type { KioskUnlockResult } from '../../../electron/shared/kiosk';

export interface PinDialogProps {
  api: Pick<DeckClient, 'unlockKiosk'>;
  onUnlocked(): void;
  onClose(): void;
}

export function refusalText(result: Exclude<KioskUnlockResult, { unlocked: true }>): string {
  const wait = result.retryAfterMs === undefined ? '' : ` Try again in ${Math.ceil(result.retryAfterMs / 1000)} s.`;
  switch (result.reason) {
    case 'no_pin':
      return 'This kiosk has no admin PIN, so kiosk mode cannot be left here.';
    case 'locked':
      return `Too many wrong PINs.${wait}`;
    case 'wrong_pin':
      return `Wrong PIN.${result.attemptsLeft ? ` ${result.attemptsLeft} more ${result.attemptsLeft === 1 ? 'try' : 'tries'} before the kiosk waits.` : wait}`;
    default: {
      const unknown: never = result.reason;
      return String(unknown);
    }
  }
}

export function PinDialog({ api, onUnlocked, onClose }: PinDialogProps) {
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pin || busy) return;
    setBusy(true);
    api.unlockKiosk(pin).then(
      (result) => {
        setBusy(false);
        setPin('');
        if (result.unlocked) onUnlocked();
        else setProblem(refusalText(result));
      },
      (error: Error) => {
        setBusy(false);
        setProblem(`The PIN could not be checked: ${error.message}`);
      },
    );
  };
  return (
    <div className="kiosk-modal" role="dialog" aria-modal="true" aria-labelledby="kiosk-pin-title" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <form onSubmit={submit}>
        <h2 id="kiosk-pin-title">Leave kiosk mode</h2>
        <label>
          Admin PIN
          <input ref={inputRef} type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(event) => setPin(event.target.value)} />
        </label>
        <p role="alert" className="kiosk-problem">
          {problem}
        </p>
        <div className="kiosk-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy || !pin}>
            Leave kiosk mode
          </button>
        </div>
      </form>
    </div>
  );
}
