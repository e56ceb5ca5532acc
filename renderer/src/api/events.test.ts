import { describe, expect, it } from 'vitest';
import { parseDeckEvent } from './events';

describe('parseDeckEvent', () => {
  it('takes a share links event of a session, and refuses one without its list', () => {
    const event = { kind: 'shares', sessionId: 's1', shares: [{ id: 'a', sessionId: 's1', createdAt: 1, expiresAt: 2, viewers: 1 }] };
    expect(parseDeckEvent(JSON.stringify(event))).toEqual(event);
    expect(parseDeckEvent(JSON.stringify({ kind: 'shares', sessionId: 's1' }))).toBeNull();
  });

  it('takes a timer warning (shown over the desktop), and refuses one without its timer', () => {
    const event = { kind: 'warning', sessionId: 's1', timer: { kind: 'inactivity', at: 5_000 } };
    expect(parseDeckEvent(JSON.stringify(event))).toEqual(event);
    expect(parseDeckEvent(JSON.stringify({ kind: 'warning', sessionId: 's1' }))).toBeNull();
  });

  it('takes a traffic event (byte totals of a session), and refuses one without both counts', () => {
    const event = { kind: 'traffic', sessionId: 's1', bytesToViewer: 2048, bytesFromViewer: 12 };
    expect(parseDeckEvent(JSON.stringify(event))).toEqual(event);
    expect(parseDeckEvent(JSON.stringify({ kind: 'traffic', sessionId: 's1', bytesToViewer: 2048 }))).toBeNull();
  });
});
