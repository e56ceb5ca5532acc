// Every IPC channel name lives here, derived from the contract's method names.
import type { MethodName } from './api';

export const invokeChannel = (method: MethodName): string => `session-deck:${method}`;
export const EVENT_CHANNEL = 'session-deck:event';
