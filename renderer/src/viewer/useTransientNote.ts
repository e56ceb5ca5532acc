// A short note under the desktop (clipboard, full screen, keyboard) that clears itself after a while.
import { useEffect, useState } from 'react';

const NOTE_SHOWN_MS = 6_000;

export function useTransientNote(): [string, (note: string) => void] {
  const [note, setNote] = useState('');
  useEffect(() => {
    if (!note) return undefined;
    const timer = setTimeout(() => setNote(''), NOTE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [note]);
  return [note, setNote];
}
