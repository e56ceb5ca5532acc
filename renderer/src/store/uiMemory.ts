// What the window remembers across a reload, a host restart and (in the app) a new run: the open
// desktop tabs and the one shown, the sessions disconnected from, the size last picked per type,
// the scaling mode and the sidebar. Kept through the contract's loadUiMemory / saveUiMemory (the
// app: electron-store in its data directory; a browser: the page's local storage), read back with
// every field checked (a value an older version or a user wrote is dropped, never trusted).
import type { UiMemoryMethods } from '../../../electron/shared/api';
import { MAX_REMEMBERED, type StoredUiMemory } from '../../../electron/shared/ui-memory';
import { SCALE_MODES, SIDEBAR_MODES, type DeckStoreApi, type UiState } from './deckTypes';

export type RememberedUi = Pick<UiState, 'openTabs' | 'selectedSessionId' | 'disconnected' | 'selectedSizes' | 'scaleMode' | 'sidebar'>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isOneOf = <T extends string>(choices: readonly T[], value: unknown): value is T => typeof value === 'string' && (choices as readonly string[]).includes(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

export function rememberedPart(state: UiState): RememberedUi {
  return {
    openTabs: state.openTabs,
    selectedSessionId: state.selectedSessionId,
    disconnected: state.disconnected,
    selectedSizes: state.selectedSizes,
    scaleMode: state.scaleMode,
    sidebar: state.sidebar,
  };
}

/** What was remembered, field by field; anything unreadable is left out. */
export function parseRememberedUi(value: unknown): Partial<RememberedUi> {
  if (!isRecord(value)) return {};
  const remembered: Partial<RememberedUi> = {};
  if (Array.isArray(value.openTabs)) remembered.openTabs = [...new Set(strings(value.openTabs))];
  if (typeof value.selectedSessionId === 'string' || value.selectedSessionId === null) remembered.selectedSessionId = value.selectedSessionId;
  if (Array.isArray(value.disconnected)) remembered.disconnected = Object.fromEntries(strings(value.disconnected).map((id) => [id, true as const]));
  if (isRecord(value.selectedSizes)) {
    remembered.selectedSizes = Object.fromEntries(Object.entries(value.selectedSizes).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  if (isOneOf(SCALE_MODES, value.scaleMode)) remembered.scaleMode = value.scaleMode;
  if (isOneOf(SIDEBAR_MODES, value.sidebar)) remembered.sidebar = value.sidebar;
  return remembered;
}

/** As stored: the disconnected sessions as a list; each list and the sizes at most MAX_REMEMBERED, the newest kept. */
export function storedUi(ui: RememberedUi): StoredUiMemory {
  const newest = <T,>(items: T[]) => items.slice(-MAX_REMEMBERED);
  return {
    openTabs: newest(ui.openTabs),
    selectedSessionId: ui.selectedSessionId,
    disconnected: newest(Object.keys(ui.disconnected)),
    selectedSizes: Object.fromEntries(newest(Object.entries(ui.selectedSizes))),
    scaleMode: ui.scaleMode,
    sidebar: ui.sidebar,
  };
}

const warn = (what: string) => (error: unknown) => console.warn(`Session Deck: could not ${what}`, error);

/**
 * Restores what was remembered into the store once it has been read, then saves every change;
 * returns the stop. A memory that cannot be read or written is only a warning: the window works on,
 * it just forgets.
 */
export function connectUiMemory(store: DeckStoreApi, memory: UiMemoryMethods): () => void {
  let stopped = false;
  let unsubscribe = () => {};
  void memory
    .loadUiMemory()
    .catch((error: unknown) => {
      warn('read what the window remembered')(error);
      return null;
    })
    .then((value) => {
      if (stopped) return;
      store.setState(parseRememberedUi(value));
      let last = JSON.stringify(rememberedPart(store.getState()));
      unsubscribe = store.subscribe((state) => {
        const part = rememberedPart(state);
        const text = JSON.stringify(part);
        if (text === last) return;
        last = text;
        memory.saveUiMemory(storedUi(part)).catch(warn('remember the open tabs'));
      });
      // The sessions may have been listed before the memory was read: drop tabs of sessions gone.
      if (store.getState().status === 'loaded') store.getState().actions.pruneTabs();
    });
  return () => {
    stopped = true;
    unsubscribe();
  };
}
