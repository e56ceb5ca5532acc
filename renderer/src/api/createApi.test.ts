import { describe, expect, it } from 'vitest';
import type { PreloadApi } from '../../../electron/shared/api';
import { createApi } from './createApi';

describe('createApi', () => {
  it('uses IPC when the preload exposed window.sessionDeck', () => {
    expect(createApi({ sessionDeck: {} as PreloadApi }).kind).toBe('ipc');
  });

  it('uses HTTP otherwise', () => {
    expect(createApi({}).kind).toBe('http');
  });
});
