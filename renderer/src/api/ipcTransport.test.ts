import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, type PreloadApi } from '../../../electron/shared/api';
import { ApiError } from '../../../electron/shared/errors';
import { session, sessionType } from '../testing/fakes';
import { createIpcApi, unwrapResult } from './ipcTransport';

function fakePreload(overrides: Partial<PreloadApi> = {}): PreloadApi {
  const notCalled = () => Promise.reject(new Error('not expected'));
  return {
    listTypes: notCalled,
    listSessions: notCalled,
    getSession: notCalled,
    startSession: notCalled,
    stopSession: notCalled,
    renameSession: notCalled,
    openViewer: notCalled,
    extendSession: notCalled,
    getThumbnail: notCalled,
    createShare: notCalled,
    listShares: notCalled,
    revokeShare: notCalled,
    getSettings: notCalled,
    updateSettings: notCalled,
    getConfigStatus: notCalled,
    getAbout: notCalled,
    listSecrets: notCalled,
    setSecret: notCalled,
    deleteSecret: notCalled,
    listHistory: notCalled,
    listAudit: notCalled,
    getMetrics: notCalled,
    getKiosk: notCalled,
    restartKiosk: notCalled,
    openKioskViewer: notCalled,
    unlockKiosk: notCalled,
    readClipboard: notCalled,
    writeClipboard: notCalled,
    loadUiMemory: notCalled,
    saveUiMemory: notCalled,
    onEvent: () => () => {},
    ...overrides,
  };
}

describe('IPC transport', () => {
  it('unwraps successful results and passes arguments through', async () => {
    const startSession = vi.fn(() => Promise.resolve({ ok: true as const, value: session({ id: 'x' }) }));
    const api = createIpcApi(
      fakePreload({ listTypes: () => Promise.resolve({ ok: true, value: [sessionType()] }), startSession }),
    );
    await expect(api.listTypes()).resolves.toEqual([sessionType()]);
    await expect(api.startSession({ type: 'desk', size: '1024x768' })).resolves.toMatchObject({ id: 'x' });
    expect(startSession).toHaveBeenCalledWith({ type: 'desk', size: '1024x768' });
  });

  it('throws an ApiError with the code and message of a failed result', async () => {
    const api = createIpcApi(
      fakePreload({
        startSession: () =>
          Promise.resolve({ ok: false, error: { code: 'at_capacity', message: 'All 2 slots of desk are in use' } }),
      }),
    );
    const error = await api.startSession({ type: 'desk', size: '1024x768' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'at_capacity', message: 'All 2 slots of desk are in use' });
  });

  it('keeps the details of a failed result, and passes view-only to openViewer', async () => {
    const openViewer = vi.fn(() => Promise.resolve({ ok: true as const, value: { url: 'ws://x', password: 'p', viewOnly: true } }));
    const api = createIpcApi(
      fakePreload({
        openViewer,
        updateSettings: () =>
          Promise.resolve({ ok: false, error: { code: 'bad_request', message: 'bad', details: { problems: { userLimit: 'too big' } } } }),
      }),
    );
    await expect(api.updateSettings({ userLimit: 999 })).rejects.toMatchObject({ code: 'bad_request', details: { problems: { userLimit: 'too big' } } });
    await expect(api.openViewer('s1', { viewOnly: true })).resolves.toMatchObject({ viewOnly: true });
    expect(openViewer).toHaveBeenCalledWith('s1', { viewOnly: true });
  });

  it('maps an unknown code, a malformed result and a failed invoke to internal', async () => {
    expect(() => unwrapResult({ ok: false, error: { code: 'weird' as never, message: 'm' } })).toThrow(
      expect.objectContaining({ code: 'internal', message: 'm' }),
    );
    expect(() => unwrapResult(undefined as never)).toThrow(expect.objectContaining({ code: 'internal' }));
    const api = createIpcApi(fakePreload({ stopSession: () => Promise.reject(new Error('No handler registered')) }));
    await expect(api.stopSession('s1')).rejects.toMatchObject({ code: 'internal', message: 'No handler registered' });
  });

  it('has every method of the contract, the clipboard included', async () => {
    const writeClipboard = vi.fn(() => Promise.resolve({ ok: true as const, value: undefined }));
    const api = createIpcApi(fakePreload({ readClipboard: () => Promise.resolve({ ok: true, value: 'copied' }), writeClipboard }));
    for (const name of METHOD_NAMES) expect(typeof api[name], name).toBe('function');
    await expect(api.readClipboard()).resolves.toBe('copied');
    await api.writeClipboard('pasted');
    expect(writeClipboard).toHaveBeenCalledWith('pasted');
  });

  it("hands onEvent to the preload and returns the preload's unsubscribe", () => {
    const unsubscribe = vi.fn();
    const onEvent = vi.fn(() => unsubscribe);
    const api = createIpcApi(fakePreload({ onEvent }));
    const listener = () => {};
    const returned = api.onEvent(listener);
    expect(onEvent).toHaveBeenCalledWith(listener);
    returned();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });
});
