// Pictures of the running sessions that the engine takes whether anyone views them or not: asked
// for every few seconds while the list is shown, as data URLs for the session cards.
import { useEffect, useState } from 'react';
import type { SessionDeckApi } from '../../../electron/shared/api';

export const THUMBNAIL_REFRESH_MS = 3_000;

type ThumbnailApi = Pick<SessionDeckApi, 'getThumbnail'>;

/**
 * Fetches each session's picture now, then every `periodMs`, and updates the pictures after each
 * round (as React's state setter takes it): only these sessions keep one, and a session whose picture
 * cannot be had this time (an error, none yet, just ended) keeps its last. A round still waiting for
 * replies when the next is due is not doubled. Returns the stop, after which nothing more is fetched
 * or updated.
 */
export function watchServedThumbnails(
  api: ThumbnailApi,
  ids: readonly string[],
  periodMs: number,
  update: (next: (previous: Record<string, string>) => Record<string, string>) => void,
): () => void {
  let stopped = false;
  let inFlight = false;
  const refresh = async () => {
    if (inFlight) return;
    inFlight = true;
    const fetched = await Promise.all(
      ids.map(async (id) => {
        const picture = await api.getThumbnail(id).catch(() => null);
        return [id, picture ? `data:image/png;base64,${picture.png}` : undefined] as const;
      }),
    );
    inFlight = false;
    if (stopped) return;
    update((previous) => {
      const next: Record<string, string> = {};
      for (const [id, url] of fetched) {
        const kept = url ?? previous[id];
        if (kept !== undefined) next[id] = kept;
      }
      return next;
    });
  };
  void refresh();
  const timer = setInterval(() => void refresh(), periodMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** The pictures of these sessions, refreshed while mounted; pictures of sessions no longer listed are dropped. */
export function useServedThumbnails(api: ThumbnailApi, sessionIds: readonly string[], periodMs = THUMBNAIL_REFRESH_MS): Record<string, string> {
  const [pictures, setPictures] = useState<Record<string, string>>({});
  const key = sessionIds.join(',');
  useEffect(() => watchServedThumbnails(api, key === '' ? [] : key.split(','), periodMs, setPictures), [api, key, periodMs]);
  return pictures;
}
