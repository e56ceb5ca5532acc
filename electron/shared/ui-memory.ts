// What a window remembers between runs and reloads: the open desktop tabs, the one shown, the
// sessions disconnected from, the size last picked per type, the scaling mode and the sidebar. The
// renderer writes it through the contract; the Electron app keeps it in electron-store in the data
// directory (the window's origin changes at every start, so the page's own storage would not
// last), a browser in the page's local storage.
import type { Static } from 'typebox';
import { schemaProblems } from './schema';
import { MAX_REMEMBERED, UiMemorySchema } from './validate';

export { MAX_REMEMBERED };

/** The key in a browser's local storage. */
export const UI_MEMORY_KEY = 'session-deck.ui.v1';

export interface StoredUiMemory {
  openTabs?: string[];
  selectedSessionId?: string | null;
  disconnected?: string[];
  /** Size ("WxH") last picked, by session type. */
  selectedSizes?: Record<string, string>;
  scaleMode?: string;
  sidebar?: string;
}

/** What was stored, if it fits the schema (else why not: a file edited by hand, another version's). */
export function storedUiMemoryOf(value: unknown): { memory: StoredUiMemory | null; problem?: string } {
  if (value === undefined || value === null) return { memory: null };
  const [problem] = schemaProblems(UiMemorySchema, value);
  return problem ? { memory: null, problem: `${problem.path}: ${problem.problem}` } : { memory: value as StoredUiMemory };
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameShape: Same<Static<typeof UiMemorySchema>, StoredUiMemory> = true;
