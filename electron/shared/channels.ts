// Every IPC channel name lives here, derived from the contract's method names.
import type { MethodName } from './api';

export const invokeChannel = (method: MethodName): string => `session-deck:${method}`;
export const EVENT_CHANNEL = 'session-deck:event';

/** Electron only: the native clipboard behind window.sessionDeckClipboard. */
export const CLIPBOARD_READ_CHANNEL = 'session-deck:clipboard-read';
export const CLIPBOARD_WRITE_CHANNEL = 'session-deck:clipboard-write';
export const MAX_CLIPBOARD_TEXT = 1024 * 1024;
