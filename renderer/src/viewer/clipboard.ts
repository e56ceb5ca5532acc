// The clipboard seam: the browser's async clipboard where the page may use it, or a native one that
// a host (the Electron preload, later) puts on `window.sessionDeckClipboard`. Everything may refuse.

export interface ClipboardAccess {
  readText(): Promise<string>;
  writeText(text: string): Promise<void>;
}

export function systemClipboard(host: {
  sessionDeckClipboard?: ClipboardAccess;
  navigator?: { clipboard?: ClipboardAccess };
}): ClipboardAccess | null {
  return host.sessionDeckClipboard ?? host.navigator?.clipboard ?? null;
}

/**
 * Local -> desktop: sends the local clipboard when it changed since the last send (called when the
 * desktop gets focus, so copying locally then clicking into the desktop just works).
 */
/** Writes text to the local clipboard; resolves to whether it took it (absent or refused: false). */
export async function writeClipboard(clipboard: ClipboardAccess | null, text: string): Promise<boolean> {
  if (!clipboard) return false;
  try {
    await clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function createClipboardSync(clipboard: ClipboardAccess | null, paste: (text: string) => void) {
  let lastSent: string | null = null;
  let lastReceived: string | null = null;
  return {
    /** Desktop -> local. Resolves to whether the local clipboard took it. */
    async fromDesktop(text: string): Promise<boolean> {
      lastReceived = text;
      lastSent = text; // do not echo it back
      return writeClipboard(clipboard, text);
    },
    /** Local -> desktop. Resolves to what was sent, or null (unchanged, refused or unavailable). */
    async toDesktop(force = false): Promise<string | null> {
      if (!clipboard) return null;
      let text: string;
      try {
        text = await clipboard.readText();
      } catch {
        return null;
      }
      if (!force && (text === lastSent || text === '')) return null;
      lastSent = text;
      paste(text);
      return text;
    },
    get lastReceived() {
      return lastReceived;
    },
  };
}
