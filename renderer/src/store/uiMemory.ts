// What the window remembers across a reload (and a host restart): the open desktop tabs and the
// one shown, the sessions disconnected from, the size last picked per type, the scaling mode and
// the sidebar. Kept in the page's localStorage, read back with every field checked (a value an
// older version or a user wrote is dropped, never trusted).
import { SCALE_MODES, SIDEBAR_MODES, type DeckStoreApi, type UiState } from './deckTypes';

export const UI_MEMORY_KEY = 'session-deck.ui.v1';

export type RememberedUi = Pick<UiState, 'openTabs' | 'selectedSessionId' | 'disconnected' | 'selectedSizes' | 'scaleMode' | 'sidebar'>;

/** The part of the Web Storage API used here. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

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
export function readRememberedUi(storage: KeyValueStorage): Partial<RememberedUi> {
  let value: unknown;
  try {
    value = JSON.parse(storage.getItem(UI_MEMORY_KEY) ?? 'null');
  } catch {
    return {};
  }
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

export function writeRememberedUi(storage: KeyValueStorage, ui: RememberedUi): void {
  const { disconnected, ...rest } = ui;
  try {
    storage.setItem(UI_MEMORY_KEY, JSON.stringify({ ...rest, disconnected: Object.keys(disconnected) }));
  } catch (error) {
    // Storage full or refused (a private window): the window works on, it just forgets.
    console.warn('Session Deck: could not remember the open tabs', error);
  }
}

/** Restores what was remembered into the store, then writes every change back; returns the unsubscribe. */
export function connectUiMemory(store: DeckStoreApi, storage: KeyValueStorage): () => void {
  store.setState(readRememberedUi(storage));
  let last = JSON.stringify(rememberedPart(store.getState()));
  return store.subscribe((state) => {
    const part = rememberedPart(state);
    const text = JSON.stringify(part);
    if (text === last) return;
    last = text;
    writeRememberedUi(storage, part);
  });
}
