// The kiosk supervisor on a real engine with real Xvnc servers: the session starts with the kiosk,
// a killed server ends it and a new one starts after the status screen; an idle reset ends the
// running one and starts a fresh one; "prompt" waits; PINs are checked and every attempt audited.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskProfile, KioskState } from '../../shared/kiosk';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { reserveDisplays } from '../testing/free-display';
import { hashPin } from './pin-hash';

const DISPLAY_BASE = await reserveDisplays(2);
const types = { Kiosk: { script: 'xvnc', count: 2, options: { sizes: ['640x480'], display_base: DISPLAY_BASE } } };
const pinHash = await hashPin('1357', { ln: 10, r: 8, p: 1 });
const profile = (overrides: Partial<KioskProfile> = {}) => ({
  type: 'Kiosk',
  size: 'screen',
  restart: 'always' as const,
  idleResetMinutes: 0,
  allowViewOnlyToggle: false,
  sendKeysMenu: false,
  pinHash,
  ...overrides,
});

const killServerOf = (state: KioskState) => {
  const display = DISPLAY_BASE + state.session!.index;
  const pid = execFileSync('pgrep', ['-f', `Xvnc :${display} `]).toString().trim().split('\n')[0];
  process.kill(Number(pid), 'SIGKILL');
};

describe('kiosk supervisor', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  const kiosk = () => harness.engine.getKiosk();
  const runningSession = async () => {
    await expect.poll(async () => (await kiosk()).phase, { timeout: 15_000 }).toBe('running');
    return kiosk();
  };

  it('starts its session by itself, and a new one after the server died', async () => {
    harness = await startEngine(types, { kiosk: profile() });
    const first = await runningSession();
    expect(first.session).toMatchObject({ type: 'Kiosk', size: '640x480' });
    expect(first.profile).toMatchObject({ hasPin: true });
    expect(first.profile).not.toHaveProperty('pinHash');
    killServerOf(first);
    await expect.poll(async () => (await kiosk()).phase).toBe('ended');
    const ended = await kiosk();
    expect(ended.message).toBe('The session ended because its desktop stopped.');
    expect(ended.restartAt).toBeGreaterThan(0);
    const second = await runningSession();
    expect(second.session!.id).not.toBe(first.session!.id);
    expect(harness.events.some((event) => event.kind === 'kiosk' && event.kiosk.phase === 'ended')).toBe(true);
    const access = await harness.engine.openKioskViewer();
    expect(access.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/vnc\//);
    await expect(harness.engine.openKioskViewer({ viewOnly: true })).rejects.toThrow('this kiosk does not offer view only');
  });

  it('ends the running session for an idle reset and starts a fresh one', async () => {
    harness = await startEngine(types, { kiosk: profile() });
    const first = await runningSession();
    const after = await harness.engine.restartKiosk();
    expect(after.phase).toBe('running');
    expect(after.session!.id).not.toBe(first.session!.id);
    expect(await harness.engine.getSession(first.session!.id)).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    const records = (await harness.engine.listAudit({ kind: 'kiosk_restarted' })).items;
    expect(records.map((record) => record.details)).toEqual([{ reason: 'idle' }]);
  });

  it('"prompt" waits for the button after the session ended', async () => {
    harness = await startEngine(types, { kiosk: profile({ restart: 'prompt' }) });
    const first = await runningSession();
    await harness.engine.stopSession(first.session!.id);
    await expect.poll(async () => (await kiosk()).phase).toBe('ended');
    expect((await kiosk()).restartAt).toBeUndefined();
    const next = await harness.engine.restartKiosk();
    expect(next.phase).toBe('running');
  });

  it('refuses a wrong PIN and audits it; a right one leaves kiosk mode, and the session stays', async () => {
    harness = await startEngine(types, { kiosk: profile() });
    const first = await runningSession();
    expect(await harness.engine.unlockKiosk('0000')).toMatchObject({ unlocked: false, reason: 'wrong_pin', attemptsLeft: 4 });
    expect(await harness.engine.unlockKiosk('1357')).toEqual({ unlocked: true });
    expect((await kiosk()).phase).toBe('left');
    const audit = (await harness.engine.listAudit({})).items.filter((record) => record.kind.startsWith('kiosk_unlock'));
    expect(audit.map((record) => [record.kind, record.details, record.sessionId])).toEqual([
      ['kiosk_unlocked', {}, first.session!.id],
      ['kiosk_unlock_refused', { reason: 'wrong_pin' }, first.session!.id],
    ]);
    // Back in the kiosk: the session the administrator left running is the kiosk's again.
    expect(await harness.engine.restartKiosk()).toMatchObject({ phase: 'running', session: { id: first.session!.id } });
  });

  it('says so when the profile names a type the sessions file lacks', async () => {
    harness = await startEngine(types, { kiosk: profile({ type: 'Nowhere', restart: 'never' }) });
    await expect.poll(async () => (await kiosk()).phase).toBe('failed');
    expect((await kiosk()).message).toBe('The session could not start: the session type "Nowhere" of the kiosk profile is not in the sessions file');
  });
});
