// Pictures of the running sessions that the engine takes whether anyone views them or not: asked
// for every few seconds while the list is shown, as data URLs for the session cards.
import { useEffect, useState } from 'react';
import type { SessionDeckApi } from '../../../electron/shared/api';

export const THUMBNAIL_REFRESH_MS = 3_000;

/** Fetches each session's picture once now, then every `periodMs`; pictures of sessions no longer listed are dropped. */
export function useServedThumbnails(api: Pick<SessionDeckApi, 'getThumbnail'>, sessionIds: readonly string[], periodMs = THUMBNAIL_REFRESH_MS): Record<string, string> {
  const [pictures, setPictures] = useState<Record<string, string>>({});
  const key = sessionIds.join(',');
  useEffect(() => {
    const ids = key === '' ? [] : key.split(',');
    let cancelled = false;
    const refresh = async () => {
      const fetched = await Promise.all(
        ids.map(async (id) => {
          const picture = await api.getThumbnail(id).catch(() => null);
          return [id, picture ? `data:image/png;base64,${picture.png}` : undefined] as const;
        }),
      );
      if (cancelled) return;
      setPictures((previous) => {
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
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, key, periodMs]);
  return pictures;
}
