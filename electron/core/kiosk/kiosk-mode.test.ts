// Kiosk mode without a kiosk profile: every kiosk method of the contract answers not_found, and
// nothing is supervised (no session is started, nothing is listened to).
import { describe, expect, it } from 'vitest';
import type { SessionDeckApi } from '../../shared/api';
import { systemClock, systemScheduler } from '../registry/clock';
import { KioskMode } from './kiosk-mode';

describe('kiosk mode without a profile', () => {
  const calls: string[] = [];
  const note = (name: string) => () => {
    calls.push(name);
    throw new Error(`${name} must not be called`);
  };
  const sessions = { startSession: note('startSession'), stopSession: note('stopSession'), openViewer: note('openViewer'), listTypes: note('listTypes'), onEvent: note('onEvent') } as unknown as Pick<SessionDeckApi, 'startSession' | 'stopSession' | 'openViewer' | 'listTypes' | 'onEvent'>;
  const mode = new KioskMode({ profile: undefined, sessions, audit: async () => undefined, onState: () => undefined, clock: systemClock, scheduler: systemScheduler, log: () => undefined });

  it('starts and closes without touching the sessions', () => {
    mode.start();
    mode.close();
    expect(calls).toEqual([]);
  });

  it('answers not_found to every kiosk method', () => {
    mode.start();
    for (const call of [() => mode.state(), () => mode.restart(), () => mode.openViewer({}), () => mode.unlock('1234')]) {
      expect(call).toThrow(expect.objectContaining({ code: 'not_found', message: 'Session Deck is not in kiosk mode' }));
    }
  });
});
