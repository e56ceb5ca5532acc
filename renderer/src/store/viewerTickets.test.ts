import { describe, expect, it, vi } from 'vitest';
import type { ViewerAccess } from '../../../electron/shared/session';
import { createViewerTickets, PREFETCHED_TICKET_MAX_AGE_MS } from './viewerTickets';

const access: ViewerAccess = { url: 'ws://127.0.0.1:7000/vnc/t', viewOnly: false };

describe('prefetched viewer tickets', () => {
  it('asks once per session for a (not view-only) ticket and hands it out once', async () => {
    const openViewer = vi.fn(() => Promise.resolve(access));
    const tickets = createViewerTickets({ openViewer });
    tickets.prefetch('s1');
    tickets.prefetch('s1');
    expect(openViewer).toHaveBeenCalledTimes(1);
    expect(openViewer).toHaveBeenCalledWith('s1', { viewOnly: false });
    await expect(tickets.take('s1')).resolves.toEqual(access);
    expect(tickets.take('s1')).toBeUndefined();
    expect(tickets.take('other')).toBeUndefined();
  });

  it('does not hand out a ticket older than a viewer would wait for, and asks anew after it', () => {
    let now = 0;
    const openViewer = vi.fn(() => Promise.resolve(access));
    const tickets = createViewerTickets({ openViewer }, () => now);
    tickets.prefetch('s1');
    now = PREFETCHED_TICKET_MAX_AGE_MS;
    expect(tickets.take('s1')).toBeUndefined();
    tickets.prefetch('s1');
    now = PREFETCHED_TICKET_MAX_AGE_MS + 1;
    tickets.prefetch('s1');
    expect(openViewer).toHaveBeenCalledTimes(2);
    expect(tickets.take('s1')).toBeDefined();
  });

  it('leaves a refused ticket to the connect that takes it (no unhandled rejection)', async () => {
    const tickets = createViewerTickets({ openViewer: () => Promise.reject(new Error('gone')) });
    tickets.prefetch('s1');
    await expect(tickets.take('s1')).rejects.toThrow('gone');
  });
});
