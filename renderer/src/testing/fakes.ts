// Test doubles shared by the renderer's unit tests.
import type { SessionDeckApi } from '../../../electron/shared/api';
import type { DeckEvent, SessionInfo, SessionTypeInfo } from '../../../electron/shared/session';
import { DEFAULT_SETTINGS } from '../../../electron/shared/settings';

export function session(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    id: 's1',
    type: 'desk',
    index: 0,
    size: '1024x768',
    user: 'alice',
    state: 'ready',
    createdAt: 1_000,
    updatedAt: 1_000,
    viewers: 0,
    bytesToViewer: 0,
    bytesFromViewer: 0,
    revision: 1,
    ...overrides,
  };
}

export function sessionType(overrides: Partial<SessionTypeInfo> = {}): SessionTypeInfo {
  return {
    name: 'desk',
    script: 'xvnc',
    count: 2,
    sizes: ['1280x800', '1024x768'],
    slots: [
      { index: 0, state: 'free' },
      { index: 1, state: 'free' },
    ],
    allowed: true,
    ...overrides,
  };
}

export interface FakeApi extends SessionDeckApi {
  emit(event: DeckEvent): void;
  listenerCount(): number;
}

/** A SessionDeckApi whose methods fail unless a test overrides them. */
export function fakeApi(overrides: Partial<SessionDeckApi> = {}): FakeApi {
  const listeners = new Set<(event: DeckEvent) => void>();
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call: ${name}`));
  return {
    listTypes: () => Promise.resolve([]),
    listSessions: () => Promise.resolve([]),
    getSession: unexpected('getSession'),
    startSession: unexpected('startSession'),
    stopSession: unexpected('stopSession'),
    renameSession: unexpected('renameSession'),
    openViewer: unexpected('openViewer'),
    extendSession: unexpected('extendSession'),
    getThumbnail: () => Promise.resolve(null),
    createShare: unexpected('createShare'),
    listShares: () => Promise.resolve([]),
    revokeShare: unexpected('revokeShare'),
    getSettings: () => Promise.resolve({ ...DEFAULT_SETTINGS }),
    updateSettings: unexpected('updateSettings'),
    getConfigStatus: () => Promise.resolve({ file: 'sessions.json', loadedAt: 1_000 }),
    getAbout: () => Promise.resolve({ version: '0.1.0', dataDir: '/data', sessionsFile: 'sessions.json', user: 'alice' }),
    listSecrets: () => Promise.resolve([]),
    setSecret: unexpected('setSecret'),
    deleteSecret: unexpected('deleteSecret'),
    listHistory: () => Promise.resolve({ items: [] }),
    listAudit: () => Promise.resolve({ items: [] }),
    getMetrics: () => Promise.resolve([]),
    getKiosk: unexpected('getKiosk'),
    restartKiosk: unexpected('restartKiosk'),
    openKioskViewer: unexpected('openKioskViewer'),
    unlockKiosk: unexpected('unlockKiosk'),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ...overrides,
    emit: (event) => listeners.forEach((listener) => listener(event)),
    listenerCount: () => listeners.size,
  };
}

/** A promise with its resolve/reject exposed, to hold a call open while a test looks at the state. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
