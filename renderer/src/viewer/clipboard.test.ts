import { describe, expect, it, vi } from 'vitest';
import { anyOpaque, fitWithin } from './canvasProbe';
import { createClipboardSync, systemClipboard, type ClipboardAccess } from './clipboard';

function fakeClipboard(initial = ''): ClipboardAccess & { text: string } {
  const clip = {
    text: initial,
    readText: vi.fn(() => Promise.resolve(clip.text)),
    writeText: vi.fn((text: string) => {
      clip.text = text;
      return Promise.resolve();
    }),
  };
  return clip;
}

describe('clipboard', () => {
  it('prefers a native clipboard the host provides, then the browser one', () => {
    const native = fakeClipboard();
    const browser = fakeClipboard();
    expect(systemClipboard({ sessionDeckClipboard: native, navigator: { clipboard: browser } })).toBe(native);
    expect(systemClipboard({ navigator: { clipboard: browser } })).toBe(browser);
    expect(systemClipboard({ navigator: {} })).toBeNull();
  });

  it('sends the local clipboard to the desktop only when it changed, and never echoes the desktop back', async () => {
    const clip = fakeClipboard('hello');
    const paste = vi.fn();
    const sync = createClipboardSync(clip, paste);
    await expect(sync.toDesktop()).resolves.toBe('hello');
    await expect(sync.toDesktop()).resolves.toBeNull();
    await expect(sync.fromDesktop('remote text')).resolves.toBe(true);
    expect(clip.text).toBe('remote text');
    await expect(sync.toDesktop()).resolves.toBeNull();
    clip.text = 'new';
    await expect(sync.toDesktop()).resolves.toBe('new');
    await expect(sync.toDesktop(true)).resolves.toBe('new');
    expect(paste.mock.calls).toEqual([['hello'], ['new'], ['new']]);
  });

  it('survives a clipboard that refuses', async () => {
    const refusing: ClipboardAccess = {
      readText: () => Promise.reject(new Error('NotAllowedError')),
      writeText: () => Promise.reject(new Error('NotAllowedError')),
    };
    const sync = createClipboardSync(refusing, vi.fn());
    await expect(sync.toDesktop()).resolves.toBeNull();
    await expect(sync.fromDesktop('x')).resolves.toBe(false);
    expect(sync.lastReceived).toBe('x');
  });
});

describe('canvas probe', () => {
  it('fits a thumbnail in its box keeping the aspect ratio, never enlarging', () => {
    expect(fitWithin(1920, 1080, 240, 150)).toEqual({ width: 240, height: 135 });
    expect(fitWithin(1024, 768, 240, 150)).toEqual({ width: 200, height: 150 });
    expect(fitWithin(100, 50, 240, 150)).toEqual({ width: 100, height: 50 });
    expect(fitWithin(0, 50, 240, 150)).toEqual({ width: 0, height: 0 });
  });

  it('sees a drawn frame by its opaque pixels', () => {
    expect(anyOpaque([0, 0, 0, 0, 0, 0, 0, 0])).toBe(false);
    expect(anyOpaque([0, 0, 0, 0, 0, 0, 0, 255])).toBe(true);
  });
});
